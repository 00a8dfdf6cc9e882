package io.redline.analysis.api;

import static io.redline.analysis.TestApi.as;
import static io.redline.analysis.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing keys is throttled per source address before anything else: failed authentications count against the
 * address, and once it is over its limit every request from it is refused with 429, a valid key's too.
 */
@QuarkusTest
@TestProfile(FailedAuthenticationLimitTest.ThreeFailures.class)
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class FailedAuthenticationLimitTest {

    private static final String PROBLEM = "application/problem+json";

    /** Three failed authentications per address, refilled at one a minute: a fourth is refused within the test. */
    public static class ThreeFailures implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "redline.auth.rate-limit.unauthenticated.per-minute", "1",
                    "redline.auth.rate-limit.unauthenticated.burst", "3");
        }
    }

    @Test
    void anAddressGuessingKeysIsRefusedWith429EvenWithAValidKey() {
        // A valid key first: authenticated requests do not count as failures.
        given().get("/api/taxonomy").then().statusCode(200);

        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        // Unknown rlk_ keys, with a JSON body the endpoint does not accept: who is calling is asked first (401),
        // and the fourth failure within the minute is refused as a guess (429), whatever the body says.
        for (int i = 0; i < 6 && refused == null; i++) {
            Response r = as("rlk_guess" + i + "_" + "x".repeat(40))
                    .contentType("application/json")
                    .body("{}")
                    .post("/api/analyze");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                refused = r;
            }
        }
        assertThat(statuses.subList(0, 3)).as("the first three guesses").containsOnly(401);
        assertThat(refused).as("a guess refused with 429 among %s", statuses).isNotNull();
        refused.then()
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(429))
                .body("title", equalTo("Too many requests"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThanOrEqualTo(1);

        // The address is blocked for the window: a valid key from it waits too, so a guesser that finds a key
        // cannot use it at once.
        given().get("/api/taxonomy")
                .then()
                .statusCode(429)
                .contentType(startsWith(PROBLEM))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }
}
