package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The alerts-per-hour quota on the real pipeline: beyond an owner's hourly limit further alerts are not delivered,
 * they are counted as suppressed (quota usage and a metric), and a test send answers 429 naming the limit.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OwnerQuotaDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Test
    void alertsBeyondTheHourlyQuotaAreSuppressedAndCounted() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        String word = "qh" + Fixtures.newId().replaceAll("[0-9]", "").substring(0, 6);
        String owner = "hourly-" + word;
        given().contentType(ContentType.JSON)
                .body(Map.of("alertsPerHour", 1))
                .put("/api/quotas/" + owner)
                .then()
                .statusCode(200);
        try (Receiver r = Receiver.answering(204, Map.of(), "")) {
            String sub = given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "name", owner,
                            "owner", owner,
                            "query", word,
                            "channels", List.of(Map.of("type", "webhook", "url", r.url("/hook")))))
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            for (int i = 0; i < 3; i++) {
                Fixtures.publish(bootstrap, json, article(word + " story " + i).build(), "story-" + Fixtures.newId());
            }
            await().atMost(WAIT)
                    .untilAsserted(() -> given().get("/api/quotas/" + owner)
                            .then()
                            .statusCode(200)
                            .body("usage.alertsSuppressed", equalTo(2)));
            await().atMost(WAIT).until(() -> r.requests.size() >= 1);
            assertThat(r.requests).hasSize(1);
            assertThat(RestAssured.given().get("/q/metrics").asString())
                    .contains("redline_alerts_quota_suppressed_total");

            given().post("/api/subscriptions/" + sub + "/test")
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("limit", equalTo("alerts-per-hour"))
                    .body("value", equalTo(1))
                    .body("setting", equalTo("redline.alerts.quota.alerts-per-hour"))
                    .body("detail", containsString("alerts-per-hour"));
            assertThat(r.requests).hasSize(1);
        }
    }

    private static ArticleSpec article(String title) {
        ArticleSpec s = new ArticleSpec();
        s.title = title;
        s.text = title + ". Officials said the situation was escalating after the announcement.";
        s.score = 30;
        s.published = Instant.now().minusSeconds(60);
        s.signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS");
        return s;
    }
}
