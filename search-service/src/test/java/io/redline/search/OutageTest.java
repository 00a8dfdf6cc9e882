package io.redline.search;

import static io.redline.search.TestApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * With Elasticsearch stopped the API answers 503 with Retry-After, and recovers when it is back.
 *
 * <p>It stops the node every test class of this JVM shares, so it runs last ({@link Order}, honoured through the
 * secondary orderer set in {@code META-INF/microprofile-config.properties}) and restarts the node (same port and
 * data) before it ends.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@Order(Integer.MAX_VALUE)
class OutageTest {

    @Test
    void elasticsearchDownIs503WithRetryAfterAndRecovers() {
        // Stopping the node and starting it again on the same port needs the local process.
        assumeTrue(
                LocalStackTestResource.localProcesses(),
                "OutageTest stops Elasticsearch, which only the local stack (-Dredline.stack=local) lets it do");
        LocalStackTestResource.elasticsearch().stop();
        try {
            given().get("/api/articles")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json")
                    .body("status", equalTo(503));
            given().get("/api/timeline").then().statusCode(503).header("Retry-After", notNullValue());
            given().get("/api/articles/" + Fixtures.newId()).then().statusCode(503);
        } finally {
            // Starts the stopped node again on the same port with the same data, and waits until it is ready.
            LocalStackTestResource.elasticsearch();
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/articles").then().statusCode(200));
    }
}
