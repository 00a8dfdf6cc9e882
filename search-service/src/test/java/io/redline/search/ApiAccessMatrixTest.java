package io.redline.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.security.ApiAccessWalker;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every /api operation in search-service's OpenAPI document answers 401 without a valid key, 403 below the role
 * the document names, and lets that role and higher through; walking the document means new endpoints are covered.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ApiAccessMatrixTest {

    /**
     * The lowest role issue 7 decided for each path (and everything under it): the walk checks that the service
     * does what its document says, this that the document says what was decided. A new path must be added here.
     */
    private static final Map<String, String> LOWEST_ROLES = Map.of(
            "/api/articles", "reader",
            "/api/timeline", "reader",
            "/api/stories", "reader",
            "/api/keys", "admin",
            "/api/audit", "admin");

    @Inject
    ApiKeyStore keys;

    @Test
    void everyOperationEnforcesItsRole() {
        Map<String, String> keysByRole = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            keysByRole.put(
                    role.id(),
                    keys.create("matrix " + role.id(), "walker", role, "test").value());
        }
        // An admin key, so a revoked key is shown to lose even the highest role.
        ApiKeyStore.Created revoked = keys.create("matrix revoked", "walker", Role.ADMIN, "test");
        keys.revoke(revoked.key().id(), "test");

        ApiAccessWalker.Report report = new ApiAccessWalker(
                        URI.create("http://localhost:" + RestAssured.port), keysByRole, revoked.value())
                .walk();
        System.out.println(report.table());

        assertThat(report.violations())
                .withFailMessage(report::violationMessage)
                .isEmpty();
        assertThat(report.roleMismatches(LOWEST_ROLES)).isEmpty();
        // Articles (list, one), timeline, story, keys (create, list, one, revoke), audit: at least 9. Subscriptions,
        // deliveries and alert streams are alert-service's; a path not in LOWEST_ROLES is a mismatch above.
        assertThat(report.operations()).hasSizeGreaterThanOrEqualTo(9);
    }
}
