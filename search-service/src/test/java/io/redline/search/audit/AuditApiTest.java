package io.redline.search.audit;

import static io.redline.search.TestApi.as;
import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AuditEvent;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/audit} against the real broker and Elasticsearch: key changes made through the API arrive in the
 * audit index with who, how and from where; unreadable records are skipped and a re-read event stays one entry;
 * filters, paging and parameter checks; admins only.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditApiTest {

    private static final Duration INDEXED = Duration.ofSeconds(60);

    @Inject
    ApiKeyStore store;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String createKey(String adminKey, String owner) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", "audited key");
        b.put("owner", owner);
        b.put("role", "reader");
        return as(adminKey)
                .contentType(ContentType.JSON)
                .body(b)
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void keyChangesAreAudited() {
        String owner = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = given().contentType(ContentType.JSON)
                .body(Map.of("name", "audited key", "owner", owner, "role", "reader"))
                .post("/api/keys");
        created.then().statusCode(201);
        String id = created.path("id");
        String value = created.path("key");
        given().delete("/api/keys/" + id).then().statusCode(204);

        // The events travel through redline.audit to the index: wait until both are there.
        await().atMost(INDEXED)
                .untilAsserted(() -> given().queryParam("action", "key.")
                        .queryParam("targetId", id)
                        .get("/api/audit")
                        .then()
                        .statusCode(200)
                        .body("items.size()", equalTo(2)));
        Response page =
                given().queryParam("action", "key.").queryParam("targetId", id).get("/api/audit");
        assertThat(page.asString()).doesNotContain(value);
        JsonPath json = page.jsonPath();
        assertThat(json.getList("items.action")).containsExactly("key.revoke", "key.create"); // newest first
        assertThat((Object) json.get("next")).isNull();
        for (int i = 0; i < 2; i++) {
            String item = "items[" + i + "].";
            assertThat(json.getString(item + "id")).isNotBlank();
            assertThat(json.getString(item + "at")).isNotBlank();
            assertThat(json.getString(item + "actor")).isEqualTo("admin");
            assertThat(json.getString(item + "authMethod")).isEqualTo("bootstrap");
            assertThat(json.getString(item + "keyId")).isEqualTo("bootstrap");
            assertThat(json.getString(item + "role")).isEqualTo("admin");
            assertThat(json.getString(item + "sourceAddress")).isNotBlank();
            assertThat(json.getString(item + "service")).isEqualTo("search-service");
            assertThat(json.getString(item + "targetType")).isEqualTo("key");
            assertThat(json.getString(item + "targetId")).isEqualTo(id);
            assertThat(json.getMap(item + "details"))
                    .containsEntry("name", "audited key")
                    .containsEntry("owner", owner)
                    .containsEntry("role", "reader")
                    .hasSize(3);
        }

        // Exact action, actor and target type filters.
        given().queryParam("action", "key.create")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].action", equalTo("key.create"));
        given().queryParam("action", "key.*")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .body("items.size()", equalTo(2));
        given().queryParam("actor", "admin")
                .queryParam("targetType", "key")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .body("items.size()", equalTo(2));
        given().queryParam("actor", "someone-else")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .body("items", empty())
                .body("next", nullValue());
        given().queryParam("targetType", "feed")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .body("items", empty());
        given().queryParam("action", "subscription.")
                .queryParam("targetId", id)
                .get("/api/audit")
                .then()
                .body("items", empty());
    }

    @Test
    void pagesAndTimeWindow() {
        // An admin of this test's own, so its events are told apart from every other test's by the actor.
        String actor = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
        String admin =
                store.create("audit test admin", actor, Role.ADMIN, "test").value();
        Instant before = Instant.now().minusSeconds(1);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(createKey(admin, "paged-" + i));
        }
        await().atMost(INDEXED)
                .untilAsserted(() -> given().queryParam("actor", actor)
                        .get("/api/audit")
                        .then()
                        .statusCode(200)
                        .body("items.size()", equalTo(5)));
        List<String> all =
                given().queryParam("actor", actor).get("/api/audit").jsonPath().getList("items.targetId");
        assertThat(all).containsExactlyInAnyOrderElementsOf(made);

        // Pages of two: 2 + 2 + 1, in the same order as one big page, and the last one says there is no more.
        List<String> paged = new ArrayList<>();
        String after = null;
        List<Integer> sizes = new ArrayList<>();
        do {
            var request = given().queryParam("actor", actor).queryParam("size", "2");
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page =
                    request.get("/api/audit").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.targetId");
            sizes.add(ids.size());
            paged.addAll(ids);
            after = page.getString("next");
        } while (after != null && sizes.size() < 10);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(paged).containsExactlyElementsOf(all);

        // A token only pages the query it came from.
        String token = given().queryParam("actor", actor)
                .queryParam("size", "2")
                .get("/api/audit")
                .path("next");
        given().queryParam("actor", "someone-else")
                .queryParam("after", token)
                .get("/api/audit")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("after"));

        // Time window: everything made after 'before'; nothing from an hour on.
        Instant later = Instant.now().plusSeconds(3600);
        given().queryParam("actor", actor)
                .queryParam("from", before.toString())
                .queryParam("to", later.toString())
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(5));
        given().queryParam("actor", actor)
                .queryParam("from", later.toString())
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items", empty());
        given().queryParam("actor", actor)
                .queryParam("to", before.toString())
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items", empty());
        // Other offsets than Z are the same instants.
        given().queryParam("actor", actor)
                .queryParam("from", before.atOffset(ZoneOffset.ofHours(2)).toString())
                .get("/api/audit")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(5));
    }

    @Test
    void unreadableRecordsAreSkippedAndRereadEventsStayOne() throws Exception {
        String target = "sub-" + UUID.randomUUID();
        AuditEvent event = new AuditEvent(
                UUID.randomUUID().toString(),
                Instant.now(),
                "ed",
                "api-key",
                "aaaaaaaaaaaaaaaa",
                "editor",
                "subscription.update",
                "subscription",
                target,
                "10.0.0.7",
                "alert-service",
                Map.of("name", "frigates"));
        AuditEvent later = new AuditEvent(
                UUID.randomUUID().toString(),
                Instant.now().plusMillis(5),
                "ed",
                "api-key",
                "aaaaaaaaaaaaaaaa",
                "editor",
                "subscription.delete",
                "subscription",
                target,
                "10.0.0.7",
                "alert-service",
                Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(),
                new StringSerializer())) {
            String topic = Topic.AUDIT.topicName();
            String key = "subscription:" + target;
            producer.send(new ProducerRecord<>(topic, key, "{not json")).get();
            producer.send(new ProducerRecord<>(topic, key, "{\"action\": \"subscription.update\"}"))
                    .get();
            // The same event twice, as after a restart before the offset was committed.
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(event)))
                    .get();
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(event)))
                    .get();
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(later)))
                    .get();
        }
        // One partition, read in order: once the last event is searchable, the ones before it were handled.
        await().atMost(INDEXED)
                .untilAsserted(() -> given().queryParam("targetId", target)
                        .get("/api/audit")
                        .then()
                        .statusCode(200)
                        .body("items.action", hasItem("subscription.delete")));
        JsonPath page = given().queryParam("targetId", target).get("/api/audit").jsonPath();
        assertThat(page.getList("items.id")).containsExactly(later.id(), event.id());
        assertThat(page.getString("items[1].sourceAddress")).isEqualTo("10.0.0.7");
        assertThat(page.getMap("items[1].details")).containsEntry("name", "frigates");
        // Prefix filters see the indexed events.
        given().queryParam("targetId", target)
                .queryParam("action", "subscription.")
                .get("/api/audit")
                .then()
                .body("items.size()", equalTo(2));
    }

    @Test
    void badParametersAreNamed() {
        assertBad("size", "0");
        assertBad("size", "201");
        assertBad("size", "ten");
        assertBad("from", "yesterday");
        assertBad("from", "2026-01-01");
        assertBad("to", "2026-13-01T00:00:00Z");
        assertBad("after", "not-a-token");
        assertBad("after", "YWJj");
        assertBad("action", "key create");
        assertBad("action", "a".repeat(101));
        assertBad("actor", "x".repeat(201));
        assertBad("targetId", "x".repeat(201));
        assertBad("targetType", "x".repeat(201));
        given().queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/audit")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("to"));
        // The limits themselves are fine.
        given().queryParam("size", "200").get("/api/audit").then().statusCode(200);
        given().queryParam("size", "1").get("/api/audit").then().statusCode(200);
    }

    private static void assertBad(String parameter, String value) {
        given().queryParam(parameter, value)
                .get("/api/audit")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Invalid parameter"))
                .body("status", equalTo(400))
                .body("parameter", equalTo(parameter))
                .body("detail", startsWith(parameter));
    }

    @Test
    void onlyAdminsReadTheAuditLog() {
        for (Role role : List.of(Role.READER, Role.EDITOR)) {
            String key = store.create("audit " + role.id(), "peeker-" + role.id(), role, "test")
                    .value();
            as(key).get("/api/audit").then().statusCode(403).contentType(startsWith("application/problem+json"));
        }
        RestAssured.given()
                .get("/api/audit")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }
}
