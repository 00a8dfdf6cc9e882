package io.redline.alerts.delivery;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.dispatch.AlertStateStore;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.common.retry.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Creates the alerting indices (the delivery log and the per-story alert state) with their explicit mappings, in the
 * background at start-up so the search API does not wait for them; delivery waits ({@link #awaitReady}).
 */
@ApplicationScoped
public class AlertIndices {

    private static final Logger LOG = Logger.getLogger(AlertIndices.class);

    private final ElasticsearchClient client;
    private final IndexSettings indexSettings;
    private final CountDownLatch ready = new CountDownLatch(1);

    public AlertIndices(ElasticsearchClient client, IndexSettings indexSettings) {
        this.client = client;
        this.indexSettings = indexSettings;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::create, "alert-indices");
        t.setDaemon(true);
        t.start();
    }

    private void create() {
        try {
            Backoff.fixed(Duration.ofSeconds(2)).untilDone(LOG, "Creating the alert indices", () -> {
                ensure(DeliveryLog.INDEX);
                ensure(AlertStateStore.INDEX);
                ensure(io.redline.alerts.dispatch.HeldAlerts.INDEX);
                ensure(io.redline.alerts.brief.BriefClaims.INDEX);
                // A delivery log made before briefs existed lacks the field (its mapping is strict); adding it again
                // with the same definition is a no-op.
                client.indices()
                        .putMapping(m ->
                                m.index(DeliveryLog.INDEX).properties("brief", p -> p.object(o -> o.enabled(false))));
                return null;
            });
            ready.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        }
    }

    private void ensure(String index) throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return;
        }
        try (InputStream mapping = AlertIndices.class.getResourceAsStream("/elasticsearch/" + index + ".json")) {
            client.indices().create(c -> c.index(index).withJson(indexSettings.apply(mapping)));
            LOG.infof("Created index %s", index);
        } catch (ElasticsearchException e) {
            // Two instances starting together: the loser sees resource_already_exists, which is fine.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /** Waits until the alerting indices exist; false on time-out. */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }
}
