package io.redline.alerts.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.alerts.match.SubscriptionMatcher.SubscriptionMatch;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.common.kafka.KafkaSends;
import io.redline.common.retry.Backoff;
import io.redline.contracts.Alert;
import io.redline.contracts.IndexedArticle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Runs each freshly indexed article through every subscription (the in-process {@link SubscriptionMatcher}) and
 * publishes one {@link Alert} per match to {@code redline.alerts}, before {@link IndexedArticleConsumer}
 * acknowledges the article: an indexed article is never passed over without its alerts being on the broker.
 */
@ApplicationScoped
public class AlertMatching {

    private static final Logger LOG = Logger.getLogger(AlertMatching.class);

    private static final Duration MAX_MATCH_BACKOFF = Duration.ofSeconds(10);

    /** Finds the subscriptions one article matches: the matcher in service, a failing one in a fault test. */
    @FunctionalInterface
    interface Matches {
        List<SubscriptionMatch> of(IndexedArticle doc);
    }

    private final Matches matcher;
    private final SubscriptionStore store;
    private final AlertProducer producer;
    private final HeldAlerts held;
    private final AlertFactory factory;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();
    private final Timer matchTime;
    private final Counter published;
    private final int matchAttempts;
    private final Backoff matchBackoff;

    @Inject
    public AlertMatching(
            SubscriptionMatcher matcher,
            SubscriptionStore store,
            AlertProducer producer,
            HeldAlerts held,
            MeterRegistry registry,
            AlertsConfig config) {
        this(matcher::matchWithHighlights, store, producer, held, registry, config);
    }

    AlertMatching(
            Matches matcher,
            SubscriptionStore store,
            AlertProducer producer,
            HeldAlerts held,
            MeterRegistry registry,
            AlertsConfig config) {
        this.held = held;
        this.matcher = matcher;
        this.store = store;
        this.producer = producer;
        this.factory = new AlertFactory(config.apiBaseUrl());
        this.enabled = config.enabled();
        this.matchAttempts = Math.max(1, config.match().attempts());
        Duration first = config.match().retryBackoff();
        this.matchBackoff = new Backoff(first, first.compareTo(MAX_MATCH_BACKOFF) > 0 ? first : MAX_MATCH_BACKOFF);
        this.matchTime = Timer.builder("redline.alerts.match.time")
                .description("Matching one article against every subscription")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.published = Counter.builder("redline.alerts.published")
                .description("Alerts published to redline.alerts (before story dedupe)")
                .register(registry);
    }

    /**
     * Matches an article just indexed and publishes its alerts; returns once the broker has them, retrying with
     * backoff while it is away (the consumer of indexed articles waits meanwhile).
     */
    public void onIndexed(IndexedArticle doc) throws InterruptedException {
        onIndexed(List.of(doc));
    }

