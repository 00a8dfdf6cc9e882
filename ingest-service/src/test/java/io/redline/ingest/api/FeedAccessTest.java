package io.redline.ingest.api;

import static io.redline.ingest.TestApi.as;
import static io.redline.ingest.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.TestKeys;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Feeds are admin-only: every /api/feeds method refuses callers without a key (401), with a wrong key (401) and with
 * a reader or editor key (403); an admin's change is written to the audit topic; an oversized OPML import is 413.
 */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
// The same resources as FeedRegistryApiTest, so both run against one application start.
@WithTestResource(value = RegistryFeedsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FeedAccessTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String WRONG_KEY = "rlk_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String SOME_ID = "0123456789ab";
    private static final String OPML = "<opml version=\"2.0\"><body/></opml>";

    @Inject
    ApiKeyStore keys;

    @TestHTTPResource("/api/feeds/opml")
    URI opmlUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** One request of each feed method, sent with whatever credentials the given request carries. */
    private static final List<Function<RequestSpecification, Response>> EVERY_METHOD = List.of(
            r -> r.get("/api/feeds"),
            r -> r.contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:1/x.xml"))
                    .post("/api/feeds"),
            r -> r.get("/api/feeds/" + SOME_ID),
            r -> r.contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:1/x.xml"))
                    .put("/api/feeds/" + SOME_ID),
            r -> r.delete("/api/feeds/" + SOME_ID),
            r -> r.post("/api/feeds/" + SOME_ID + "/refresh"),
            r -> r.contentType("text/x-opml").body(OPML).post("/api/feeds/opml"),
            r -> r.get("/api/feeds/opml"));

    @Test
    void withoutAKeyOrWithAWrongOneEveryFeedMethodIsUnauthorized() {
        for (Function<RequestSpecification, Response> call : EVERY_METHOD) {
            call.apply(RestAssured.given())
                    .then()
                    .statusCode(401)
                    .contentType(startsWith(PROBLEM))
                    .header("WWW-Authenticate", startsWith("Bearer"));
            call.apply(as(WRONG_KEY)).then().statusCode(401).contentType(startsWith(PROBLEM));
            call.apply(RestAssured.given().header("X-API-Key", WRONG_KEY))
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void readersAndEditorsAreForbiddenEveryFeedMethod() {
        String reader =
                keys.create("feed test reader", "rita", Role.READER, "test").value();
        String editor =
                keys.create("feed test editor", "eddie", Role.EDITOR, "test").value();
        for (Function<RequestSpecification, Response> call : EVERY_METHOD) {
            call.apply(as(reader))
                    .then()
                    .statusCode(403)
                    .contentType(startsWith(PROBLEM))
                    .body("status", equalTo(403));
            call.apply(as(editor)).then().statusCode(403).contentType(startsWith(PROBLEM));
            call.apply(RestAssured.given().header("X-API-Key", editor)).then().statusCode(403);
        }
    }

    @Test
    void anAdminKeyMayChangeFeedsAndTheChangeIsAudited() throws Exception {
        String admin = keys.create("feed test admin", "ada", Role.ADMIN, "test").value();
        String url = RegistryFeedsResource.feed("audited");

        String id = as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("url", url, "title", "Audited", "tags", List.of("wire")))
                .post("/api/feeds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(admin).get("/api/feeds/" + id).then().statusCode(200).body("url", equalTo(url));
        RestAssured.given().header("X-API-Key", admin).get("/api/feeds").then().statusCode(200);
        as(admin).get("/api/feeds/opml").then().statusCode(200);

        JsonNode event = auditEvents().stream()
                .filter(e -> "feed.create".equals(e.path("action").asText())
                        && id.equals(e.path("targetId").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no feed.create event for " + id));
        assertThat(event.path("actor").asText()).isEqualTo("ada");
        assertThat(event.path("authMethod").asText()).isEqualTo("api-key");
        assertThat(event.path("role").asText()).isEqualTo("admin");
        assertThat(event.path("targetType").asText()).isEqualTo("feed");
        assertThat(event.path("service").asText()).isEqualTo("ingest-service");
        assertThat(event.path("sourceAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("details").path("url").asText()).isEqualTo(url);
        assertThat(event.path("details").path("title").asText()).isEqualTo("Audited");
        assertThat(event.toString()).doesNotContain(admin.substring(21));

        as(admin).delete("/api/feeds/" + id).then().statusCode(204);
        assertThat(auditEvents()).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("feed.delete");
            assertThat(e.path("targetId").asText()).isEqualTo(id);
            assertThat(e.path("details").path("url").asText()).isEqualTo(url);
        });
    }

    @Test
    void malformedIdsAndFiltersAreBadRequests() {
        for (String bad : List.of("0123456789AB", "0123", "0123456789abc", "0123456789a!", "01234567890g")) {
            given().get("/api/feeds/" + bad)
                    .then()
                    .statusCode(400)
                    .contentType(startsWith(PROBLEM))
                    .body("field", equalTo("id"));
            given().delete("/api/feeds/" + bad).then().statusCode(400).body("field", equalTo("id"));
            given().post("/api/feeds/" + bad + "/refresh")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("id"));
            given().contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:1/x.xml"))
                    .put("/api/feeds/" + bad)
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("id"));
        }
        given().get("/api/feeds?tag=" + "t".repeat(65))
                .then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM))
                .body("field", equalTo("tag"));
        given().queryParam("tag", "a\u0000b")
                .get("/api/feeds")
                .then()
                .statusCode(400)
                .body("field", equalTo("tag"));
        given().get("/api/feeds?status=sleeping").then().statusCode(400).body("field", equalTo("status"));
    }

    @Test
    void anOversizedOpmlImportIsContentTooLarge() throws Exception {
        // Above the endpoint's own cap but within the HTTP limit: a problem naming the field.
        byte[] large = padded(FeedResource.MAX_OPML_BYTES + 1);
        given().contentType("text/x-opml")
                .body(large)
                .post("/api/feeds/opml")
                .then()
                .statusCode(413)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(413))
                .body("field", equalTo("opml"));
        // Above quarkus.http.limits.max-body-size (5M): refused by the HTTP layer before the body is read. The
        // server answers on the declared length and closes the connection, so a client that keeps writing sees a
        // broken pipe; one that asks "Expect: 100-continue" (as curl does for large bodies) reads the 413.
        HttpRequest request = HttpRequest.newBuilder(opmlUrl)
                .expectContinue(true)
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .header("Content-Type", "text/x-opml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(padded(6 * 1024 * 1024)))
                .build();
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(413);
    }

    /** An OPML document of {@code size} bytes: an empty body padded with an XML comment. */
    private static byte[] padded(int size) {
        String head = "<opml version=\"2.0\"><body/><!--";
        String tail = "--></opml>";
        char[] filler = new char[size - head.length() - tail.length()];
        Arrays.fill(filler, 'x');
        return (head + new String(filler) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Every audit event on the topic up to its current end. AuditLog writes synchronously before the request
     * returns, so an event of a completed request is below the end offsets read here.
     */
    private List<JsonNode> auditEvents() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.AUDIT.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(json.readTree(r.value()));
                }
            }
        }
        return events;
    }
}
