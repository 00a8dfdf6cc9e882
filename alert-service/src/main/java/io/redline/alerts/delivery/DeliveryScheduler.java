package io.redline.alerts.delivery;

import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.contracts.Alert;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every tick, finds in the {@link DeliveryLog} what has become due and hands it to the {@link DeliveryService}:
 * retries whose backoff has passed, alerts held back by quiet hours, deliveries whose worker died (lease expired),
 * and digests, built from the queued alerts of one subscription channel once their digest time has come.
 *
 * <p>Any number of instances may run it: a delivery is taken with a conditional write, and a digest's id is derived
 * from the alerts it contains, so two instances building the same digest make one delivery.
 */
@ApplicationScoped
public class DeliveryScheduler {

    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class);
    private static final int BATCH = 200;
    /** Most alerts in one digest (the rest go into the next one, a tick later). */
    static final int MAX_DIGEST_ALERTS = 500;

    private final DeliveryLog log;
    private final DeliveryService service;
    private final SubscriptionStore store;
    private final AlertIndices indices;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-scheduler");
        t.setDaemon(true);
        return t;
    });

    public DeliveryScheduler(
            DeliveryLog log,
            DeliveryService service,
            SubscriptionStore store,
            AlertIndices indices,
            AlertsConfig config) {
        this.log = log;
        this.service = service;
        this.store = store;
        this.indices = indices;
        this.interval = config.schedulerInterval();
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass: due deliveries, then due digests. Failures (Elasticsearch away) are logged and retried next tick. */
    void tick() {
        try {
            if (!indices.awaitReady(0, TimeUnit.SECONDS)) {
                return;
            }
            Instant now = clock.instant();
            // Owners whose delivery lane is full are left out, so their backlog cannot crowd out the others' due
            // deliveries; theirs stay due in the log until the lane has room.
            for (Versioned v : log.due(now, BATCH, service.fullOwnersSubscriptions())) {
                if (service.hasRoom(v.delivery().subscriptionId())) {
                    service.claimAndSubmit(v);
                }
            }
            digests(now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Alert scheduler pass failed (%s); next pass in %s", e.getMessage(), interval);
        }
    }

    /** Groups the due queued alerts by subscription channel into one digest each and sends those. */
    void digests(Instant now) {
        Map<String, List<Versioned>> groups = new LinkedHashMap<>();
        for (Versioned hit : log.queuedDue(now, MAX_DIGEST_ALERTS)) {
            // The search reads the refreshed index, up to one refresh behind: an alert the previous pass just put
            // in a digest can still look queued there, and would go out again in a digest of its own. The get is
            // real-time.
            Versioned v = log.get(hit.delivery().id());
            if (v == null || v.delivery().status() != Status.QUEUED) {
                continue;
            }
            groups.computeIfAbsent(
                            v.delivery().subscriptionId() + "|" + v.delivery().channelId(), k -> new ArrayList<>())
                    .add(v);
        }
        for (List<Versioned> group : groups.values()) {
            sendDigest(group, now);
        }
    }

    private void sendDigest(List<Versioned> group, Instant now) {
        Delivery first = group.get(0).delivery();
        Subscription s = store.find(first.subscriptionId());
        List<Alert> alerts = group.stream()
                .map(v -> v.delivery().alert())
                .sorted(Comparator.comparing(Alert::matchedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        Instant start = group.stream()
                .map(v -> v.delivery().matchedAt())
                .filter(t -> t != null)
                .min(Comparator.naturalOrder())
                .orElse(now);
        Instant end = group.stream()
                .map(v -> v.delivery().digestDueAt())
                .max(Comparator.naturalOrder())
                .orElse(now);
        // The id covers the alerts themselves: a late alert of the same period makes a digest of its own rather than
        // being marked as sent in a digest that went out without it.
        String digestId = "dig_"
                + AlertFactory.hash(first.subscriptionId() + "|" + first.channelId() + "|"
                                + String.join(
                                        ",",
                                        group.stream()
                                                .map(v -> v.delivery().id())
                                                .sorted()
                                                .toList()))
                        .substring(0, 32);
        AlertDigest digest = new AlertDigest(
                digestId,
                first.subscriptionId(),
                s == null ? first.alert().subscriptionName() : s.name(),
                start,
                end,
                alerts);
        Delivery d = new Delivery(
                Delivery.idFor(digestId, first.channelId()),
                Delivery.DIGEST,
                first.subscriptionId(),
                first.channelId(),
                first.channelType(),
                Status.PENDING,
                0,
                null,
                null,
                now,
                start,
                now,
                now.plus(service.lease()),
                null,
                null,
                end,
                null,
                null,
                digest);
        Versioned created = log.create(d);
        for (Versioned v : group) {
            log.replace(v, v.delivery().digested(digestId)); // a lost race means another instance marked it
        }
        if (created != null) {
            service.submit(created);
        }
        // else: an earlier pass made it and died before marking; the lease ends and the due query resends if needed
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
