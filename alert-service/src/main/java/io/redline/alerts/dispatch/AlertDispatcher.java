package io.redline.alerts.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.delivery.AlertIndices;
import io.redline.alerts.delivery.Delivery;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog;
import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.delivery.DeliverySchedule;
import io.redline.alerts.delivery.DeliveryService;
import io.redline.alerts.dispatch.AlertStateStore.Read;
import io.redline.alerts.dispatch.AlertStateStore.StoryState;
import io.redline.alerts.stream.AlertLog;
import io.redline.alerts.stream.AlertLogUnavailableException;
import io.redline.alerts.subscription.OwnerKeys;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.common.elasticsearch.EsErrors;
import io.redline.common.retry.Backoff;
import io.redline.contracts.Alert;
import io.redline.contracts.EscalationLevel;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.alerts} (consumer group {@code redline-alert-dispatcher}; one subscription's alerts of one
 * story always on one partition, so in order) and decides what is delivered: the first alert of a story, and later
 * ones only when the story's level rose (an update). For each, it writes one delivery per enabled channel to the
 * {@link DeliveryLog} (due now, after the quiet hours, or queued for the digest) and records the alert in the
 * {@link AlertLog} the live stream and feeds read, before acknowledging the record,
 * then hands the ones due now to the {@link DeliveryService}.
 *
 * <p>Restart-safe: the deliveries are written before the story state, and both before the offset is committed; a
 * record seen again after a crash finds its deliveries by id and makes no second one.
 */
