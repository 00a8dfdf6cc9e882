package io.redline.alerts;

import static io.redline.alerts.TestApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * With Elasticsearch stopped, the alert endpoints that read it (delivery log, backtest, feeds) answer 503 with
 * Retry-After while subscriptions, kept in Kafka, are still served; all recover when it is back.
 *
 * <p>It stops the node every test class of this JVM shares, so it runs last ({@link Order}, honoured through the
 * secondary orderer set in {@code META-INF/microprofile-config.properties}) and restarts the node (same port and
 * data) before it ends.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Order(Integer.MAX_VALUE)
class OutageTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void elasticsearchDownIs503WithRetryAfterAndRecovers() {
        // Stopping the node and starting it again on the same port needs the local process.
        assumeTrue(
                LocalStackTestResource.localProcesses(),
                "OutageTest stops Elasticsearch, which only the local stack (-Dredline.stack=local) lets it do");
        // The subscription API answers 503 until the subscriptions topic has been read once.
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        String id = given().contentType("application/json")
                .body(Map.of(
                        "name",
                        "outage",
                        "query",
                        "frigates",
                        "channels",
                        List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/outage"))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        LocalStackTestResource.elasticsearch().stop();
        try {
            given().get("/api/deliveries/" + Fixtures.newId())
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body("title", equalTo("Alert backend unavailable"));
            given().get("/api/subscriptions/" + id + "/deliveries")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            given().get("/api/subscriptions/" + id + "/backtest")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            given().get("/api/alerts/feeds/" + id + ".json")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            // Subscriptions live in Kafka: reading and changing them does not wait for Elasticsearch.
            given().get("/api/subscriptions/" + id).then().statusCode(200).body("name", equalTo("outage"));
        } finally {
            // Starts the stopped node again on the same port with the same data, and waits until it is ready.
            LocalStackTestResource.elasticsearch();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/api/subscriptions/" + id + "/deliveries").then().statusCode(200);
            given().get("/api/alerts/feeds/" + id + ".json").then().statusCode(200);
        });
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }
}
