package io.redline.search;

import static io.redline.search.TestApi.given;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/** A body over {@code quarkus.http.limits.max-body-size} (1M) is refused with 413, even for an admin. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OversizeBodyTest {

    /** Just over the configured 1M (1 MiB), so the limit and not some larger one is what refuses it. */
    private static final int OVERSIZE = 1024 * 1024 + 1024;

    @Test
    void bodyOverTheLimitIs413AndTheServiceKeepsAnswering() {
        // Valid JSON, so only its size can be the reason for the refusal.
        String body = "{\"name\":\"" + "a".repeat(OVERSIZE) + "\"}";
        given().contentType("application/json")
                .body(body)
                .post("/api/keys")
                .then()
                .statusCode(413);

        given().get("/api/keys").then().statusCode(200);
    }
}
