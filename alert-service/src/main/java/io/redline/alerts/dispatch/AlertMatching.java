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
import io.redline.contracts.Alert;
import io.redline.contracts.IndexedArticle;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final SubscriptionMatcher matcher;
    private final SubscriptionStore store;
    private final AlertProducer producer;
    private final AlertFactory factory;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();
    private final Timer matchTime;
    private final Counter published;

    public AlertMatching(
            SubscriptionMatcher matcher,
            SubscriptionStore store,
            AlertProducer producer,
            MeterRegistry registry,
            AlertsConfig config) {
        this.matcher = matcher;
        this.store = store;
        this.producer = producer;
        this.factory = new AlertFactory(config.apiBaseUrl());
        this.enabled = config.enabled();
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
     * {@link #onIndexed(IndexedArticle)} for a batch of articles, publishing all their alerts together. Returns the
     * articles that raised no alert because matching them failed or the broker refused one of their alerts for good,
     * by article id with why, for the caller to dead-letter: one bad article never holds up the others.
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
        for (IndexedArticle doc : docs) {
            String id = doc.article().id();
            long t0 = System.nanoTime();
            try {
                List<ProducerRecord<String, String>> records = new ArrayList<>();
                List<SubscriptionMatch> matches = matcher.matchWithHighlights(doc);
                var matchedAt = clock.instant();
                for (SubscriptionMatch m : matches) {
                    Subscription s = store.find(m.subscriptionId());
                    if (s != null && s.enabled()) {
                        records.add(producer.alertRecord(factory.build(s, doc, m, matchedAt)));
                    }
                }
                records.forEach(r -> alerts.put(r, id));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Matching article %s failed; it raises no alert", id);
                failed.put(id, "matching failed: " + e);
            }
            matchTime.record(Duration.ofNanos(System.nanoTime() - t0));
        }
        if (alerts.isEmpty()) {
            return failed;
        }
        List<KafkaSends.Refused<String, String>> refused = producer.publish(new ArrayList<>(alerts.keySet()));
        for (KafkaSends.Refused<String, String> r : refused) {
            failed.putIfAbsent(alerts.get(r.record()), "redline.alerts refused an alert of it: " + r.cause());
        }
        published.increment(alerts.size() - refused.size());
        return failed;
    }
}
