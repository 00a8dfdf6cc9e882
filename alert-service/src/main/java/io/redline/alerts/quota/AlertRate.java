package io.redline.alerts.quota;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.alerts.stream.AlertLog;
import io.redline.alerts.subscription.SubscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The alerts-per-hour quota: decides at dispatch whether one more alert of an owner may go out, counting the owner's
 * alerts of the last hour in the alert log ({@code redline-alerts}), which every instance writes, so the count covers
 * the alerts of all instances.
 *
 * <p>The count is read again at most every {@link #RECOUNT} per owner; in between this instance adds its own alerts.
 * What other instances dispatch in that window (and within the log's refresh interval) is seen only at the next
 * read, so with N instances an owner may overshoot the limit by what the others dispatch in about 10 s.
 */
@ApplicationScoped
public class AlertRate {

    private static final Logger LOG = Logger.getLogger(AlertRate.class);
    static final Duration HOUR = Duration.ofHours(1);
    /** How long an owner's count from the alert log is trusted (plus this instance's own alerts since). */
    static final Duration RECOUNT = Duration.ofSeconds(10);
    /** Alerts of this instance that may not be visible in the log's count yet (its refresh interval, with margin). */
    static final Duration REFRESH_LAG = Duration.ofSeconds(2);
    /** What a refused test send is told to wait: the oldest alerts of the hour drop out gradually. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final ElasticsearchClient client;
    private final Quotas quotas;
    private final SubscriptionStore store;
    private final Clock clock;
    private final Counter suppressedTotal;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    public AlertRate(ElasticsearchClient client, Quotas quotas, SubscriptionStore store, MeterRegistry registry) {
        this(client, quotas, store, registry, Clock.systemUTC());
    }

    AlertRate(ElasticsearchClient client, Quotas quotas, SubscriptionStore store, MeterRegistry registry, Clock clock) {
        this.client = client;
        this.quotas = quotas;
        this.store = store;
        this.clock = clock;
        this.suppressedTotal = Counter.builder("redline.alerts.quota.suppressed")
                .description("Alerts not dispatched because their owner reached the alerts-per-hour quota")
                .register(registry);
    }

    /** One owner's count: the last read of the alert log and this instance's alerts since. */
    private static final class Window {
        long counted;
        Instant countedAt;
        final Deque<Instant> local = new ArrayDeque<>();
        long suppressed;
    }

    /**
     * Whether one more alert of {@code owner} may be dispatched now; counts it when so, and counts it as suppressed
     * when not (metric {@code redline_alerts_quota_suppressed_total}, {@link #suppressed}).
     */
    public boolean admit(String owner) {
        int limit = quotas.limitsFor(owner).alertsPerHour();
        Window w = windows.computeIfAbsent(key(owner), k -> new Window());
        synchronized (w) {
            Instant now = clock.instant();
            long used = used(owner, w, now);
            if (used >= limit) {
                w.suppressed++;
                suppressedTotal.increment();
                if (w.suppressed == 1 || w.suppressed % 100 == 0) {
                    LOG.warnf(
                            "Owner %s reached the alerts-per-hour quota (%d): %d alerts suppressed on this instance",
                            owner, limit, w.suppressed);
                }
                return false;
            }
            w.local.addLast(now);
            return true;
        }
    }

    /**
     * Refuses with 429 (naming {@code alerts-per-hour}) when {@code owner} has used up the hour's alerts: a test send
     * is an alert to the same receivers, so it must not get round the limit.
     */
    public void refuseWhenExhausted(String owner) {
        QuotaLimits limits = quotas.limitsFor(owner);
        long used = lastHour(owner);
        if (used >= limits.alertsPerHour()) {
            QuotaOverride o = quotas.override(owner);
            boolean overridden = o != null && o.alertsPerHour() != null;
            throw new QuotaExceededException(
                    429,
                    Limit.ALERTS_PER_HOUR.limitName(),
                    limits.alertsPerHour(),
                    Limit.ALERTS_PER_HOUR.setting(),
                    RETRY_AFTER.toSeconds(),
                    "owner '" + owner + "' has had " + used + " alerts in the last hour: the limit "
                            + Limit.ALERTS_PER_HOUR.limitName() + " is " + limits.alertsPerHour() + " ("
                            + QuotaExceededException.source(Limit.ALERTS_PER_HOUR, overridden) + ")");
        }
    }

    /** The owner's alerts in the last hour, as far as this instance knows. */
    public long lastHour(String owner) {
        Window w = windows.computeIfAbsent(key(owner), k -> new Window());
        synchronized (w) {
            return used(owner, w, clock.instant());
        }
    }

    /** Alerts of {@code owner} this instance suppressed since it started. */
    public long suppressed(String owner) {
        Window w = windows.get(key(owner));
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            return w.suppressed;
        }
    }

    private long used(String owner, Window w, Instant now) {
        if (w.countedAt == null || !now.isBefore(w.countedAt.plus(RECOUNT))) {
            try {
                w.counted = count(owner, now.minus(HOUR));
                w.countedAt = now;
            } catch (Exception e) {
                // Elasticsearch away: dispatch waits for it anyway; keep the last count and this instance's own.
                LOG.debugf("Counting the alerts of %s failed (%s); using the last count", owner, e.toString());
            }
        }
        Instant oldest = now.minus(HOUR);
        // Own alerts older than the read (minus the refresh lag) are in the count already.
        Instant counted = w.countedAt == null ? oldest : w.countedAt.minus(REFRESH_LAG);
        while (!w.local.isEmpty()
                && (w.local.peekFirst().isBefore(oldest) || w.local.peekFirst().isBefore(counted))) {
            w.local.removeFirst();
        }
        return w.counted + w.local.size();
    }

    /** The alerts of the owner's subscriptions dispatched since {@code since}, from the alert log. */
    long count(String owner, Instant since) throws java.io.IOException {
        List<String> ids = store.idsOwnedBy(owner);
        if (ids.isEmpty()) {
            return 0;
        }
        Query bySubscription = Query.of(q -> q.terms(t -> t.field("subscriptionId")
                .terms(v -> v.value(ids.stream().map(FieldValue::of).toList()))));
        Query recent = Query.of(q -> q.range(r -> r.date(d ->
                d.field("dispatchedAt").gte(Long.toString(since.toEpochMilli())).format("epoch_millis"))));
        return client.count(c -> c.index(AlertLog.INDEX)
                        .ignoreUnavailable(true)
                        .query(q -> q.bool(b -> b.filter(bySubscription).filter(recent))))
                .count();
    }

    private static String key(String owner) {
        return owner == null ? "" : owner;
    }
}
