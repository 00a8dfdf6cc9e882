package io.redline.alerts.subscription;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/subscriptions} against the real broker: CRUD, 400s naming the field, secrets shown once, rotation,
 * the matcher following the table, and a second store instance seeing what this one wrote.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SubscriptionStore store;

    @Inject
    SubscriptionMatcher matcher;

    /** An article every subscription of this test with the query "frigates odesa" matches. */
    private static AnalyzedArticle article() {
        ArticleSpec s = new ArticleSpec();
        s.title = "Frigates shell Odesa port";
        s.text = "Russian frigates were striking the port overnight, officials said.";
        s.score = 85;
        s.actors = List.of("RUS", "UKR");
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS", "UKR");
        return s.build();
    }

    private static Map<String, Object> body(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("query", "frigates odesa");
        b.put("filters", Map.of("level", List.of("HIGH", "CRITICAL")));
        b.put("signals", List.of("STRIKE"));
        b.put("actors", List.of("rus"));
        b.put("mode", "DIGEST_HOURLY");
        b.put("timeZone", "Europe/Kyiv");
        b.put("quietHours", Map.of("start", "22:00", "end", "07:00"));
        b.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        return b;
    }

    private static RequestSpecification json(Object body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    @BeforeEach
    void loaded() {
        // The API answers 503 until the topic has been read once.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @Test
    void createGetListUpdateDelete() {
        Response created = json(body("Odesa strikes")).post("/api/subscriptions");
        created.then()
                .statusCode(201)
                .header("Location", containsString("/api/subscriptions/sub_"))
                .body("name", equalTo("Odesa strikes"))
                .body("mode", equalTo("DIGEST_HOURLY"))
                .body("timeZone", equalTo("Europe/Kyiv"))
                .body("actors[0]", equalTo("RUS"))
                .body("channels[0].type", equalTo("webhook"))
                .body("channels[0].enabled", equalTo(true))
                .body("webhookSecret", startsWith("whsec_"));
        String id = created.path("id");
        String channelId = created.path("channels[0].id");
        assertThat(created.header("Location")).endsWith("/api/subscriptions/" + id);

        given().get("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("quietHours.start", equalTo("22:00"))
                .body("filters.level", hasSize(2));
        assertThat(given().get("/api/subscriptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("id"))
                .contains(id);

        Map<String, Object> edit = body("Odesa strikes, renamed");
        edit.put(
                "channels",
                List.of(
                        Map.of("type", "webhook", "url", "https://hooks.example.org/redline"),
                        Map.of("type", "email", "to", List.of("ops@example.org"))));
        json(edit)
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Odesa strikes, renamed"))
                .body("channels", hasSize(2))
                .body("channels[0].id", equalTo(channelId)) // unchanged channel keeps its id
                .body("webhookSecret", nullValue()); // the secret stays and is not shown again
        given().get("/api/subscriptions/" + id).then().body("name", equalTo("Odesa strikes, renamed"));

        given().delete("/api/subscriptions/" + id).then().statusCode(204);
        given().get("/api/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void invalidSubscriptionsAre400ProblemsNamingTheField() {
        Map<String, Object> b = body("bad query");
        b.put("query", "(".repeat(9) + "frigates" + ")".repeat(9));
        expect400(b, "query");
        b = body("bad filter");
        b.put("filters", Map.of("level", List.of("HUGE")));
        expect400(b, "filters.level");
        b = body("unknown filter");
        b.put("filters", Map.of("sort", List.of("newest")));
        expect400(b, "filters.sort");
        b = body("bad zone");
        b.put("timeZone", "Mars/Olympus_Mons");
        expect400(b, "timeZone");
        b = body("bad url");
        b.put("channels", List.of(Map.of("type", "slack", "url", "http://hooks.slack.com/services/T/B/x")));
        expect400(b, "channels[0].url");
        b = body("no channels");
        b.put("channels", List.of());
        expect400(b, "channels");
        b = body("");
        expect400(b, "name");
        json("{\"name\": \"x\", \"minScore\": \"high\"}")
                .post("/api/subscriptions")
                .then()
                .statusCode(400);
        given().get("/api/subscriptions/sub_doesnotexist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        json(body("x")).put("/api/subscriptions/sub_doesnotexist").then().statusCode(404);
        given().post("/api/subscriptions/sub_doesnotexist/rotate-secret").then().statusCode(404);
    }

    private static void expect400(Map<String, Object> body, String field) {
        json(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo(field));
    }

    @Test
    void secretIsShownOnceAndRotationKeepsBothDuringTheOverlap() {
        Response created = json(body("secret holder")).post("/api/subscriptions");
        String id = created.path("id");
        String first = created.path("webhookSecret");
        assertThat(first).startsWith("whsec_");

        String got = given().get("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("webhookSecrets", hasSize(1))
                .body("webhookSecrets[0].expiresAt", nullValue())
                .extract()
                .asString();
        assertThat(got).doesNotContain("whsec_").doesNotContain(first.substring(6));
        assertThat(given().get("/api/subscriptions").asString()).doesNotContain(first.substring(6));

        Instant before = Instant.now();
        Response rotated = given().post("/api/subscriptions/" + id + "/rotate-secret");
        rotated.then()
                .statusCode(200)
                .body("webhookSecret", startsWith("whsec_"))
                .body("webhookSecrets", hasSize(2))
                .body("webhookSecrets[0].expiresAt", nullValue())
                .body("webhookSecrets[1].expiresAt", notNullValue());
        String second = rotated.path("webhookSecret");
        assertThat(second).isNotEqualTo(first);
        assertThat(given().get("/api/subscriptions/" + id).asString())
                .doesNotContain(second.substring(6))
                .doesNotContain(first.substring(6));

        List<WebhookSecret> stored = store.find(id).webhookSecrets();
        assertThat(stored).extracting(WebhookSecret::secret).containsExactly(second, first);
        assertThat(stored.get(0).expiresAt()).isNull();
        assertThat(stored.get(1).expiresAt())
                .isBetween(before.plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
        assertThat(store.find(id).activeWebhookSecrets(Instant.now())).containsExactly(second, first);

        // A subscription without a webhook channel has no secret to show or rotate.
        Map<String, Object> mailOnly = body("mail only");
        mailOnly.put("channels", List.of(Map.of("type", "email", "to", List.of("ops@example.org"))));
        Response mail = json(mailOnly).post("/api/subscriptions");
        mail.then().statusCode(201).body("webhookSecret", nullValue()).body("webhookSecrets", hasSize(0));
        given().post("/api/subscriptions/" + mail.path("id") + "/rotate-secret")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
        given().delete("/api/subscriptions/" + mail.path("id")).then().statusCode(204);
    }

    @Test
    void matcherFollowsCreateDisableAndDelete() {
        AnalyzedArticle article = article();
        String id = json(body("matched"))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(matcher.match(article)).contains(id);

        Map<String, Object> disabled = body("matched");
        disabled.put("enabled", false);
        json(disabled).put("/api/subscriptions/" + id).then().statusCode(200).body("enabled", equalTo(false));
        assertThat(matcher.match(article)).doesNotContain(id);

        Map<String, Object> other = body("matched");
        other.put("query", "ceasefire");
        json(other).put("/api/subscriptions/" + id).then().statusCode(200);
        assertThat(matcher.match(article)).doesNotContain(id);
        json(body("matched")).put("/api/subscriptions/" + id).then().statusCode(200);
        assertThat(matcher.match(article)).contains(id);

        given().delete("/api/subscriptions/" + id).then().statusCode(204);
        assertThat(matcher.match(article)).doesNotContain(id);
    }

    @Test
    void anotherInstanceSeesEveryChange() throws Exception {
        AnalyzedArticle article = article();
        String id = json(body("seen elsewhere"))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        SubscriptionMatcher otherMatcher = new SubscriptionMatcher();
        try (SubscriptionStore other = new SubscriptionStore(
                Map.of("bootstrap.servers", bootstrap),
                "test-other-" + UUID.randomUUID(),
                otherMatcher,
                new SubscriptionValidator(false),
                Duration.ofHours(24),
                1000,
                Clock.systemUTC(),
                SecretsFixtures.testSealer())) {
            other.start();
            assertThat(other.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(other.find(id)).isEqualTo(store.find(id));
            assertThat(otherMatcher.match(article)).contains(id);

            given().delete("/api/subscriptions/" + id).then().statusCode(204);
            assertThat(other.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(other.find(id)).isNull();
            assertThat(otherMatcher.match(article)).doesNotContain(id);
        } finally {
            otherMatcher.close();
        }
    }

    @Test
    void storedQueriesThatNoLongerParseAndUnreadableRecordsAreSkippedNotFatal() throws Exception {
        // Written straight to the topic, as an older version with a laxer grammar (or a bug) might have left them.
        String stale = "sub_stale" + UUID.randomUUID().toString().substring(0, 7);
        String garbage = "sub_garbage" + UUID.randomUUID().toString().substring(0, 5);
        Subscription tooLong = new Subscription(
                stale,
                "from an older grammar",
                null,
                "frigates ".repeat(70),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                Instant.now(),
                Instant.now(),
                true);
        Map<String, Object> producerConfig = Map.of("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topic.SUBSCRIPTIONS.topicName(), stale, SubscriptionStore.JSON.writeValueAsString(tooLong)))
                    .get();
            producer.send(new ProducerRecord<>(Topic.SUBSCRIPTIONS.topicName(), garbage, "{not json"))
                    .get();
        }
        String valid = json(body("after the bad ones"))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(store.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        assertThat(store.find(stale)).isNotNull(); // kept, so its owner can see and fix it
        assertThat(matcher.get(stale)).isNull();
        assertThat(store.find(garbage)).isNull();
        assertThat(matcher.match(article())).contains(valid);
        given().get("/api/subscriptions/" + stale).then().statusCode(200);

        // A fresh instance reads past both and registers the rest.
        SubscriptionMatcher otherMatcher = new SubscriptionMatcher();
        try (SubscriptionStore other = new SubscriptionStore(
                producerConfig,
                "test-other-" + UUID.randomUUID(),
                otherMatcher,
                new SubscriptionValidator(false),
                Duration.ofHours(24),
                1000,
                Clock.systemUTC(),
                SecretsFixtures.testSealer())) {
            other.start();
            assertThat(other.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(other.find(stale)).isNotNull();
            assertThat(otherMatcher.get(stale)).isNull();
            assertThat(other.find(garbage)).isNull();
            assertThat(otherMatcher.match(article())).contains(valid);
        } finally {
            otherMatcher.close();
        }
        given().delete("/api/subscriptions/" + stale).then().statusCode(204);
        given().delete("/api/subscriptions/" + valid).then().statusCode(204);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.SUBSCRIPTIONS.topicName(), garbage, null))
                    .get();
        }
    }
}
