package io.redline.alerts.dispatch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Alerts held until their story has a subscription's minimum of independent outlets (Elasticsearch index
 * {@code redline-alert-held}, document id {@code <subscriptionId>|<storyId>}, beside the alert state), so every
 * instance and a restart see the same holds.
 */
@ApplicationScoped
public class HeldAlerts {

    /** The index (created at start-up by {@code AlertIndices}). */
    public static final String INDEX = "redline-alert-held";

    /** Most holds one release look-up reads for a batch's stories. */
    static final int MAX_RELEASED = 1_000;

    /** A held alert: the match that would have fired, and the outlets its subscription waits for. */
    public record Held(String subscriptionId, String storyId, int minOutlets, Instant heldAt, Alert alert) {}

    private final ElasticsearchClient client;

    public HeldAlerts(ElasticsearchClient client) {
        this.client = client;
    }

    /** Holds {@code alert} (the latest match of its story replaces an earlier hold, keeping the freshest evidence). */
    public void hold(Alert alert, int minOutlets, Instant now) {
        Held held = new Held(alert.subscriptionId(), alert.storyId(), minOutlets, now, alert);
        try {
            client.index(i -> i.index(INDEX)
                    .id(AlertFactory.key(alert.subscriptionId(), alert.storyId()))
                    // Searchable before the batch is acknowledged: the next article of the story may come at once.
                    .refresh(Refresh.WaitFor)
                    .document(held));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The holds of {@code storyIds} waiting for at most {@code outlets} outlets: those a story with that many now
     * releases. One search.
     */
    public List<Held> due(Collection<String> storyIds, int outlets) {
        if (storyIds.isEmpty()) {
            return List.of();
        }
        try {
            SearchResponse<Held> response = client.search(
                    s -> s.index(INDEX)
                            .size(MAX_RELEASED)
                            .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("storyId")
                                            .terms(v -> v.value(storyIds.stream()
                                                    .map(FieldValue::of)
                                                    .toList()))))
                                    .filter(f -> f.range(r ->
                                            r.number(n -> n.field("minOutlets").lte((double) outlets)))))),
                    Held.class);
            List<Held> out = new ArrayList<>();
            for (Hit<Held> hit : response.hits().hits()) {
                if (hit.source() != null) {
                    out.add(hit.source());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a hold once its corroborated alert is on the broker (a crash before repeats it: same alert id). */
    public void release(Held held) {
        try {
            client.delete(d -> d.index(INDEX)
                    .id(AlertFactory.key(held.subscriptionId(), held.storyId()))
                    .refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
