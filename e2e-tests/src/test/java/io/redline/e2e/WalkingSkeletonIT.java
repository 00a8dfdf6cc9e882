package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.e2e.WebhookReceiver.Received;
import io.redline.localstack.StackBackend;
import io.redline.localstack.StackDirs;
import io.redline.localstack.demo.DemoArticle;
import io.redline.localstack.demo.PublishedArticle;
import io.redline.localstack.receive.SignatureVerifier;
import io.redline.localstack.run.RedlineStack;
import io.redline.localstack.run.StackSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline as {@code ./redline up} runs it (the real Kafka broker and Elasticsearch, the demo feed server
 * over real HTTP, and the four services as their built jars, each in its own process, on free ports) makes demo
 * articles searchable and delivers a subscription's alert as a signed webhook.
 *
 * <p>Kafka and Elasticsearch run where {@code -Dredline.stack} says (local processes by default, see
 * {@link StackBackend}); {@link ContainerStackIT} runs these same tests on containers. One instance per class, so
 * that a subclass can choose the backend by overriding {@link #backend()}.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    /** The pool article the alert waits for: the first the demo publishes on demand, and an escalation. */
    private static final String ALERT_ARTICLE = "missile-strike-odesa-port";

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    protected RedlineStack stack;
    protected StackSettings settings;
    private Optional<String> skipReason = Optional.empty();

    /** Where Kafka and Elasticsearch run: the {@code redline.stack} switch. */
    protected StackBackend backend() {
        return StackBackend.selected();
    }

    /** Why the backend cannot run here, if it cannot; the default backend always can. */
    protected Optional<String> skipReason() {
        return Optional.empty();
    }

    @BeforeAll
    void startStack() throws Exception {
        skipReason = skipReason();
        if (skipReason.isPresent()) {
            return; // each test is then skipped by assumeStackRuns
        }
        Path root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        // Free ports and a throw-away data folder, so a running ./redline up is left alone.
        settings = StackSettings.onFreePorts(root, StackDirs.newRunDir("e2e"), Duration.ZERO, Duration.ofSeconds(1));
        stack = new RedlineStack(settings, backend());
        stack.start();
    }

    /**
     * Skips each test (a JUnit assumption) when the stack could not run: per test rather than for the class, so that
     * the test report counts them as skipped instead of showing no tests at all.
     */
    @BeforeEach
    void assumeStackRuns() {
        assumeTrue(skipReason.isEmpty(), () -> "skipped: " + skipReason.orElse(""));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void demoArticleFlowsFromFeedToSearchWithItsAnalysis() {
        // "red line" is in the first demo article's title; it must arrive analysed with that signal.
        JsonNode hit = awaitFirstHit("\"red line\"");
        assertThat(hit.at("/document/article/sourceDomain").asText()).isEqualTo("127.0.0.1");
        assertThat(hit.at("/document/analysis/analyzerVersion").asText()).isNotBlank();
        assertThat(hit.at("/document/analysis/signals").findValuesAsText("type"))
                .contains("RED_LINE");
        assertThat(hit.at("/document/analysis/escalationScore").asInt()).isPositive();
    }

    @Test
    void newlyPublishedArticleBecomesSearchable() throws Exception {
        PublishedArticle next = stack.demo().publishNext();
        JsonNode hit = awaitFirstHit("\"" + next.title().replace("\"", "") + "\"");
        assertThat(hit.at("/document/article/url").asText()).endsWith("/articles/" + next.id());
        JsonNode byId = JSON.readTree(get("/api/articles/" + hit.get("id").asText()));
        assertThat(byId.at("/article/title").asText()).isEqualTo(next.title());
    }

    /**
     * A subscription with a webhook, then the article it asks for published: the receiver gets one
     * {@code alert.created} for it, signed with the subscription's secret (Standard Webhooks).
     */
    @Test
    @Order(1)
    void aMatchingArticleIsDeliveredAsASignedWebhook() throws Exception {
        DemoArticle target = stack.demo().content().pool().stream()
                .filter(a -> a.id().equals(ALERT_ARTICLE))
                .findFirst()
                .orElseThrow();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String query = "title:\"" + target.title().replace("\"", "") + "\"";
            HttpResponse<String> created = post(
                    "/api/subscriptions",
                    JSON.writeValueAsString(Map.of(
                            "name",
                            "walking skeleton round trip",
                            "query",
                            query,
                            "channels",
                            List.of(Map.of("type", "webhook", "url", receiver.url())))));
            assertThat(created.statusCode())
                    .as("POST /api/subscriptions: %s", created.body())
                    .isEqualTo(201);
            JsonNode subscription = JSON.readTree(created.body());
            String secret = subscription.path("webhookSecret").asText();
            assertThat(secret).startsWith(SignatureVerifier.SECRET_PREFIX);

            // The demo publishes its pool in order, on demand only here: at most one round reaches the target.
            PublishedArticle published = stack.demo().publishUntil(ALERT_ARTICLE);
            assertThat(published.article().id()).isEqualTo(ALERT_ARTICLE);
            String url = "/articles/" + published.id();

            Received[] delivery = new Received[1];
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        delivery[0] = receiver.accepted().stream()
                                .filter(r -> r.body()
                                        .at("/data/article/url")
                                        .asText()
                                        .endsWith(url))
                                .findFirst()
                                .orElse(null);
                        return delivery[0] != null;
                    });
            Received alert = delivery[0];
            assertThat(alert.type()).isEqualTo("alert.created");
            assertThat(alert.body().at("/data/subscriptionId").asText())
                    .isEqualTo(subscription.path("id").asText());
            SignatureVerifier.Verdict verdict = new SignatureVerifier(secret)
                    .verify(
                            header -> switch (header) {
                                case SignatureVerifier.ID_HEADER -> alert.webhookId();
                                case SignatureVerifier.TIMESTAMP_HEADER -> alert.timestamp();
                                case SignatureVerifier.SIGNATURE_HEADER -> alert.signature();
                                default -> null;
                            },
                            alert.raw(),
                            Instant.now());
            assertThat(verdict.valid()).as("signature: %s", verdict.problem()).isTrue();
        }
    }

    /** POST to alert-service, which owns the subscriptions. */
    private HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.alertPort() + path))
                        .header("Authorization", "Bearer " + stack.adminKey())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode awaitFirstHit(String query) {
        String path = "/api/articles?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        JsonNode[] result = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode page = JSON.readTree(get(path));
                    if (page.path("total").asLong() > 0) {
                        result[0] = page.path("items").get(0);
                        return true;
                    }
                    return false;
                });
        return result[0];
    }

    protected String get(String path) throws Exception {
        // The stack's development admin key, which it gave every service as their bootstrap admin key.
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.searchPort() + path))
                        .header("Authorization", "Bearer " + stack.adminKey())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }
}
