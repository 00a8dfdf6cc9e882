package io.redline.alerts.subscription;

import static io.redline.alerts.TestApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscription with a prefix shorter than 3 letters or digits is refused with a 400 naming the rule. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ShortPrefixTest {

    @Test
    void aTwoLetterPrefixIs400NamingQueryAndTheRule() {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        for (String q : List.of("a*", "ab*", "missile OR ab*")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "name",
                            "short prefix",
                            "query",
                            q,
                            "channels",
                            List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/prefix"))))
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("query"))
                    .body("detail", containsString("at least 3 letters or digits"));
        }
    }
}
