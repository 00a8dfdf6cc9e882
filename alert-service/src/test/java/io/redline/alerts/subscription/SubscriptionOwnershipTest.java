package io.redline.alerts.subscription;

import static io.redline.alerts.TestApi.as;
import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.delivery.Delivery;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog;
import io.redline.alerts.stream.AlertLog;
import io.redline.alerts.stream.SseClient;
import io.redline.alerts.stream.TestAlerts;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.contracts.Alert;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions belong to their owner, on the real broker and Elasticsearch: editors alice and bob never see or
 * change each other's subscriptions, deliveries, alert streams or feeds (404, as for an unknown id), an admin sees
 * everything, a reader gets 403, and each change lands in the audit topic with who made it and from where.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionOwnershipTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Key values, made once for the class (each test method gets a new instance). */
    static String alice;

    static String bob;
    static String carol;
    static String reader;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ApiKeyStore keys;

    @Inject
    SubscriptionStore store;

    @Inject
    DeliveryLog deliveries;

    @Inject
    AlertLog alerts;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void keysAndLoadedSubscriptions() {
        if (alice == null) {
            alice = keys.create("alice's key", "alice", Role.EDITOR, "test").value();
            bob = keys.create("bob's key", "bob", Role.EDITOR, "test").value();
            carol = keys.create("carol's key", "carol", Role.EDITOR, "test").value();
            reader = keys.create("rita's key", "rita", Role.READER, "test").value();
        }
        // The subscription API answers 503 until the topic has been read once.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    private static Map<String, Object> body(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("query", "howitzers");
        b.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        return b;
    }

    private static RequestSpecification json(RequestSpecification request, Object body) {
        return request.contentType(ContentType.JSON).body(body);
    }

    private static String create(String key, String name) {
        return json(as(key), body(name))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .body("owner", equalTo(ownerOf(key)))
                .extract()
                .path("id");
    }

    private static String ownerOf(String key) {
        return key.equals(alice) ? "alice" : key.equals(bob) ? "bob" : key.equals(carol) ? "carol" : "?";
    }

    /** The 404 problem an unknown id gets: someone else's subscription must look exactly like it. */
    private static void notFound(ValidatableResponse response, String id) {
        response.statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no subscription with id " + id));
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
    }

    @Test
    void editorsSeeAndChangeOnlyTheirOwnSubscriptions() {
        String a = create(alice, "alice's howitzers");
        String b = create(bob, "bob's howitzers");
        as(alice).get("/api/subscriptions/" + a).then().statusCode(200).body("owner", equalTo("alice"));

        notFound(as(bob).get("/api/subscriptions/" + a).then(), a);
        notFound(
                json(as(bob), body("taken over")).put("/api/subscriptions/" + a).then(), a);
        notFound(as(bob).delete("/api/subscriptions/" + a).then(), a);
        notFound(as(bob).post("/api/subscriptions/" + a + "/test").then(), a);
        notFound(as(bob).get("/api/subscriptions/" + a + "/backtest").then(), a);
        notFound(as(bob).get("/api/subscriptions/" + a + "/deliveries").then(), a);
        notFound(as(bob).post("/api/subscriptions/" + a + "/rotate-secret").then(), a);
        // None of that changed anything.
        as(alice)
                .get("/api/subscriptions/" + a)
                .then()
                .statusCode(200)
                .body("name", equalTo("alice's howitzers"))
                .body("webhookSecrets.size()", equalTo(1));

        List<String> bobs = as(bob).get("/api/subscriptions")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(bobs).contains(b).doesNotContain(a);
        List<String> owners = as(bob).get("/api/subscriptions").then().extract().path("owner");
        assertThat(owners).containsOnly("bob");
        assertThat(as(alice).get("/api/subscriptions").then().extract().<List<String>>path("id"))
                .contains(a)
                .doesNotContain(b);

        // An admin sees both, and can narrow to one owner.
        assertThat(given().get("/api/subscriptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("id"))
                .contains(a, b);
        List<String> alicesForAdmin = given().queryParam("owner", "alice")
                .get("/api/subscriptions")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(alicesForAdmin).contains(a).doesNotContain(b);
        given().get("/api/subscriptions/" + a).then().statusCode(200).body("owner", equalTo("alice"));
        // An editor cannot use the owner filter to look at someone else's.
        forbidden(as(alice).queryParam("owner", "bob").get("/api/subscriptions").then());
        assertThat(as(alice)
                        .queryParam("owner", "alice")
                        .get("/api/subscriptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("id"))
                .contains(a)
                .doesNotContain(b);

        // Updates keep the owner, whoever makes them; the owner may still change and delete it.
        json(as(alice), body("alice's renamed"))
                .put("/api/subscriptions/" + a)
                .then()
                .statusCode(200)
                .body("owner", equalTo("alice"));
        json(given(), body("renamed by an admin"))
                .put("/api/subscriptions/" + a)
                .then()
                .statusCode(200)
                .body("owner", equalTo("alice"));
        as(alice).post("/api/subscriptions/" + a + "/rotate-secret").then().statusCode(200);
        as(bob).delete("/api/subscriptions/" + b).then().statusCode(204);
        notFound(as(bob).get("/api/subscriptions/" + b).then(), b);
    }

    @Test
    void onlyAnAdminNamesAnotherOwner() {
        Map<String, Object> forBob = body("alice for bob");
        forBob.put("owner", "bob");
        forbidden(json(as(alice), forBob).post("/api/subscriptions").then());
        Map<String, Object> forHerself = body("alice for alice");
        forHerself.put("owner", "alice");
        String own = json(as(alice), forHerself)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .body("owner", equalTo("alice"))
                .extract()
                .path("id");
        forbidden(json(as(alice), forBob).put("/api/subscriptions/" + own).then());
        as(alice).get("/api/subscriptions/" + own).then().statusCode(200).body("owner", equalTo("alice"));
        Map<String, Object> badOwner = body("bad owner");
        badOwner.put("owner", "carol<script>");
        given().contentType(ContentType.JSON)
                .body(badOwner)
                .post("/api/subscriptions")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("owner"));

        // An admin creates one for carol: carol's key then sees and changes it, alice's does not.
        Map<String, Object> forCarol = body("made for carol");
        forCarol.put("owner", "carol");
        String c = json(given(), forCarol)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .body("owner", equalTo("carol"))
                .extract()
                .path("id");
        assertThat(as(carol)
                        .get("/api/subscriptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("id"))
                .contains(c);
        as(carol).get("/api/subscriptions/" + c).then().statusCode(200).body("name", equalTo("made for carol"));
        json(as(carol), body("carol's now"))
                .put("/api/subscriptions/" + c)
                .then()
                .statusCode(200)
                .body("owner", equalTo("carol"));
        notFound(as(alice).get("/api/subscriptions/" + c).then(), c);

        // An admin may give it to someone else; then carol no longer sees it.
        Map<String, Object> toAlice = body("given to alice");
        toAlice.put("owner", "alice");
        json(given(), toAlice)
                .put("/api/subscriptions/" + c)
                .then()
                .statusCode(200)
                .body("owner", equalTo("alice"));
        notFound(as(carol).get("/api/subscriptions/" + c).then(), c);
        as(alice).get("/api/subscriptions/" + c).then().statusCode(200);
    }

    @Test
    void readersAndAnonymousCallersAreRefused() {
        String a = create(alice, "not for readers");
        forbidden(json(as(reader), body("reader's")).post("/api/subscriptions").then());
        forbidden(as(reader).get("/api/subscriptions").then());
        forbidden(as(reader).get("/api/subscriptions/" + a).then());
        forbidden(as(reader).get("/api/alerts/feeds/" + a + ".json").then());
        forbidden(
                as(reader).accept("text/event-stream").get("/api/alerts/stream").then());
        forbidden(as(reader).get("/api/deliveries/dlv_whatever").then());
        RestAssured.given()
                .get("/api/subscriptions")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void subscriptionsFromBeforeKeysAreAdminOnly() throws Exception {
        String legacy = "sub_legacy" + UUID.randomUUID().toString().substring(0, 8);
        Subscription old = new Subscription(
                legacy,
                "made before keys",
                null,
                "howitzers",
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
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topic.SUBSCRIPTIONS.topicName(), legacy, SubscriptionStore.JSON.writeValueAsString(old)))
                    .get();
        }
        assertThat(store.awaitCaughtUp(WAIT)).isTrue();
        assertThat(store.find(legacy)).isNotNull();
        notFound(as(alice).get("/api/subscriptions/" + legacy).then(), legacy);
        assertThat(as(alice).get("/api/subscriptions").then().extract().<List<String>>path("id"))
                .doesNotContain(legacy);
        given().get("/api/subscriptions/" + legacy).then().statusCode(200).body("owner", nullValue());
    }

    @Test
    void deliveriesFollowTheirSubscription() {
        // A receiver that is not there (connection refused at once): the replay's outcome does not matter here.
        Map<String, Object> local = body("alice's deliveries");
        local.put("channels", List.of(Map.of("type", "webhook", "url", "http://127.0.0.1:9/hook")));
        String a = json(as(alice), local)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String channel = as(alice).get("/api/subscriptions/" + a).path("channels[0].id");
        Alert alert = TestAlerts.alert(a, "new", "Delivered once");
        Instant now = Instant.now();
        // Already delivered, so the scheduler leaves it alone until someone replays it.
        Delivery d = new Delivery(
                Delivery.idFor(alert.id(), channel),
                Delivery.ALERT,
                a,
                channel,
                ChannelType.WEBHOOK,
                Status.DELIVERED,
                1,
                204,
                null,
                now,
                now,
                null,
                null,
                now,
                12L,
                null,
                null,
                alert,
                null);
        assertThat(deliveries.create(d)).isNotNull();

        as(alice).get("/api/deliveries/" + d.id()).then().statusCode(200).body("id", equalTo(d.id()));
        given().get("/api/deliveries/" + d.id()).then().statusCode(200);
        as(bob).get("/api/deliveries/" + d.id())
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("no delivery with id " + d.id()));
        as(bob).post("/api/deliveries/" + d.id() + "/replay").then().statusCode(404);
        as(alice)
                .post("/api/deliveries/" + d.id() + "/replay")
                .then()
                .statusCode(200)
                .body("id", equalTo(d.id()));

        // Ids that cannot be ids are a 400 naming the parameter, before any lookup.
        as(alice)
                .get("/api/deliveries/" + "d".repeat(65))
                .then()
                .statusCode(400)
                .body("parameter", equalTo("id"));
        as(alice)
                .get("/api/subscriptions/" + "s".repeat(65))
                .then()
                .statusCode(400)
                .body("parameter", equalTo("id"));
        as(alice)
                .get("/api/alerts/feeds/sub.bad.json")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("subscriptionId"));

        JsonNode replay = awaitAudit("delivery.replay", "alice", d.id());
        assertThat(replay.get("targetType").asText()).isEqualTo("delivery");
        assertThat(replay.at("/details/subscriptionId").asText()).isEqualTo(a);
        assertThat(replay.toString()).doesNotContain("127.0.0.1:9");
    }

    @Test
    void feedsAndStreamsShowOnlyTheCallersAlerts() throws Exception {
        String a = create(alice, "alice's stream");
        String b = create(bob, "bob's stream");

        try (SseClient aliceStream = open("", alice);
                SseClient bobStream = open("", bob);
                SseClient adminStream = open("", null)) {
            Instant now = Instant.now();
            Alert bobs = TestAlerts.alert(b, "new", "For bob only");
            Alert alices = TestAlerts.alert(a, "new", "For alice only");
            // Bob's alert comes first in the log: had alice's stream let it through, it would arrive before hers.
            alerts.record(bobs, now);
            alerts.record(alices, now.plusMillis(1));
            await().atMost(WAIT).until(() -> adminStream.events.size() >= 2);
            await().atMost(WAIT).until(() -> !aliceStream.events.isEmpty() && !bobStream.events.isEmpty());
            assertThat(ids(aliceStream)).containsExactly(alices.id());
            assertThat(ids(bobStream)).containsExactly(bobs.id());
            assertThat(ids(adminStream)).contains(bobs.id(), alices.id());
        }
        // Naming someone else's subscription is the unknown-subscription 404.
        notFound(
                as(alice)
                        .accept("text/event-stream")
                        .queryParam("subscription", b)
                        .get("/api/alerts/stream")
                        .then(),
                b);
        try (SseClient own = open("?subscription=" + a, alice)) {
            assertThat(own.status).isEqualTo(200);
        }

        // Feeds: one's own and, for an admin, anyone's; someone else's is a 404.
        await().atMost(WAIT)
                .until(() ->
                        alerts.recent(b, 10).size() == 1 && alerts.recent(a, 10).size() == 1);
        as(alice).get("/api/alerts/feeds/" + a + ".json").then().statusCode(200).body(containsString("For alice only"));
        notFound(as(alice).get("/api/alerts/feeds/" + b + ".json").then(), b);
        notFound(as(alice).get("/api/alerts/feeds/" + b + ".rss").then(), b);
        as(bob).get("/api/alerts/feeds/" + b + ".rss").then().statusCode(200).body(containsString("For bob only"));
        given().get("/api/alerts/feeds/" + b + ".json")
                .then()
                .statusCode(200)
                .body(not(containsString("For alice only")));
    }

    private static SseClient open(String query, String key) throws Exception {
        URI uri = TestAlerts.uri("/api/alerts/stream" + query);
        SseClient c = key == null ? SseClient.open(uri, null) : SseClient.open(uri, null, key);
        assertThat(c.status).isEqualTo(200);
        await().atMost(WAIT).until(() -> c.comments.contains("connected"));
        return c;
    }

    private List<String> ids(SseClient c) throws Exception {
        List<String> ids = new ArrayList<>();
        for (SseClient.Event e : c.events) {
            ids.add(mapper.readTree(e.data()).get("id").asText());
        }
        return ids;
    }

    @Test
    void changesAreAudited() throws Exception {
        String a = create(alice, "audited");
        JsonNode created = awaitAudit("subscription.create", "alice", a);
        assertThat(created.get("sourceAddress").isNull()).isFalse();
        assertThat(created.get("sourceAddress").asText()).isNotBlank();
        // The service that made the change, as /api/audit shows it.
        assertThat(created.get("service").asText()).isEqualTo("alert-service");
        assertThat(created.get("targetType").asText()).isEqualTo("subscription");
        assertThat(created.get("role").asText()).isEqualTo("editor");
        assertThat(created.at("/details/name").asText()).isEqualTo("audited");
        assertThat(created.at("/details/owner").asText()).isEqualTo("alice");
        assertThat(created.at("/details/channelTypes/0").asText()).isEqualTo("webhook");
        // Neither the webhook secret nor the channel URL is written to the audit log.
        assertThat(created.toString()).doesNotContain("whsec_", "hooks.example.org");

        Map<String, Object> renamed = body("audited, renamed");
        json(as(alice), renamed).put("/api/subscriptions/" + a).then().statusCode(200);
        JsonNode updated = awaitAudit("subscription.update", "alice", a);
        List<String> changed = new ArrayList<>();
        updated.at("/details/changed").forEach(n -> changed.add(n.asText()));
        assertThat(changed).containsExactly("name");

        as(alice).post("/api/subscriptions/" + a + "/rotate-secret").then().statusCode(200);
        assertThat(awaitAudit("subscription.rotate-secret", "alice", a).toString())
                .doesNotContain("whsec_");
        // Refused attempts change nothing and are not recorded as changes.
        as(bob).delete("/api/subscriptions/" + a).then().statusCode(404);
        as(alice).delete("/api/subscriptions/" + a).then().statusCode(204);
        JsonNode deleted = awaitAudit("subscription.delete", "alice", a);
        assertThat(auditEvents(e -> e.get("action").asText().equals("subscription.delete")
                        && e.get("targetId").asText().equals(a)))
                .hasSize(1);
        assertThat(deleted.get("actor").asText()).isEqualTo("alice");
    }

    /** The first audit event with this action, actor and target, waiting until it has been written. */
    private JsonNode awaitAudit(String action, String actor, String targetId) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            found.clear();
            found.addAll(auditEvents(e -> action.equals(e.path("action").asText())
                    && actor.equals(e.path("actor").asText())
                    && targetId.equals(e.path("targetId").asText())));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Every event on {@code redline.audit} so far that {@code filter} accepts, read with a plain consumer. */
    private List<JsonNode> auditEvents(java.util.function.Predicate<JsonNode> filter) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.AUDIT.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode e;
                    try {
                        e = mapper.readTree(r.value());
                    } catch (java.io.IOException unreadable) {
                        continue; // other tests put poison records on the topic (the indexer must skip them too)
                    }
                    if (filter.test(e)) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }
}
