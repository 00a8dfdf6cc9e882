package io.redline.alerts;

import static io.redline.alerts.TestApi.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A body over {@code quarkus.http.limits.max-body-size} (1M) is refused with 413, even for an admin. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OversizeBodyTest {

    /** Just over the configured 1M (1 MiB), so the limit and not some larger one is what refuses it. */
    private static final int OVERSIZE = 1024 * 1024 + 1024;

    @Test
    void bodyOverTheLimitIs413AndTheServiceKeepsAnswering() {
        // The subscription API answers 503 until the subscriptions topic has been read once; only then does the
        // 200 afterwards show that the refusal left the service answering.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));

        // Valid JSON, so only its size can be the reason for the refusal.
        String body = "{\"name\":\"" + "a".repeat(OVERSIZE) + "\"}";
        given().contentType("application/json")
                .body(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(413);

        given().get("/api/subscriptions").then().statusCode(200);
    }
}
