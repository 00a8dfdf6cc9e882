package io.redline.alerts.spike;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.alerts.delivery.AlertIndices;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.alerts.dispatch.AlertProducer;
import io.redline.alerts.dispatch.AlertStateStore;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.common.kafka.KafkaSends;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import io.redline.trends.Spike;
import io.redline.trends.SpikeDetector;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Every tick, runs one spike detection for all enabled {@code spike} subscriptions and publishes an {@link Alert} of
 * kind {@code spike} per subscription and qualifying spike to {@code redline.alerts}, where the dispatcher delivers it
 * like any article alert (quiet hours, digests, quotas, channels).
 *
 * <p>The alert's story is {@code spike:<kind>:<key>:<window start truncated to the hour>} and its id derives from
 * the subscription, that story and the level, so the dispatcher's per-(subscription, story) state in Elasticsearch
 * makes it one alert per spike and hour however many instances evaluate and however often they restart; this class
 * also skips stories that state already holds, so a lasting spike is not republished every tick.
 */
@ApplicationScoped
public class SpikeEvaluator {

    private static final Logger LOG = Logger.getLogger(SpikeEvaluator.class);
    /** Most spikes one detection returns (each with its evidence), across all subscriptions. */
    static final int MAX_SPIKES = 500;

    private final SpikeDetector detector;
    private final ElasticsearchClient client;
    private final SubscriptionStore store;
    private final AlertStateStore state;
    private final AlertProducer producer;
    private final AlertIndices indices;
    private final String apiBaseUrl;
    private final Duration interval;
    private final Duration window;
    private final int weeks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spike-evaluator");
        t.setDaemon(true);
        return t;
    });

    public SpikeEvaluator(
            ElasticsearchClient client,
            SubscriptionStore store,
            AlertStateStore state,
            AlertProducer producer,
            AlertIndices indices,
            AlertsConfig config,
            SpikeConfig spikes) {
        this.detector = new SpikeDetector(client, ArticleReader.ALIAS);
        this.client = client;
        this.store = store;
        this.state = state;
        this.producer = producer;
        this.indices = indices;
        this.apiBaseUrl = config.apiBaseUrl().replaceAll("/+$", "");
        this.interval = spikes.interval();
        this.window = spikes.window();
        this.weeks = spikes.weeks();
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** One pass at the current time; failures (Elasticsearch or Kafka away) are logged and retried next tick. */
    void tick() {
        try {
            if (!indices.awaitReady(0, TimeUnit.SECONDS)) {
                return;
            }
            evaluate(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Spike evaluation failed (%s); next pass in %s", e.getMessage(), interval);
        }
    }

    /** Detects the spikes of the window ending at {@code at} and publishes the new alerts; returns them. */
    public List<Alert> evaluate(Instant at) throws IOException, InterruptedException {
        List<Alert> alerts = alerts(at);
        if (alerts.isEmpty()) {
            return alerts;
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Alert a : alerts) {
            records.add(producer.alertRecord(a));
        }
        for (KafkaSends.Refused<String, String> r : producer.publish(records)) {
            LOG.errorf("Spike alert %s refused by the broker: %s", r.record().key(), r.cause());
        }
        return alerts;
    }

    /**
     * The alerts the window ending at {@code at} gives the enabled spike subscriptions, leaving out the stories
     * (spike and hour) a subscription was alerted about already; publishes nothing.
     */
    public List<Alert> alerts(Instant at) throws IOException {
        List<Subscription> subscriptions = store.list().stream()
                .filter(s -> s.enabled() && s.watchesSpikes())
                .toList();
        if (subscriptions.isEmpty()) {
            return List.of();
        }
        // One detection for all: the loosest of their conditions, each subscription then keeps what it asks for.
        Set<SpikeDetector.Kind> kinds = EnumSet.noneOf(SpikeDetector.Kind.class);
        long minCount = Long.MAX_VALUE;
        double minScore = Double.MAX_VALUE;
        for (Subscription s : subscriptions) {
            s.spike().kinds().forEach(k -> kinds.add(SpikeDetector.Kind.parse(k)));
            minCount = Math.min(minCount, s.spike().minCount());
            minScore = Math.min(minScore, s.spike().minScore());
        }
        List<Spike> spikes =
                detector.detect(new SpikeDetector.Request(at, window, weeks, kinds, minCount, minScore, MAX_SPIKES));
        List<Alert> out = new ArrayList<>();
        Map<String, AnalyzedArticle> articles = new HashMap<>();
        Instant now = Instant.now();
        for (Spike spike : spikes) {
            if (spike.topEvidence().isEmpty()) {
                continue; // its articles were deleted between the count and the evidence search
            }
            String storyId = storyId(spike);
            for (Subscription s : subscriptions) {
                if (!s.spike().accepts(spike.kind(), spike.key(), spike.observed(), spike.score())) {
                    continue;
                }
                if (state.read(s.id(), storyId).state() != null) {
                    continue; // alerted this hour already (by this or another instance)
                }
                String topId = spike.topEvidence().get(0).articleId();
                AnalyzedArticle top = articles.containsKey(topId) ? articles.get(topId) : article(topId);
                articles.put(topId, top);
                if (top == null) {
                    continue;
                }
                out.add(alert(s, spike, storyId, top, now));
            }
        }
        return out;
    }

    /** {@code spike:<kind>:<key>:<window start truncated to the hour>}. */
    public static String storyId(Spike spike) {
        return "spike:" + spike.kind() + ":" + spike.key() + ":" + spike.from().truncatedTo(ChronoUnit.HOURS);
    }

    private Alert alert(Subscription s, Spike spike, String storyId, AnalyzedArticle top, Instant now) {
        RawArticle a = top.article();
        EscalationLevel level = top.analysis() == null || top.analysis().level() == null
                ? EscalationLevel.NONE
                : top.analysis().level();
        SpikeDetector.Kind kind = SpikeDetector.Kind.parse(spike.kind());
        List<Signal> signals = top.analysis() == null || top.analysis().signals() == null
                ? List.of()
                : top.analysis().signals().stream()
                        .filter(g -> kind.matches(spike.key(), g))
                        .toList();
        Set<String> sentences = new LinkedHashSet<>();
        for (Spike.Evidence e : spike.topEvidence()) {
            if (e.sentence() != null && !e.sentence().isBlank()) {
                sentences.add(e.sentence());
            }
        }
        return new Alert(
                AlertFactory.alertId(s.id(), storyId, level),
                s.id(),
                s.name(),
                Subscription.SPIKE,
                null,
                new AlertArticle(
                        a.id(),
                        a.revision(),
                        a.url(),
                        a.title(),
                        a.summary(),
                        a.sourceDomain(),
                        a.language(),
                        a.publishedAt(),
                        a.tags(),
                        a.fetchedAt()),
                storyId,
                level,
                top.analysis() == null ? 0 : top.analysis().escalationScore(),
                signals,
                List.copyOf(sentences),
                List.of(spike.key()),
                apiBaseUrl + "/api/articles/" + encode(a.id()),
                apiBaseUrl + "/api/spikes?kind=" + spike.kind() + "&at="
                        + encode(spike.to().toString()),
                now,
                null,
                spike.summary());
    }

    private AnalyzedArticle article(String id) throws IOException {
        // A search by id, not a get: the alias may span two indices during a reindex, which a get refuses.
        var hits = client.search(
                        r -> r.index(ArticleReader.ALIAS)
                                .size(1)
                                .query(q -> q.ids(i -> i.values(id)))
                                .source(src -> src.filter(f -> f.includes("article", "analysis")
                                        .excludes("article.contentHtml", "article.text"))),
                        AnalyzedArticle.class)
                .hits()
                .hits();
        return hits.isEmpty() ? null : hits.get(0).source();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