    /**
     * {@link #onIndexed(IndexedArticle)} for a batch of articles, publishing all their alerts together. An article
     * whose matching throws is matched again with backoff ({@code redline.alerts.match.*}). Returns the articles that
     * raised no alert because matching them failed on every attempt or the broker refused one of their alerts for
     * good, by article id with why, for the caller to dead-letter: one bad article never holds up the others.
     */
    public Map<String, String> onIndexed(List<IndexedArticle> docs) throws InterruptedException {
        if (!enabled || docs.isEmpty()) {
            return Map.of();
        }
        // Alerts must not be missed because the subscriptions were not read yet at start-up.
        while (!store.awaitLoaded(Duration.ofSeconds(30))) {
            LOG.warn("Matching waits for the subscriptions to be read from Kafka");
        }
        Map<String, String> failed = new LinkedHashMap<>();
        Map<ProducerRecord<String, String>, String> alerts = new LinkedHashMap<>();
        // A match that throws is tried again with backoff, and given up on (for the caller to dead-letter with the
        // reason) only after the configured attempts: a passing fault must not cost an article its alerts.
        List<IndexedArticle> todo = docs;
        Backoff.Waits waits = matchBackoff.waits();
        for (int attempt = 1; !todo.isEmpty(); attempt++) {
            List<IndexedArticle> again = new ArrayList<>();
            for (IndexedArticle doc : todo) {
                String id = doc.article().id();
                long t0 = System.nanoTime();
                try {
                    List<ProducerRecord<String, String>> records = new ArrayList<>();
                    List<SubscriptionMatch> matches = matcher.of(doc);
                    var matchedAt = clock.instant();
                    for (SubscriptionMatch m : matches) {
                        Subscription s = store.find(m.subscriptionId());
                        if (s != null && s.enabled()) {
                            Alert alert = factory.build(s, doc, m, matchedAt);
                            if (outlets(doc) < s.minOutlets()) {
                                // Not corroborated enough yet: held in Elasticsearch until a later article of the
                                // story brings it to the subscription's minimum (released below, on any article).
                                held.hold(alert, s.minOutlets(), matchedAt);
                            } else {
                                records.add(producer.alertRecord(alert));
                            }
                        }
                    }
                    records.forEach(r -> alerts.put(r, id));
                } catch (RuntimeException e) {
                    if (attempt >= matchAttempts) {
                        LOG.errorf(e, "Matching article %s failed %d times; it is dead-lettered", id, attempt);
                        failed.put(id, "matching failed after " + attempt + " attempts: " + e);
                    } else {
                        LOG.warnf(
                                "Matching article %s failed (attempt %d of %d): %s; retrying in %d ms",
                                id, attempt, matchAttempts, e, waits.nextMs());
                        again.add(doc);
                    }
                }
                matchTime.record(Duration.ofNanos(System.nanoTime() - t0));
            }
            todo = again;
            if (!todo.isEmpty()) {
                waits.sleep();
            }
        }
        List<HeldAlerts.Held> released = new ArrayList<>();
        Map<ProducerRecord<String, String>, HeldAlerts.Held> releases = new LinkedHashMap<>();
        Map<IndexedArticle, List<HeldAlerts.Held>> due;
        Backoff.Waits heldWaits = matchBackoff.waits();
        while (true) {
            try {
                due = due(docs);
                break;
            } catch (RuntimeException e) {
                // Elasticsearch away: the batch waits (as for the broker) rather than pass over a release.
                LOG.warnf("Reading held alerts failed (%s); retrying in %d ms", e, heldWaits.nextMs());
                heldWaits.sleep();
            }
        }
        for (Map.Entry<IndexedArticle, List<HeldAlerts.Held>> e : due.entrySet()) {
            for (HeldAlerts.Held h : e.getValue()) {
                Subscription s = store.find(h.subscriptionId());
                if (s == null || !s.enabled() || s.minOutlets() > outlets(e.getKey())) {
                    continue; // gone, off, or its minimum was raised meanwhile: the hold waits (or is moot)
                }
                ProducerRecord<String, String> r = producer.alertRecord(AlertFactory.asCorroborated(
                        h.alert(), AlertFactory.corroboration(e.getKey().derived()), clock.instant()));
                alerts.put(r, e.getKey().article().id());
                releases.put(r, h);
            }
        }
        if (alerts.isEmpty()) {
            return failed;
        }
        List<KafkaSends.Refused<String, String>> refused = producer.publish(new ArrayList<>(alerts.keySet()));
        java.util.Set<ProducerRecord<String, String>> refusedRecords = new java.util.HashSet<>();
        for (KafkaSends.Refused<String, String> r : refused) {
            refusedRecords.add(r.record());
            failed.putIfAbsent(alerts.get(r.record()), "redline.alerts refused an alert of it: " + r.cause());
        }
        // Released only once the corroborated alert is on the broker; a crash in between sends it again, with the
        // same alert id, which the dispatcher's story state turns into a no-op.
        releases.forEach((r, h) -> {
            if (!refusedRecords.contains(r)) {
                held.release(h);
            }
        });
        published.increment(alerts.size() - refused.size());
        return failed;
    }

    /** The story's independent outlets as the indexer recorded them on the article (1 before it recorded any). */
    private static int outlets(IndexedArticle doc) {
        return doc.derived() == null || doc.derived().outlets() == null
                ? 1
                : doc.derived().outlets();
    }

    /**
     * The holds each article of the batch releases (its story now has at least their minimum), the article with the
     * most outlets of each story carrying them; one search for the batch.
     */
    private Map<IndexedArticle, List<HeldAlerts.Held>> due(List<IndexedArticle> docs) {
        Map<String, IndexedArticle> best = new LinkedHashMap<>();
        for (IndexedArticle d : docs) {
            if (d.derived() == null || d.derived().storyId() == null || outlets(d) < 2) {
                continue; // no subscription holds for fewer than 2 outlets
            }
            best.merge(d.derived().storyId(), d, (a, b) -> outlets(b) > outlets(a) ? b : a);
        }
        Map<IndexedArticle, List<HeldAlerts.Held>> out = new LinkedHashMap<>();
        if (best.isEmpty()) {
            return out;
        }
        int most = best.values().stream().mapToInt(AlertMatching::outlets).max().orElse(1);
        for (HeldAlerts.Held h : held.due(best.keySet(), most)) {
            IndexedArticle d = best.get(h.storyId());
            if (d != null && h.minOutlets() <= outlets(d)) {
                out.computeIfAbsent(d, k -> new ArrayList<>()).add(h);
            }
        }
        return out;
    }
}
