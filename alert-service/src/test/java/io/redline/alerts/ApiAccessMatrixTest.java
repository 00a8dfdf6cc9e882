package io.redline.alerts;

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
 * Every /api operation in alert-service's OpenAPI document answers 401 without a valid key, 403 below the role
 * the document names, and lets that role and higher through; walking the document means new endpoints are covered.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ApiAccessMatrixTest {

    /**
     * The lowest role issue 7 decided for each path (and everything under it), unchanged by the move out of
     * search-service: the walk checks that the service does what its document says, this that the document says
     * what was decided. A new path must be added here.
     */
    private static final Map<String, String> LOWEST_ROLES = Map.of(
            "/api/subscriptions", "editor",
            "/api/deliveries", "editor",
            "/api/alerts/stream", "editor",
            "/api/alerts/feeds", "editor",
            "/api/quotas", "admin",
            "/api/brief", "reader");

    @Inject
    ApiKeyStore keys;

    @Test
    void everyOperationEnforcesItsRole() {
        // Subscriptions (create, list, one, update, delete, rotate secret, test, deliveries, backtest), deliveries
        // (one, replay), the alert stream and the two feeds, quotas (list, one, set, remove): at least 18.
        ApiAccessMatrix.check(
                URI.create("http://localhost:" + RestAssured.port),
                (name, role) ->
                        keys.create(name, "walker", Role.parse(role), "test").value(),
                key -> keys.revoke(ApiKeyFormat.parse(key).id(), "test"),
                LOWEST_ROLES,
                18);
    }
}
