package io.redline.analysis.api;

import static io.redline.analysis.TestApi.given;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/** A body over {@code quarkus.http.limits.max-body-size} (2M) is refused with 413, even for an admin. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class OversizeBodyTest {

    /** Just over the configured 2M (2 MiB), so the limit and not some larger one is what refuses it. */
    private static final int OVERSIZE = 2 * 1024 * 1024 + 1024;

    @Test
    void bodyOverTheLimitIs413AndTheServiceKeepsAnswering() {
        given().contentType("text/plain")
                .body("a".repeat(OVERSIZE))
                .post("/api/analyze")
                .then()
                .statusCode(413);

        given().contentType("text/plain")
                .body("A red line.")
                .post("/api/analyze")
                .then()
                .statusCode(200);
    }
}
