package io.redline.alerts.dispatch;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Alert;
import io.redline.contracts.Corroboration;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * minOutlets on the real broker and Elasticsearch: a match of a story with too few independent outlets is held (in
 * Elasticsearch), and a later, non-matching article of the story that brings it to the minimum releases it as one
 * {@code corroborated} alert with the held match's evidence and the new figure.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CorroboratedAlertTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    AlertMatching matching;

    @Inject
    HeldAlerts held;

    @Test
    void aMatchIsHeldUntilItsStoryHasEnoughOutletsThenAlertsAsCorroborated() throws Exception {
        String sub = subscribe("zembrak held", "zembrak", 2);
        given().get("/api/subscriptions/" + sub).then().statusCode(200).body("minOutlets", equalTo(2));
        String story = "story-" + Fixtures.newId();
        Instant first = Instant.parse("2026-11-26T06:00:00Z");

        ArticleSpec a = new ArticleSpec();
        a.title = "Zembrak artillery shells the border post";
        a.text = a.title + ". Officials said the situation was escalating.";
        a.score = 55;
        a.source = "first.example";
        a.published = first;
        IndexedArticle matching1 = IndexedArticles.of(
                a.build(), story, new Corroboration(1, 1, first, "first.example", List.of("first.example")));
        assertThat(matching.onIndexed(List.of(matching1))).isEmpty();
        // Held, waiting for two outlets: a story with one is not due, a story with two releases it.
        assertThat(held.due(List.of(story), 1)).isEmpty();
        assertThat(held.due(List.of(story), 2)).singleElement().satisfies(h -> {
            assertThat(h.subscriptionId()).isEqualTo(sub);
            assertThat(h.minOutlets()).isEqualTo(2);
            assertThat(h.alert().article().id()).isEqualTo(a.id);
        });

        ArticleSpec b = new ArticleSpec();
        b.title = "Border post shelled, second outlet reports";
        b.text = "A second outlet reported the shelling of the border post in its own words.";
        b.source = "second.example";
        b.published = first.plusSeconds(3600);
        // As search-service publishes it now: all five figures on the record (a wire copy of the first made 3).
        IndexedArticle other = withFigures(
                IndexedArticles.of(b.build(), story),
                new Corroboration(
                        2, 3, first, "first.example", List.of("first.example", "copy.example", "second.example")));
        assertThat(matching.onIndexed(List.of(other))).isEmpty();

        // The first alert of the story on redline.alerts is the corroborated one: the held match sent no "new" alert.
        ConsumerRecord<String, String> record = first(Topic.ALERTS.topicName(), AlertFactory.key(sub, story));
        Alert alert = json.readValue(record.value(), Alert.class);
        assertThat(alert.kind()).isEqualTo("corroborated");
        assertThat(alert.article().id()).isEqualTo(a.id);
        assertThat(alert.highlights()).isNotEmpty();
        assertThat(alert.corroboration().outlets()).isEqualTo(2);
        assertThat(alert.corroboration().firstOutlet()).isEqualTo("first.example");
        assertThat(alert.corroboration().copies()).isEqualTo(3);
        assertThat(alert.corroboration().outletDomains())
                .containsExactly("first.example", "copy.example", "second.example");
        assertThat(io.redline.alerts.channel.WebhookPayload.eventType(alert)).isEqualTo("alert.updated");
        assertThat(held.due(List.of(story), 100)).isEmpty();
    }

    @Test
    void anAlertFromTheTopicCarriesTheRecordsCopiesAndOutletDomainsAndAnOldRecordFallsBack() throws Exception {
        String sub = subscribe("quorvel figures", "quorvel", 1);
        Instant first = Instant.parse("2026-11-27T06:00:00Z");
        String story = "story-" + Fixtures.newId();
        ArticleSpec a = new ArticleSpec();
        a.title = "Quorvel drones strike the power plant";
        a.text = a.title + ". Officials said the situation was escalating.";
        a.score = 55;
        a.source = "fourth.example";
        a.published = first.plusSeconds(4 * 3600);
        IndexedArticle indexed = withFigures(
                IndexedArticles.of(a.build(), story),
                new Corroboration(
                        3,
                        4,
                        first,
                        "wire.example",
                        List.of("wire.example", "copy.example", "own.example", "fourth.example")));
        // An article of a story indexed before copies and outletDomains were written: the record has the other three.
        ArticleSpec b = new ArticleSpec();
        b.title = "Quorvel drones strike the depot";
        b.text = b.title + ". Officials said the situation was escalating.";
        b.score = 55;
        b.source = "own.example";
        b.published = first.plusSeconds(3600);
        String oldStory = "story-" + Fixtures.newId();
        IndexedArticle old =
                IndexedArticles.of(b.build(), oldStory, new Corroboration(2, 0, first, "wire.example", List.of()));
        assertThat(old.derived().copies()).isNull();
        assertThat(old.derived().outletDomains()).isNull();
        try (var producer = Fixtures.producer(bootstrap)) {
            producer.send(Fixtures.indexedRecord(json, indexed, null)).get();
            producer.send(Fixtures.indexedRecord(json, old, null)).get();
        }

        Alert alert = json.readValue(
                first(Topic.ALERTS.topicName(), AlertFactory.key(sub, story)).value(), Alert.class);
        assertThat(alert.kind()).isEqualTo("new");
        assertThat(alert.corroboration())
                .isEqualTo(new Corroboration(
                        3,
                        4,
                        first,
                        "wire.example",
                        List.of("wire.example", "copy.example", "own.example", "fourth.example")));
        Alert fallback = json.readValue(
                first(Topic.ALERTS.topicName(), AlertFactory.key(sub, oldStory)).value(), Alert.class);
        assertThat(fallback.corroboration())
                .isEqualTo(new Corroboration(2, 2, first, "wire.example", List.of("wire.example")));
    }

    /** {@code doc} with the story's five figures, as search-service's indexer writes and publishes it. */
    private static IndexedArticle withFigures(IndexedArticle doc, Corroboration c) {
        return new IndexedArticle(doc.article(), doc.analysis(), doc.derived().withCorroboration(c));
    }

    @Test
    void minOutletsOutOfRangeIsRefusedNamingIt() {
        for (int bad : List.of(0, 101)) {
            Map<String, Object> b = body("bad outlets", "zembrak", bad);
            given().contentType(ContentType.JSON)
                    .body(b)
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(422)))
                    .body(org.hamcrest.Matchers.containsString("minOutlets"));
        }
    }

    private static Map<String, Object> body(String name, String q, int minOutlets) {
        Map<String, Object> channel = new HashMap<>();
        channel.put("type", "webhook");
        channel.put("url", "https://hooks.example.org/redline");
        channel.put("enabled", false);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("query", q);
        b.put("minOutlets", minOutlets);
        b.put("channels", List.of(channel));
        return b;
    }

    /** A subscription whose only channel is paused, so that no delivery is attempted to a receiver not running. */
    private static String subscribe(String name, String q, int minOutlets) {
        return given().contentType(ContentType.JSON)
                .body(body(name, q, minOutlets))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
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
}
