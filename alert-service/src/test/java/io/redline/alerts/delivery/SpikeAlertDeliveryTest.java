package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.alerts.channel.GreenMailTestResource;
import io.redline.alerts.dispatch.AlertProducer;
import io.redline.alerts.spike.SpikeEvaluator;
import io.redline.contracts.Alert;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions of kind {@code spike} on the real broker and Elasticsearch: articles are written to the articles
 * index at times chosen around an {@code at} in a past hour no other test uses, the evaluator runs at that {@code at}
 * (the timer is an hour in tests), and its alerts go through redline.alerts and the dispatcher to a real receiver.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SpikeAlertDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration WEEK = Duration.ofDays(7);
    /** The consumer group of redline.alerts (application.properties). */
    private static final String DISPATCHER_GROUP = "redline-alert-dispatcher";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    ElasticsearchClient client;

    @Inject
    SpikeEvaluator evaluator;

    @Inject
    AlertProducer producer;

    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void aSpikeAlertsOnceAnHourWithItsEvidenceThroughTheDispatcher() throws Exception {
        Instant at = pastHour();
        String key = code();
        List<ArticleSpec> burst = burst(at, key);
        Receiver r = receiver();
        String sub = subscribe(
                        "spike " + key,
                        Map.of("kind", "spike", "spike", Map.of("kinds", List.of("actor"), "keys", List.of(key))),
                        r.url("/hook"))
                .path("id");

        List<Alert> mine = mine(evaluator.evaluate(at), sub);
        assertThat(mine).hasSize(1);
        Alert alert = mine.get(0);
        String story = "spike:actor:" + key + ":" + at.minus(Duration.ofHours(1));
        assertThat(alert.storyId()).isEqualTo(story);
        assertThat(alert.kind()).isEqualTo("spike");
        assertThat(alert.spike().observed()).isEqualTo(5);
        assertThat(alert.spike().baselineMedian()).isEqualTo(0.5);
        assertThat(alert.article().id()).isEqualTo(burst.get(4).id);
        assertThat(alert.highlights()).containsExactly(key + " burst 4", key + " burst 3", key + " burst 2");
        assertThat(alert.signals()).extracting(s -> s.type()).containsExactly(SignalType.RED_LINE);

        await().atMost(WAIT).until(() -> r.requests.size() == 1);
        JsonNode body = json.readTree(new String(r.requests.get(0).body(), StandardCharsets.UTF_8));
        assertThat(body.path("type").asText()).isEqualTo("alert.created");
        assertThat(body.at("/data/kind").asText()).isEqualTo("spike");
        assertThat(body.at("/data/storyId").asText()).isEqualTo(story);
        assertThat(body.at("/data/spike/key").asText()).isEqualTo(key);
        assertThat(body.at("/data/spike/observed").asLong()).isEqualTo(5);
        assertThat(body.at("/data/spike/score").asDouble()).isEqualTo(4.5);
        assertThat(body.at("/data/highlights/0").asText()).isEqualTo(key + " burst 4");
        assertThat(body.at("/data/article/id").asText()).isEqualTo(burst.get(4).id);

        // Later in the same hour the spike is still there: the dispatcher's story state says it was alerted.
        assertThat(mine(evaluator.alerts(at.plus(Duration.ofMinutes(5))), sub)).isEmpty();
        // Another instance that evaluated before that state was written publishes the same alert again: the
        // dispatcher drops it, so the receiver still has one request once that record is consumed.
        RecordMetadata again;
        try (KafkaProducer<String, String> p = Fixtures.producer(bootstrap)) {
            again = p.send(producer.alertRecord(alert)).get();
        }
        awaitDispatched(again);
        assertThat(r.requests).hasSize(1);
        given().get("/api/subscriptions/" + sub + "/deliveries").then().body("size()", equalTo(1));
    }

    @Test
    void quietHoursHoldASpikeAlertAsTheyHoldArticleAlerts() throws Exception {
        Instant at = pastHour();
        String key = code();
        burst(at, key);
        Receiver r = receiver();
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        Map<String, Object> extra = Map.of(
                "kind",
                "spike",
                "spike",
                Map.of("kinds", List.of("actor"), "keys", List.of(key.toLowerCase()), "minCount", 4),
                "quietHours",
                Map.of("start", hhmm(now.minusHours(1)), "end", hhmm(now.plusHours(1))));
        String sub = subscribe("quiet spike " + key, extra, r.url("/hook")).path("id");

        assertThat(mine(evaluator.evaluate(at), sub)).hasSize(1);
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", equalTo("scheduled")));
        String next = given().get("/api/subscriptions/" + sub + "/deliveries").path("[0].nextAttemptAt");
        assertThat(Instant.parse(next)).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(r.requests).isEmpty();
    }

    @Test
    void aConditionAboveTheSpikeGivesNoAlert() throws Exception {
        Instant at = pastHour();
        String key = code();
        burst(at, key);
        Receiver r = receiver();
        String tooMany = subscribe(
                        "six " + key,
                        Map.of("kind", "spike", "spike", Map.of("keys", List.of(key), "minCount", 6)),
                        r.url("/hook"))
                .path("id");
        String tooHigh = subscribe(
                        "score " + key,
                        Map.of("kind", "spike", "spike", Map.of("keys", List.of(key), "minScore", 4.6)),
                        r.url("/hook"))
                .path("id");
        String otherKind = subscribe(
                        "dyads " + key,
                        Map.of("kind", "spike", "spike", Map.of("kinds", List.of("dyad"), "keys", List.of(key))),
                        r.url("/hook"))
                .path("id");
        String any =
                subscribe("any " + key, Map.of("kind", "spike"), r.url("/hook")).path("id");

        List<Alert> alerts = evaluator.alerts(at);
        assertThat(mine(alerts, tooMany)).isEmpty();
        assertThat(mine(alerts, tooHigh)).isEmpty();
        assertThat(mine(alerts, otherKind)).isEmpty();
        // Without keys or kinds: every kind, any key; the burst's actor and its signal both qualify.
        assertThat(mine(alerts, any))
                .extracting(Alert::storyId)
                .contains("spike:actor:" + key + ":" + at.minus(Duration.ofHours(1)));
    }

    @Test
    void spikeSubscriptionsAreValidatedAndShownWithTheirDefaults() throws Exception {
        Receiver r = receiver();
        Response created = subscribe("defaults", Map.of("kind", "SPIKE"), r.url("/hook"));
        created.then()
                .body("kind", equalTo("spike"))
                .body("spike.kinds", equalTo(List.of("actor", "signal", "dyad")))
                .body("spike.keys", equalTo(List.of()))
                .body("spike.minScore", equalTo(3.0f))
                .body("spike.minCount", equalTo(3));
        subscribe("articles", Map.of("query", "zorblak"), r.url("/hook")).then().body("kind", equalTo("articles"));

        Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
        bad.put("kind", Map.of("kind", "trend"));
        bad.put("spike", Map.of("spike", Map.of("kinds", List.of("actor"))));
        bad.put("spike.kinds", Map.of("kind", "spike", "spike", Map.of("kinds", List.of("colour"))));
        bad.put("spike.minCount", Map.of("kind", "spike", "spike", Map.of("minCount", 0)));
        bad.put("spike.minScore", Map.of("kind", "spike", "spike", Map.of("minScore", -1)));
        bad.put("spike.keys", Map.of("kind", "spike", "spike", Map.of("keys", List.of(" "))));
        bad.forEach((field, extra) -> given().contentType(ContentType.JSON)
                .body(request("bad " + field, extra, r.url("/hook")))
                .post("/api/subscriptions")
                .then()
                .statusCode(400)
                .body("parameter", equalTo(field)));
    }

    // --- helpers

    /**
     * Five articles naming {@code key} in the last 50 minutes before {@code at} (escalation 20 to 60), against one a
     * week in weeks 1 and 3 (median 0.5, MAD 0.5, spread 1: score 4.5); other articles keep all four weeks usable.
     */
    private List<ArticleSpec> burst(Instant at, String key) throws Exception {
        for (int week = 1; week <= 4; week++) {
            Instant then = at.minus(WEEK.multipliedBy(week)).minus(Duration.ofMinutes(20));
            index(article(then, code(), 10, "filler"));
            if (week % 2 == 1) {
                index(article(then, key, 10, "earlier"));
            }
        }
        List<ArticleSpec> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ArticleSpec a = article(at.minus(Duration.ofMinutes(50 - i)), key, 20 + i * 10, key + " burst " + i);
            a.signal(SignalType.RED_LINE, Modality.ASSERTED, key);
            index(a);
            out.add(a);
        }
        return out;
    }

    private static ArticleSpec article(Instant published, String actor, int score, String title) {
        ArticleSpec a = new ArticleSpec();
        a.published = published;
        a.actors = List.of(actor);
        a.score = score;
        a.title = title;
        a.source = "spikes.example.org";
        return a;
    }

    private void index(ArticleSpec a) throws Exception {
        Fixtures.index(client, IndexedArticles.of(a.build(), "story-" + a.id));
    }

    private static List<Alert> mine(List<Alert> alerts, String subscriptionId) {
        return alerts.stream()
                .filter(a -> a.subscriptionId().equals(subscriptionId))
                .toList();
    }

    private Receiver receiver() throws Exception {
        Receiver r = Receiver.answering(204, Map.of(), "");
        receivers.add(r);
        return r;
    }

    private static Map<String, Object> request(String name, Map<String, Object> extra, String url) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("channels", List.of(Map.of("type", "webhook", "url", url)));
        b.putAll(extra);
        return b;
    }

    private static Response subscribe(String name, Map<String, Object> extra, String url) {
        Response r = given().contentType(ContentType.JSON)
                .body(request(name, extra, url))
                .post("/api/subscriptions");
        r.then().log().ifValidationFails().statusCode(201);
        return r;
    }

    private static String hhmm(LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    /** Waits until the dispatcher's group has committed past {@code record}: it was decided on. */
    private void awaitDispatched(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(DISPATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    /** A whole hour between 2015 and 2024 that no other test publishes in. */
    private static Instant pastHour() {
        long hours = ThreadLocalRandom.current().nextLong(24 * 365 * 9);
        return Instant.parse("2015-01-01T00:00:00Z").plus(hours, ChronoUnit.HOURS);
    }

    /** A fresh actor code. */
    private static String code() {
        StringBuilder b = new StringBuilder("S");
        for (int i = 0; i < 6; i++) {
            b.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return b.toString();
    }
}
