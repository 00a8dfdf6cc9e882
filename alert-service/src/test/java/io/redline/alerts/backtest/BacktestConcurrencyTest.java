package io.redline.alerts.backtest;

import static io.redline.alerts.TestApi.as;
import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One backtest per API key at a time: while a key's backtest runs (held inside Elasticsearch, which the test pauses
 * with SIGSTOP so the first run cannot finish), a second one for the same key gets 429 problem-details; once the
 * first ends, the key may run again.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BacktestConcurrencyTest {

    private static final Pattern RUNNING = Pattern.compile("(?m)^redline_alerts_backtests_running\\S* (\\S+)$");

    @Inject
    ApiKeyStore keys;

    @Inject
    ElasticsearchClient client;

    @Test
    void aSecondConcurrentRunOfOneKeyIs429() throws Exception {
        assumeTrue(
                LocalStackTestResource.localProcesses(),
                "pausing Elasticsearch needs the local stack's process (-Dredline.stack=local)");
        Fixtures.ensureArticlesIndex(client);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        String owner = "backtester-" + Fixtures.newId();
        String key = keys.create("backtests", owner, Role.EDITOR, "test").value();
        String id = as(key).contentType("application/json")
                .body(Map.of(
                        "name",
                        "concurrent backtests",
                        "query",
                        "howitzers",
                        "channels",
                        List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/backtest"))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(key).get("/api/subscriptions/" + id + "/backtest").then().statusCode(200);

        long pid = LocalStackTestResource.elasticsearch().pid();
        signal("STOP", pid);
        CompletableFuture<Integer> first;
        try {
            first = CompletableFuture.supplyAsync(
                    () -> as(key).get("/api/subscriptions/" + id + "/backtest").statusCode());
            // The first run is inside its Elasticsearch read, which cannot answer while the node is paused.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(runningBacktests()).isEqualTo(1.0));
            as(key).get("/api/subscriptions/" + id + "/backtest")
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(429))
                    .body("title", equalTo("Backtest already running"))
                    .body("detail", containsString("already running"));
        } finally {
            signal("CONT", pid);
        }
        assertThat(first.get()).isIn(200, 503);
        // The slot is free again once the first run has ended, however it ended.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> as(key).get("/api/subscriptions/" + id + "/backtest")
                        .then()
                        .statusCode(200));
        assertThat(runningBacktests()).isZero();
    }

    private static double runningBacktests() {
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = RUNNING.matcher(metrics);
        assertThat(m.find())
                .as("redline_alerts_backtests_running in /q/metrics")
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Signals the node's whole process group (runuser, launcher and server JVM; the pid is the group id). */
    private static void signal(String signal, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, "--", "-" + pid)
                .inheritIO()
                .start();
        assertThat(p.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
