package io.redline.alerts.dispatch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.redline.common.elasticsearch.EsErrors;
import io.redline.contracts.EscalationLevel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The highest level alerted so far per subscription and story (Elasticsearch index {@code redline-alert-state},
 * document id {@code <subscriptionId>|<storyId>}): what makes a story alert once, and again only when its level
 * rises. Real-time get by id, and writes guarded by sequence numbers, so two dispatchers never both win.
 */
@ApplicationScoped
public class AlertStateStore {

    /** The index (created at start-up by {@code AlertIndices}). */
    public static final String INDEX = "redline-alert-state";

    /** The stored state of one story for one subscription. */
    public record StoryState(
            String subscriptionId, String storyId, EscalationLevel level, String alertId, Instant updatedAt) {}

    /** A state with the version it was read at; {@code state} null when the story was never alerted. */
    public record Read(StoryState state, Long seqNo, Long primaryTerm) {}

    private final ElasticsearchClient client;

    public AlertStateStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** The current state of a story for a subscription. */
    public Read read(String subscriptionId, String storyId) {
        try {
            GetResponse<StoryState> g =
                    client.get(b -> b.index(INDEX).id(AlertFactory.key(subscriptionId, storyId)), StoryState.class);
            return g.found() ? new Read(g.source(), g.seqNo(), g.primaryTerm()) : new Read(null, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records that {@code next} was alerted, if the state is still what {@code read} saw; false when another
     * dispatcher changed it meanwhile (read again and decide again).
     */
    public boolean write(Read read, StoryState next) {
        String id = AlertFactory.key(next.subscriptionId(), next.storyId());
        try {
            if (read.state() == null) {
                client.index(i -> i.index(INDEX).id(id).opType(OpType.Create).document(next));
            } else {
                client.index(i -> i.index(INDEX)
                        .id(id)
                        .ifSeqNo(read.seqNo())
                        .ifPrimaryTerm(read.primaryTerm())
                        .document(next));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }
}
