package io.redline.alerts.quota;

import static io.redline.alerts.TestApi.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-owner quotas through the API on the real broker: each count limit answers 422 naming the limit, its value and
 * its setting; an admin's override (stored in {@code redline.quotas}) takes effect and its removal restores the
 * default; one owner at their limit does not stop another.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class QuotaApiTest {

    @BeforeEach
    void loaded() {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    private static String owner(String name) {
        return name + "-" + Fixtures.newId().substring(0, 8);
    }

    private static Map<String, Object> body(String owner, List<Map<String, Object>> channels) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "quota " + owner);
        b.put("query", "howitzers");
        b.put("owner", owner);
        b.put("channels", channels);
        return b;
    }

    private static Map<String, Object> webhook(int i) {
        return Map.of("type", "webhook", "url", "https://hooks.example.org/q" + i);
    }

    private static Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/subscriptions");
    }

    @Test
    void subscriptionsPerOwnerAnswer422NamingTheLimitAndAnOverrideTakesEffect() {
        String owner = owner("quota-subs");
        given().contentType(ContentType.JSON)
                .body(Map.of("subscriptionsPerOwner", 2))
                .put("/api/quotas/" + owner)
                .then()
                .statusCode(200)
                .body("owner", equalTo(owner))
                .body("subscriptionsPerOwner", equalTo(2))
                .body("channelsPerSubscription", equalTo(10));
        create(body(owner, List.of(webhook(1)))).then().statusCode(201);
        create(body(owner, List.of(webhook(2)))).then().statusCode(201);
        create(body(owner, List.of(webhook(3))))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("limit", equalTo("subscriptions-per-owner"))
                .body("value", equalTo(2))
                .body("setting", equalTo("redline.alerts.quota.subscriptions-per-owner"))
                .body("detail", containsString("subscriptions-per-owner"))
                .body("detail", containsString("2"));
        // Another owner is not held up by this one's limit (the global cap used to answer 409 to everyone).
        create(body(owner("quota-other"), List.of(webhook(4)))).then().statusCode(201);
        given().get("/api/quotas/" + owner)
                .then()
                .statusCode(200)
                .body("usage.subscriptions", equalTo(2))
                .body("overrides.subscriptionsPerOwner", equalTo(2));

        // Without the override the default (100) applies again.
        given().delete("/api/quotas/" + owner).then().statusCode(204);
        given().get("/api/quotas/" + owner)
                .then()
                .statusCode(200)
                .body("subscriptionsPerOwner", equalTo(100))
                .body("overrides", nullValue());
        create(body(owner, List.of(webhook(3)))).then().statusCode(201);
    }

    @Test
    void channelsAndRecipientsAnswer422WithTheirDefaultsAndAnOverrideRaisesThem() {
        String owner = owner("quota-channels");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(webhook(i));
        }
        create(body(owner, eleven))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("limit", equalTo("channels-per-subscription"))
                .body("value", equalTo(10))
                .body("setting", equalTo("redline.alerts.quota.channels-per-subscription"))
                .body("detail", containsString("channels-per-subscription"));
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            to.add("desk" + i + "@example.org");
        }
        create(body(owner, List.of(Map.of("type", "email", "to", to))))
                .then()
                .statusCode(422)
                .body("limit", equalTo("recipients-per-channel"))
                .body("value", equalTo(20))
                .body("setting", equalTo("redline.alerts.quota.recipients-per-channel"))
                .body("detail", containsString("20"));

        given().contentType(ContentType.JSON)
                .body(Map.of("channelsPerSubscription", 12, "recipientsPerChannel", 25))
                .put("/api/quotas/" + owner)
                .then()
                .statusCode(200);
        create(body(owner, eleven)).then().statusCode(201);
        create(body(owner, List.of(Map.of("type", "email", "to", to)))).then().statusCode(201);
    }

    @Test
    void aBadOverrideIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("alertsPerHour", -1))
                .put("/api/quotas/" + owner("quota-bad"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("alertsPerHour"));
        given().get("/api/quotas/not%20an%20owner").then().statusCode(400);
    }
}
