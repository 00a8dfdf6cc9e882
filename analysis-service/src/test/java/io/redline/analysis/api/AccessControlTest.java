package io.redline.analysis.api;

import static io.redline.analysis.TestApi.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Keys on analysis-service: none or a wrong one is 401, a reader key works, a revoked key stops working. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class AccessControlTest {

    @Inject
    ApiKeyStore keys;

    @Test
    void keysDecideAccess() {
        RestAssured.given()
                .contentType("text/plain")
                .body("A red line.")
                .post("/api/analyze")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        as("rlk_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .contentType("text/plain")
                .body("A red line.")
                .post("/api/analyze")
                .then()
                .statusCode(401)
                .body("status", equalTo(401));
        ApiKeyStore.Created reader = keys.create("test reader", "rita", Role.READER, "test");
        as(reader.value())
                .contentType("text/plain")
                .body("A red line.")
                .post("/api/analyze")
                .then()
                .statusCode(200);
        RestAssured.given()
                .header("X-API-Key", reader.value())
                .get("/api/taxonomy")
                .then()
                .statusCode(200);
        keys.revoke(reader.key().id(), "test");
        as(reader.value()).get("/api/taxonomy").then().statusCode(401);
    }
}
