package io.redline.alerts.stream;

import static io.redline.alerts.TestApi.as;
import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Alert;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Revocation bites on open streams: an SSE stream opened with an API key ends, with a last {@code stream.closed}
 * event saying why, once that key is revoked (written to {@code redline.api-keys} through the real broker), and no
 * alert reaches it after; a new connection with the key is refused.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StreamRevocationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ApiKeyStore keys;

    @Inject
    AlertLog log;

    @Inject
    ObjectMapper mapper;

    @Test
    void anOpenStreamEndsWhenItsKeyIsRevoked() throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        String owner = "streamer-" + Fixtures.newId();
        ApiKeyStore.Created created = keys.create("stream key", owner, Role.EDITOR, "test");
        String key = created.value();
        String sub = as(key).contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "revoked stream",
                        "query",
                        "howitzers",
                        "channels",
                        List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/stream"))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        try (SseClient c = SseClient.open(TestAlerts.uri("/api/alerts/stream?subscription=" + sub), null, key)) {
            assertThat(c.status).isEqualTo(200);
            await().atMost(WAIT).until(() -> c.comments.contains("connected"));
            Alert before = TestAlerts.alert(sub, "new", "Streamed while the key is valid");
            log.record(before, Instant.now());
            await().atMost(WAIT).until(() -> c.events.size() == 1);

            keys.revoke(created.key().id(), "test");
            await().alias("the stream of a revoked key ends").atMost(WAIT).until(c::ended);
            SseClient.Event last = c.events.get(c.events.size() - 1);
            assertThat(last.name()).isEqualTo("stream.closed");
            assertThat(mapper.readTree(last.data()).path("reason").asText()).isEqualTo("api-key-revoked");
            assertThat(c.events).hasSize(2);
        }
        // The key no longer opens a stream either.
        try (SseClient again = SseClient.open(TestAlerts.uri("/api/alerts/stream"), null, key)) {
            assertThat(again.status).isEqualTo(401);
        }
    }
}
