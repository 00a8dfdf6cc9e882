package io.redline.alerts.brief;

import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.delivery.AlertIndices;
import io.redline.alerts.subscription.OwnerKeys;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.SubscriptionStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every minute, sends the scheduled briefs that have become due ({@link BriefDue}); the claim in Elasticsearch makes
 * each go out once however many instances run this, restart or crash ({@link BriefClaims}: a claim whose holder died
 * before queuing the brief is retaken after its lease).
 */
@ApplicationScoped
public class BriefScheduler {

    private static final Logger LOG = Logger.getLogger(BriefScheduler.class);
    private static final long INTERVAL_SECONDS = 60;

    private final SubscriptionStore store;
    private final Briefs briefs;
    private final AlertIndices indices;
    private final OwnerKeys owners;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "brief-scheduler");
        t.setDaemon(true);
        return t;
    });

    public BriefScheduler(SubscriptionStore store, Briefs briefs, AlertIndices indices, OwnerKeys owners) {
        this.store = store;
        this.briefs = briefs;
        this.indices = indices;
        this.owners = owners;
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::tick, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            if (indices.awaitReady(0, TimeUnit.SECONDS)) {
                runDue(clock.instant());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Brief scheduler pass failed (%s); next pass in %d s", e.getMessage(), INTERVAL_SECONDS);
        }
    }

    /**
     * One pass at {@code now} (also the clock of the claims' leases): claims and sends each due brief, and retakes
     * the due ones whose claim's lease ran out unqueued; returns those this pass sent (the ones claimed before are
     * left out). A failing subscription is logged and does not stop the others.
     */
    public List<BriefSender.Sent> runDue(Instant now) {
        List<BriefSender.Sent> sent = new ArrayList<>();
        for (Subscription s : store.list()) {
            BriefDue due = BriefDue.at(s, now);
            if (due == null || owners.suspended(s.owner())) {
                continue;
            }
            try {
                BriefSender.Sent one = briefs.sendScheduled(s, due, now);
                if (one != null) {
                    sent.add(one);
                }
            } catch (Exception e) {
                LOG.warnf("Brief of subscription %s for %s not sent: %s", s.id(), due.date(), e.toString());
            }
        }
        return sent;
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
