package io.redline.alerts.delivery;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.dispatch.AlertStateStore;
import io.redline.alerts.stream.AlertLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes alerting records older than {@code redline.alerts.retention} once an hour, so the delivery log, the alert
 * log and the per-story state do not grow forever: finished deliveries, logged alerts, and story states not touched
 * for that long (a story quiet that long alerts again as new if it returns, which is what a desk would want).
 * Open deliveries (pending, scheduled, retrying, queued) are never deleted.
 */
@ApplicationScoped
public class AlertRetention {

    private static final Logger LOG = Logger.getLogger(AlertRetention.class);
    private static final int PAGE = 1000;
    private static final int MAX_PAGES = 100;

    private final ElasticsearchClient client;
    private final AlertIndices indices;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-retention");
        t.setDaemon(true);
        return t;
    });

    public AlertRetention(ElasticsearchClient client, AlertIndices indices, AlertsConfig config) {
        this.client = client;
        this.indices = indices;
        this.retention = config.retention();
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::sweep, 5, 60, TimeUnit.MINUTES);
    }

    /** One pass over the three indices; failures are logged and the next pass tries again. */
    void sweep() {
        try {
            if (indices.awaitReady(0, TimeUnit.SECONDS)) {
                sweep(clock.instant().minus(retention));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Alert retention pass failed (%s); next pass in an hour", e.getMessage());
        }
    }

    /** Deletes what is older than {@code cutoff}; returns how many records went. */
    long sweep(Instant cutoff) throws IOException {
        {
            long deliveries = delete(
                    DeliveryLog.INDEX,
                    Query.of(q -> q.bool(b -> b.filter(before("createdAt", cutoff))
                            .filter(f -> f.terms(t -> t.field("status")
                                    .terms(v -> v.value(List.of(
                                            FieldValue.of(Status.DELIVERED.name()),
                                            FieldValue.of(Status.DIGESTED.name()),
                                            FieldValue.of(Status.FAILED.name()),
                                            FieldValue.of(Status.GONE.name()),
                                            FieldValue.of(Status.SKIPPED.name())))))))));
            long states = delete(AlertStateStore.INDEX, before("updatedAt", cutoff));
            long alerts = delete(AlertLog.INDEX, before("dispatchedAt", cutoff));
            if (deliveries + states + alerts > 0) {
                LOG.infof(
                        "Alert retention (%s): deleted %d deliveries, %d story states, %d logged alerts",
                        retention, deliveries, states, alerts);
            }
            return deliveries + states + alerts;
        }
    }

    /**
     * Deletes the matching documents by pages of ids and bulk deletes: the Elasticsearch distribution the local stack
     * runs has no reindex module, so no {@code _delete_by_query}. At most {@link #MAX_PAGES} pages per index and
     * pass; the next pass goes on.
     */
    private long delete(String index, Query query) throws IOException {
        long deleted = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            SearchResponse<Void> hits = client.search(
                    s -> s.index(index).query(query).size(PAGE).source(src -> src.fetch(false)), Void.class);
            List<String> ids = hits.hits().hits().stream().map(Hit::id).toList();
            if (ids.isEmpty()) {
                break;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.WaitFor);
            ids.forEach(id -> bulk.operations(o -> o.delete(d -> d.index(index).id(id))));
            BulkResponse r = client.bulk(bulk.build());
            deleted += r.items().stream().filter(i -> i.error() == null).count();
            if (ids.size() < PAGE) {
                break;
            }
        }
        return deleted;
    }

    private static Query before(String field, Instant cutoff) {
        return Query.of(q -> q.range(r -> r.date(d -> d.field(field).lt(cutoff.toString()))));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