@ApplicationScoped
public class AlertDispatcher {

    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class);

    /** Channel name shared by code and config. */
    public static final String IN = "alerts";

    private final ObjectMapper json;
    private final SubscriptionStore store;
    private final AlertStateStore state;
    private final DeliveryLog log;
    private final DeliveryService service;
    private final AlertIndices indices;
    private final AlertLog alertLog;
    private final Clock clock = Clock.systemUTC();
    private final Counter dispatched;
    private final Counter suppressed;
    private final Counter deadLettered;
    private final Backoff backoff;
    private final int attempts;
    private final Duration retryFor;

    @Inject
    OwnerKeys owners;

    /** The per-owner alerts-per-hour quota. */
    @jakarta.inject.Inject
    io.redline.alerts.quota.AlertRate rate;

    public AlertDispatcher(
            ObjectMapper json,
            SubscriptionStore store,
            AlertStateStore state,
            DeliveryLog log,
            DeliveryService service,
            AlertIndices indices,
            AlertLog alertLog,
            MeterRegistry registry,
            AlertsConfig config) {
        this.alertLog = alertLog;
        this.backoff = new Backoff(
                config.dispatch().retryBackoff(),
                Duration.ofSeconds(30).compareTo(config.dispatch().retryBackoff()) < 0
                        ? config.dispatch().retryBackoff()
                        : Duration.ofSeconds(30));
        this.attempts = Math.max(1, config.dispatch().attempts());
        this.retryFor = config.dispatch().retryFor();
        this.json = json;
        this.store = store;
        this.state = state;
        this.log = log;
        this.service = service;
        this.indices = indices;
        this.dispatched = Counter.builder("redline.alerts.dispatched")
                .description("Alerts passed story dedupe (new stories and level rises)")
                .register(registry);
        this.suppressed = Counter.builder("redline.alerts.suppressed")
                .description("Alerts dropped: story already alerted at this level or higher, subscription gone")
                .register(registry);
        this.deadLettered = Counter.builder("redline.alerts.dispatch.dead-lettered")
                .description("Alerts given up on after their retries and sent to redline.alerts.dlq with the reason")
                .register(registry);
    }

    @Incoming(IN)
    @Blocking
    public CompletionStage<Void> dispatch(Message<String> in) {
        Alert alert;
        try {
            alert = json.readValue(in.getPayload(), Alert.class);
            if (alert == null
                    || alert.id() == null
                    || alert.subscriptionId() == null
                    || alert.storyId() == null
                    || alert.level() == null) {
                throw new IllegalArgumentException("alert without id, subscription, story or level");
            }
        } catch (Exception e) {
            return in.nack(new IllegalArgumentException("not an alert/1 record: " + e.getMessage(), e));
        }
        try {
            return dispatchWithRetries(in, alert);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
    }

    /**
     * Dispatches one alert, retrying with backoff: a failure that may pass (Elasticsearch away or overloaded) for up
     * to {@code redline.alerts.dispatch.retry-for}, any other (a document Elasticsearch refuses, a bug) for
     * {@code redline.alerts.dispatch.attempts} attempts. Then the record is nacked, which the channel's
     * dead-letter-queue strategy turns into a {@code redline.alerts.dlq} record with the reason, and the partition
     * moves on instead of stalling behind a record that can never pass.
     */
    private CompletionStage<Void> dispatchWithRetries(Message<String> in, Alert alert) throws InterruptedException {
        Backoff.Waits waits = backoff.waits();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                while (!indices.awaitReady(10, TimeUnit.SECONDS)) {
                    LOG.info("Alert dispatch waits for the alert indices");
                }
                List<Versioned> now = decide(alert);
                CompletionStage<Void> ack = in.ack();
                now.forEach(service::submit);
                return ack;
            } catch (RuntimeException e) {
                boolean mayPass = mayPass(e);
                boolean timeUp = !retryFor.isZero()
                        && System.nanoTime() - started + waits.nextMs() * 1_000_000 > retryFor.toNanos();
                if (mayPass ? timeUp : attempt >= attempts) {
                    String reason = (mayPass
                                    ? "still failing after " + attempt + " attempts in " + retryFor
                                    : "not retriable, gave up after " + attempt + " attempts")
                            + ": " + e.getMessage();
                    LOG.errorf(e, "Alert %s dead-lettered: %s", alert.id(), reason);
                    deadLettered.increment();
                    return in.nack(new DispatchFailedException(reason, e));
                }
                LOG.warnf(
                        "Dispatching alert %s failed (attempt %d, %s): %s; retrying in %d ms",
                        alert.id(), attempt, mayPass ? "may pass" : "not retriable", e.getMessage(), waits.nextMs());
            }
            waits.sleep();
        }
    }

    /**
     * Whether a failure may pass if the alert is dispatched again: no answer from Elasticsearch (I/O), 408, 429 or
     * 5xx, or the alert log unavailable. Anything else (400: a document refused, a bug) fails the same way again.
     */
    static boolean mayPass(Throwable e) {
        if (e instanceof AlertLogUnavailableException) {
            return true;
        }
        int status = EsErrors.httpStatus(e);
        if (status != -1) {
            return status == 408 || status == 429 || status >= 500;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Why an alert was given up on; its message is the dead-letter reason. */
    static final class DispatchFailedException extends RuntimeException {
        DispatchFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Story dedupe and the deliveries of one alert; returns those due now, held by this process. */
    List<Versioned> decide(Alert alert) {
        Subscription s = store.find(alert.subscriptionId());
        if (s == null || !s.enabled()) {
            suppressed.increment();
            return List.of();
        }
        if (owners.skips(s)) {
            return List.of(); // its owner has no active API key: suspended, nothing delivered or logged
        }
        while (true) {
            Read read = state.read(alert.subscriptionId(), alert.storyId());
            EscalationLevel previous =
                    read.state() == null ? null : read.state().level();
            if (previous != null && alert.level().compareTo(previous) <= 0) {
                suppressed.increment();
                return List.of(); // this story was alerted at this level or higher already
            }
            Alert out = previous == null ? alert : AlertFactory.asUpdate(alert, previous);
            if (!rate.admit(s.owner())) {
                // The owner's alerts-per-hour quota is used up: not delivered, nor logged, counted as suppressed
                // (AlertRate). No story state is written, so the story alerts again once the owner is under it.
                return List.of();
            }
            Instant now = clock.instant();
            // The pull channels (SSE stream, JSON Feed, RSS) read the alert log; idempotent by alert id.
            alertLog.record(out, now);
            List<Versioned> dueNow = new ArrayList<>();
            for (Channel c : s.channels()) {
                if (!c.enabled()) {
                    continue;
                }
                Versioned v = log.create(delivery(s, c, out, now));
                if (v != null && v.delivery().status() == Status.PENDING) {
                    dueNow.add(v);
                }
            }
            if (state.write(
                    read, new StoryState(alert.subscriptionId(), alert.storyId(), out.level(), out.id(), now))) {
                dispatched.increment();
                return dueNow;
            }
            // Another dispatcher moved this story on meanwhile (a rebalance overlap): decide again on its state.
            // The deliveries made above are keyed by alert id, so deciding again cannot duplicate them.
        }
    }

    /** The delivery of an alert to one channel: due now, after the quiet hours, or queued for the digest. */
    private Delivery delivery(Subscription s, Channel c, Alert alert, Instant now) {
        DeliverySchedule schedule = service.schedule();
        String id = Delivery.idFor(alert.id(), c.id());
        if (s.mode() != Mode.IMMEDIATE) {
            return new Delivery(
                    id,
                    Delivery.ALERT,
                    s.id(),
                    c.id(),
                    c.type(),
                    Status.QUEUED,
                    0,
                    null,
                    null,
                    now,
                    alert.matchedAt(),
                    null,
                    now,
                    null,
                    null,
                    schedule.digestAt(s, now),
                    null,
                    alert,
                    null);
        }
        Instant at = schedule.immediateAt(s, now);
        boolean quiet = at.isAfter(now);
        // Due now: leased to this process, which sends it right away; after the quiet hours: for the scheduler.
        return new Delivery(
                id,
                Delivery.ALERT,
                s.id(),
                c.id(),
                c.type(),
                quiet ? Status.SCHEDULED : Status.PENDING,
                0,
                null,
                null,
                now,
                alert.matchedAt(),
                at,
                quiet ? now : now.plus(service.lease()),
                null,
                null,
                null,
                null,
                alert,
                null);
    }
}
