package io.redline.ingest.api;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.security.ApiAccessMatrix;
import io.redline.security.ApiKeyFormat;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every /api operation in ingest-service's OpenAPI document answers 401 without a valid key, 403 below the role
 * the document names, and lets that role and higher through; walking the document means new endpoints are covered.
 */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
// The same resources as FeedRegistryApiTest, so both run in one Quarkus start.
@WithTestResource(value = RegistryFeedsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ApiAccessMatrixTest {

    /**
     * The lowest role issue 7 decided for each path (and everything under it): the walk checks that the service
     * does what its document says, this that the document says what was decided. A new path must be added here.
     */
    private static final Map<String, String> LOWEST_ROLES = Map.of("/api/feeds", "admin");

    @Inject
    ApiKeyStore keys;

    @Test
    void everyOperationEnforcesItsRole() {
        ApiAccessMatrix.check(
                URI.create("http://localhost:" + RestAssured.port),
                (name, role) ->
                        keys.create(name, "walker", Role.parse(role), "test").value(),
                key -> keys.revoke(ApiKeyFormat.parse(key).id(), "test"),
                LOWEST_ROLES,
                1);
    }
}
