package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * One owner's hanging webhook does not hold up another owner's alerts: a real loopback receiver holds every request
 * to owner A's webhook until the test lets go (the delivery deadline is longer than the test), owner B's alert is
 * still delivered meanwhile, and once A's receiver answers every one of A's alerts is delivered, the ones that
 * overflowed A's bounded queue included.
 */
@QuarkusTest
@TestProfile(OwnerQueueIsolationTest.HangingReceivers.class)
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OwnerQueueIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int A_ALERTS = 10;

    /** Deliveries wait for a hanging receiver far longer than the test, and leases never run out meanwhile. */
    public static class HangingReceivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "redline.alerts.timeout", "30m",
                    "redline.alerts.lease", "30m",
                    "redline.alerts.quota.delivery.in-flight-per-owner", "2",
                    "redline.alerts.quota.delivery.queued-per-owner", "2");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Test
    void aHangingWebhookOfOneOwnerDoesNotDelayAnotherOwnersAlerts() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver r = new Receiver((request, exchange) -> {
            if (request.path().equals("/a")) {
                release.await();
            }
            Receiver.send(exchange, 204, Map.of(), "");
        })) {
            String wordA = word();
            String wordB = word();
            String subA = subscribe("owner-a-" + wordA, wordA, r.url("/a"));
            String subB = subscribe("owner-b-" + wordB, wordB, r.url("/b"));

            for (int i = 0; i < A_ALERTS; i++) {
                Fixtures.publish(bootstrap, json, article(wordA + " story " + i).build(), "story-" + Fixtures.newId());
            }
            // Every one of A's alerts has its delivery, and A's receiver is holding requests.
            await().atMost(WAIT)
                    .untilAsserted(() -> given().get("/api/subscriptions/" + subA + "/deliveries?limit=100")
                            .then()
                            .statusCode(200)
                            .body("size()", org.hamcrest.Matchers.equalTo(A_ALERTS)));
            await().atMost(WAIT).until(() -> count(r, "/a") >= 2);

            Fixtures.publish(bootstrap, json, article(wordB + " story").build(), "story-" + Fixtures.newId());
            await("owner B's alert is delivered while owner A's receiver still hangs")
                    .atMost(WAIT)
                    .until(() -> count(r, "/b") == 1);
            assertThat(release.getCount()).isEqualTo(1);
            // A holds no more delivery threads than its in-flight cap.
            assertThat(count(r, "/a")).isLessThanOrEqualTo(2);

            release.countDown();
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> given().get("/api/subscriptions/" + subA + "/deliveries?status=delivered&limit=100")
                                    .then()
                                    .statusCode(200)
                                    .body("size()", org.hamcrest.Matchers.equalTo(A_ALERTS)));
        }
    }

    private static long count(Receiver r, String path) {
        return r.requests.stream().filter(q -> q.path().equals(path)).count();
    }

    private static String word() {
        StringBuilder b = new StringBuilder("qz");
        String id = Fixtures.newId();
        for (int i = 0; i < 8; i++) {
            b.append((char) ('a' + Character.digit(id.charAt(i), 16)));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String subscribe(String owner, String query, String url) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "name", owner,
                        "owner", owner,
                        "query", query,
                        "channels", List.of(Map.of("type", "webhook", "url", url))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
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
