package io.redline.alerts.dispatch;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.Fixtures;
import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Faults in the alert path on the real broker and Elasticsearch: a record that can never be dispatched is
 * dead-lettered with its reason after bounded attempts and the partition moves on; a match that fails for a while is
 * retried until its alert is out, never acknowledged away.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DispatchFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The consumer group of redline.alerts (application.properties). */
    private static final String DISPATCHER_GROUP = "redline-alert-dispatcher";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    HeldAlerts held;

    @Inject
    ObjectMapper json;

    @Inject
    SubscriptionMatcher matcher;

    @Inject
    SubscriptionStore store;

    @Inject
    AlertProducer producer;

    @Inject
    MeterRegistry registry;

    @Inject
    AlertsConfig config;

    @Test
    void anAlertElasticsearchRefusesForGoodIsDeadLetteredWithItsReasonAndTheNextIsDispatched() throws Exception {
        String sub = subscribe("quorrel poison", "quorrel");
        String story = "story-" + Fixtures.newId();
        // Elasticsearch refuses ids over 512 bytes: this alert reads fine but can never be logged, whatever the retry.
        Alert poison = alert("a" + "x".repeat(600), sub, story, EscalationLevel.ELEVATED);
        Alert next = alert(AlertFactory.alertId(sub, story, EscalationLevel.HIGH), sub, story, EscalationLevel.HIGH);
        String key = AlertFactory.key(sub, story);
        RecordMetadata nextAt;
        try (KafkaProducer<String, String> p = Fixtures.producer(bootstrap)) {
            // One key, so one partition, in this order: the poison record stands in front of the good one.
            p.send(new ProducerRecord<>(Topic.ALERTS.topicName(), key, json.writeValueAsString(poison)))
                    .get();
            nextAt = p.send(new ProducerRecord<>(Topic.ALERTS.topicName(), key, json.writeValueAsString(next)))
                    .get();
        }

        ConsumerRecord<String, String> dead = deadLetter(key);
        assertThat(json.readValue(dead.value(), Alert.class).id()).isEqualTo(poison.id());
        assertThat(header(dead, ContractHeader.DEAD_LETTER_REASON.headerName()))
                .contains("not retriable")
                .contains("400");

        // The good alert behind it was dispatched and acknowledged: the partition did not stall on the poison.
        TopicPartition partition = new TopicPartition(nextAt.topic(), nextAt.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(DISPATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > nextAt.offset();
            });
        }
    }

    @Test
    void aMatchThatFailsTwiceIsRetriedAndItsAlertPublished() throws Exception {
        String sub = subscribe("vendrak flaky", "vendrak");
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Vendrak artillery shells the border post";
        spec.text = spec.title + ". Officials said the situation was escalating.";
        spec.score = 55;
        spec.published = Instant.now().minusSeconds(60);
        spec.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS");
        IndexedArticle doc = IndexedArticles.of(spec.build(), "story-" + Fixtures.newId());

        // The real matcher behind a fault that strikes the first two times this article is matched.
        AtomicInteger calls = new AtomicInteger();
        AlertMatching flaky = new AlertMatching(
                d -> {
                    if (d.article().id().equals(doc.article().id()) && calls.incrementAndGet() <= 2) {
                        throw new IllegalStateException("injected matcher fault " + calls.get());
                    }
                    return matcher.matchWithHighlights(d);
                },
                store,
                producer,
                held,
                registry,
                config);

        Map<String, String> failed = flaky.onIndexed(List.of(doc));

        assertThat(failed).as("articles given up on").isEmpty();
        assertThat(calls.get()).isEqualTo(3);
        String key = AlertFactory.key(sub, doc.derived().storyId());
        ConsumerRecord<String, String> alert = first(Topic.ALERTS.topicName(), key);
        assertThat(json.readValue(alert.value(), Alert.class).article().id())
                .isEqualTo(doc.article().id());
    }

    @Test
    void aMatchThatKeepsFailingIsGivenUpWithItsReasonAfterTheConfiguredAttempts() throws Exception {
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Ostrevan navy closes the strait";
        spec.text = spec.title + ". Officials said the situation was escalating.";
        spec.score = 55;
        spec.published = Instant.now().minusSeconds(60);
        IndexedArticle doc = IndexedArticles.of(spec.build(), "story-" + Fixtures.newId());
        AtomicInteger calls = new AtomicInteger();
        AlertMatching broken = new AlertMatching(
                d -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("injected matcher fault");
                },
                store,
                producer,
                held,
                registry,
                config);

        Map<String, String> failed = broken.onIndexed(List.of(doc));

        assertThat(calls.get()).isEqualTo(config.match().attempts());
        assertThat(failed.get(doc.article().id()))
                .contains("after " + config.match().attempts() + " attempts")
                .contains("injected matcher fault");
    }

    private Alert alert(String id, String sub, String story, EscalationLevel level) {
        Instant now = Instant.now();
        AlertArticle article = new AlertArticle(
                Fixtures.newId(),
                1,
                "https://news.example.org/a",
                "Quorrel convoy stopped",
                "Summary",
                "news.example.org",
                "en",
                now,
                List.of());
        return new Alert(
                id,
                sub,
                "quorrel poison",
                "new",
                null,
                article,
                story,
                level,
                60,
                List.of(),
                List.of(),
                List.of("quorrel"),
                "http://localhost:8080/api/articles/" + article.id(),
                "http://localhost:8080/api/stories/" + story,
                now);
    }

    /** A subscription whose only channel is paused, so that no delivery is attempted to a receiver not running. */
    private static String subscribe(String name, String q) {
        Map<String, Object> channel = new HashMap<>();
        channel.put("type", "webhook");
        channel.put("url", "https://hooks.example.org/redline");
        channel.put("enabled", false);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("query", q);
        b.put("channels", List.of(channel));
        return given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private ConsumerRecord<String, String> deadLetter(String key) {
        return first(Topic.ALERTS_DLQ.topicName(), key);
    }

    /** The first record with {@code key} on {@code topic}, read from the start; fails when none comes in time. */
    private ConsumerRecord<String, String> first(String topic, String key) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + Fixtures.newId(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
