package io.redline.alerts.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.dispatch.AlertProducer;
import io.redline.alerts.subscription.OwnerKeys;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.SubscriptionStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Makes delivery attempts: sends a held {@link Delivery} through its channel's sender and records the outcome in the
 * {@link DeliveryLog} (delivered; retry later with backoff and Retry-After; 410 disables the channel; permanent
 * failure or too many attempts go to {@code redline.alerts.dlq}).
 *
 * <p>Attempts run on a small pool of their own, so a slow receiver holds up neither the Kafka consumer nor other
 * receivers; each owner gets a bounded lane of that pool ({@link OwnerLanes}: {@code in-flight-per-owner} running,
 * {@code queued-per-owner} waiting), so one owner's slow webhook cannot take every thread. An attempt beyond its
 * owner's lane is not lost: its lease is released in the log, and the {@link DeliveryScheduler} sends it once the
 * lane has room. A worker holds a delivery by a lease written to the log; if the process dies mid-attempt the lease
 * runs out and the {@link DeliveryScheduler} of any instance takes it over (at-least-once, same webhook-id).
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    private final DeliveryLog log;
    private final SubscriptionStore store;
    private final ChannelSenders senders;
    private final AlertProducer producer;
    private final DeliverySchedule schedule;
    private final int maxAttempts;
    private final Duration lease;
    private final Clock clock;
    private final ExecutorService pool;
    private final MeterRegistry registry;
    private final Timer latency;

    @Inject
    OwnerKeys owners;

    private final OwnerLanes lanes;
    private final Counter deferred;

    @Inject
    public DeliveryService(
            DeliveryLog log,
            SubscriptionStore store,
            ChannelSenders senders,
            AlertProducer producer,
            MeterRegistry registry,
            AlertsConfig config) {
        this.log = log;
        this.store = store;
        this.senders = senders;
        this.producer = producer;
        this.schedule = new DeliverySchedule(
                config.backoff(), config.maxBackoff(), config.maxRetryAfter(), config.digestDailyAt());
        this.maxAttempts = config.maxAttempts();
        this.lease = config.lease();
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.latency = Timer.builder("redline.alerts.delivery.latency")
                .description("From matching an article to the receiver accepting the alert")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.deliveryThreads(), r -> {
            Thread t = new Thread(r, "alert-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.lanes = new OwnerLanes(
                config.quota().delivery().inFlightPerOwner(),
                config.quota().delivery().queuedPerOwner(),
                pool);
        this.deferred = Counter.builder("redline.alerts.delivery.deferred")
                .description("Deliveries left to the scheduler because their owner's delivery lane was full")
                .register(registry);
    }

    /** The due-time rules (backoff, quiet hours, digests). */
    public DeliverySchedule schedule() {
        return schedule;
    }

    /** How long a worker holds a delivery before another may take it over. */
    public Duration lease() {
        return lease;
    }

    /**
     * Attempts a delivery this process holds (its lease written) on the delivery pool, in its owner's lane; when
     * that lane is full, hands it back to the log for the scheduler instead.
     */
    public void submit(Versioned held) {
        String owner = ownerOf(held.delivery());
        if (!lanes.offer(owner, () -> run(held))) {
            defer(held, owner);
        }
    }

    /**
     * Releases the lease of a delivery its owner's lane has no room for, so it is due again at once; the scheduler
     * leaves the deliveries of owners whose lane is full alone ({@link #fullOwnersSubscriptions}) and takes it when
     * there is room. If the write fails the lease simply runs out: later, not lost.
     */
    private void defer(Versioned held, String owner) {
        deferred.increment();
        LOG.debugf(
                "Delivery %s: the lane of owner %s is full; left to the scheduler",
                held.delivery().id(), owner);
        try {
            log.replace(held, held.delivery().leased(clock.instant()));
        } catch (RuntimeException e) {
            LOG.debugf(
                    "Delivery %s: lease not released (%s); it is taken over when it ends",
                    held.delivery().id(), e);
        }
    }

    /** The owner whose lane a delivery uses (null: a subscription without owner, or one deleted meanwhile). */
    private String ownerOf(Delivery d) {
        Subscription s = store.find(d.subscriptionId());
        return s == null ? null : s.owner();
    }

    /** Whether {@link #submit} would run or queue a delivery of this subscription now rather than defer it. */
    public boolean hasRoom(String subscriptionId) {
        Subscription s = store.find(subscriptionId);
        return lanes.hasRoom(s == null ? null : s.owner());
    }

    /** The subscriptions of the owners whose lanes are full: the scheduler does not look at their deliveries. */
    public List<String> fullOwnersSubscriptions() {
        Set<String> full = lanes.full();
        if (full.isEmpty()) {
            return List.of();
        }
        return full.stream()
                .flatMap(o -> store.idsOwnedBy(o.isEmpty() ? null : o).stream())
                .toList();
    }

    private void run(Versioned held) {
        try {
            Versioned current = renewIfRunningOut(held);
            if (current == null) {
                // Queued past its lease, and the scheduler gave it to another attempt meanwhile: sending it here
                // too would deliver it twice.
                LOG.debugf(
                        "Delivery %s: lease taken over while queued; not sent here",
                        held.delivery().id());
                return;
            }
            attempt(current);
        } catch (RuntimeException e) {
            // The lease runs out and the scheduler retries it: nothing is lost, only delayed.
            LOG.warnf(
                    e,
                    "Delivery %s: attempt not recorded; it will be taken over when its lease ends",
                    held.delivery().id());
        }
    }

    /**
     * The delivery as held, with its lease written anew when less than half of it is left (it waited in the pool's
     * queue), so that the scheduler does not take it over while it is being sent; null when the lease already ran
     * out and another worker holds it now (the log's version changed).
     */
    Versioned renewIfRunningOut(Versioned held) {
        Instant now = clock.instant();
        Instant until = held.delivery().leaseUntil();
        if (until != null && now.isBefore(until.minus(lease.dividedBy(2)))) {
            return held;
        }
        return log.replace(held, held.delivery().leased(now.plus(lease)));
    }

    /**
     * Takes a due delivery found by the scheduler: writes a lease on it (null when another worker got there first)
     * and attempts it on the pool.
     */
    public boolean claimAndSubmit(Versioned due) {
        Versioned held = log.replace(due, due.delivery().leased(clock.instant().plus(lease)));
        if (held == null) {
            return false;
        }
        submit(held);
        return true;
    }

    /** Sends a held delivery once, now, on the calling thread, and records the outcome; returns what was written. */
    public Versioned attempt(Versioned held) {
        Delivery d = held.delivery();
        Instant now = clock.instant();
        Subscription s = store.find(d.subscriptionId());
        Channel c = s == null
                ? null
                : s.channels().stream()
                        .filter(ch -> ch.id().equals(d.channelId()))
                        .findFirst()
                        .orElse(null);
        String skip = s == null
                ? "subscription deleted"
                : !s.enabled()
                        ? "subscription disabled"
                        : c == null
                                ? "channel removed"
                                : !c.enabled()
                                        ? "channel disabled"
                                                + (c.disabledReason() == null ? "" : ": " + c.disabledReason())
                                        : null;
        if (skip == null && owners.suspended(s.owner())) {
            // Queued, scheduled or retrying before the owner's last key was revoked: not sent after it.
            skip = OwnerKeys.SUSPENDED_REASON;
        }
        if (skip != null) {
            count(d, "skipped");
            return record(held, d.with(Status.SKIPPED, d.attempts(), d.lastStatus(), skip, null, now, null, null));
        }
        DeliveryOutcome o = senders.send(s, c, d, now);
        int attempts = d.attempts() + 1;
        Instant done = clock.instant();
        return switch (o.result()) {
            case SUCCESS -> {
                count(d, "delivered");
                long ms = d.matchedAt() == null
                        ? 0
                        : Math.max(0, Duration.between(d.matchedAt(), done).toMillis());
                latency.record(Duration.ofMillis(ms));
                yield record(held, d.with(Status.DELIVERED, attempts, o.status(), null, null, done, done, ms));
            }
            case RETRYABLE -> {
                if (attempts >= maxAttempts) {
                    yield fail(held, d, attempts, o, "gave up after " + attempts + " attempts: " + o.reason(), done);
                }
                count(d, "retry");
                Instant next = done.plus(schedule.backoff(attempts, o.retryAfter(), ThreadLocalRandom.current()));
                yield record(held, d.with(Status.RETRYING, attempts, o.status(), o.reason(), next, next, null, null));
            }
            case GONE -> {
                count(d, "gone");
                String reason = "receiver answered 410 Gone at " + done + "; channel disabled";
                store.disableChannel(d.subscriptionId(), d.channelId(), reason);
                LOG.infof("Subscription %s channel %s disabled: %s", d.subscriptionId(), d.channelId(), reason);
                yield record(held, d.with(Status.GONE, attempts, o.status(), reason, null, done, null, null));
            }
            case PERMANENT -> fail(held, d, attempts, o, o.reason(), done);
        };
    }

    private Versioned fail(Versioned held, Delivery d, int attempts, DeliveryOutcome o, String reason, Instant now) {
        count(d, "failed");
        Delivery failed = d.with(Status.FAILED, attempts, o.status(), reason, null, now, null, null);
        try {
            // The DLQ first: if this fails the lease runs out and the attempt is repeated, so it is never lost.
            producer.deadLetter(
                    d.id(), Map.of("delivery", failed, "reason", reason, "failedAt", now.toString()), reason);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter delivery " + d.id() + ": " + e.getMessage(), e);
        }
        LOG.warnf(
                "Delivery %s to subscription %s channel %s failed: %s",
                d.id(), d.subscriptionId(), d.channelId(), reason);
        return record(held, failed);
    }

    private Versioned record(Versioned held, Delivery next) {
        Versioned written = log.replace(held, next);
        if (written == null) {
            LOG.warnf(
                    "Delivery %s changed while being sent (lease ran out?); outcome %s not recorded",
                    next.id(), next.status());
        }
        return written;
    }

    private void count(Delivery d, String outcome) {
        Counter.builder("redline.alerts.deliveries")
                .description("Delivery attempts by channel type and outcome")
                .tag("channel", String.valueOf(d.channelType()).toLowerCase())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /**
     * Sends a delivery again now (the API's replay): resets its attempts and sends it once on the calling thread,
     * whatever its state; the receiver sees the same webhook-id. Null when it is unknown or changed meanwhile.
     */
    public Versioned replay(String id) {
        Versioned current = log.get(id);
        if (current == null) {
            return null;
        }
        Instant now = clock.instant();
        Delivery d = current.delivery();
        Versioned held = log.replace(
                current, d.with(Status.PENDING, 0, d.lastStatus(), d.lastError(), now, now.plus(lease), null, null));
        return held == null ? null : attempt(held);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
