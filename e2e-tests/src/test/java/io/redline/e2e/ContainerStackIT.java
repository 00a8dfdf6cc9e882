package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.redline.e2e.WebhookReceiver.Received;
import io.redline.localstack.ContainerImages;
import io.redline.localstack.ContainerStack;
import io.redline.localstack.DockerEngine;
import io.redline.localstack.StackBackend;
import io.redline.localstack.demo.DemoArticle;
import io.redline.localstack.demo.PublishedArticle;
import io.redline.localstack.receive.SignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton (a demo article fetched, analysed and searchable) and one alert round trip, with Kafka and
 * Elasticsearch as Docker containers: run inside {@code ./mvnw verify} whenever a Docker engine answers and has the
 * images, skipped with one printed line otherwise.
 *
 * <p>The images are those {@link ContainerImages} names: {@code -Dredline.containers.kafka-image} and
 * {@code -Dredline.containers.elasticsearch-image} (or {@code REDLINE_KAFKA_IMAGE} and
 * {@code REDLINE_ELASTICSEARCH_IMAGE}), else the ones {@code ./redline images} recorded in {@code .redline/images.env}, else the official images.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerStackIT extends WalkingSkeletonIT {

    /** The pool article the alert waits for: the first the demo publishes on demand, and an escalation. */
    private static final String ALERT_ARTICLE = "missile-strike-odesa-port";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Set (as in CI) to make these tests fail rather than skip when they cannot run. */
    static final String REQUIRED = "redline.containers.required";

    @Override
    protected StackBackend backend() {
        return StackBackend.CONTAINERS;
    }

    /**
     * Skipped, with one printed line saying why and how to run it, when no engine answers or an image is missing;
     * failed instead when {@code -Dredline.containers.required=true} (CI, where they must run).
     */
    @Override
    protected Optional<String> skipReason() {
        ContainerImages images = ContainerImages.resolve();
        Optional<String> problem = DockerEngine.unavailableReason(images);
        if (problem.isPresent()) {
            String how = "To run it: start a Docker engine, build the images with ./redline images (README \"With "
                    + "Docker\"), then ./mvnw -q install -DskipTests && "
                    + "./mvnw -pl e2e-tests verify -Dit.test=ContainerStackIT";
            if (Boolean.getBoolean(REQUIRED)) {
                throw new AssertionError("ContainerStackIT cannot run (" + REQUIRED + "=true): " + problem.get() + ". "
                        + how);
            }
            // The one line a build without Docker prints about these tests; the report counts them as skipped.
            System.out.println("ContainerStackIT skipped: " + problem.get() + ". " + how);
        } else {
            System.out.println("ContainerStackIT runs on containers: " + images);
        }
        return problem;
    }

    /** Closes the stack, then checks that no container or network of this JVM is left on the engine. */
    @Override
    @AfterAll
    void stopStack() {
        boolean started = stack != null;
        super.stopStack();
        if (started) {
            assertThat(ContainerStack.remainingOfThisJvm()).as("containers and networks left behind").isEmpty();
        }
    }

    /**
     * A subscription with a webhook, then the article it asks for published: the receiver gets one
     * {@code alert.created} for it, signed with the subscription's secret (Standard Webhooks).
     */
    @Test
    @Order(1)
    void aMatchingArticleIsDeliveredAsASignedWebhook() throws Exception {
        DemoArticle target = stack.demo().content().pool().stream().filter(a -> a.id().equals(ALERT_ARTICLE))
                .findFirst().orElseThrow();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String query = "title:\"" + target.title().replace("\"", "") + "\"";
            HttpResponse<String> created = post("/api/subscriptions", JSON.writeValueAsString(Map.of(
                    "name", "container round trip", "query", query,
                    "channels", List.of(Map.of("type", "webhook", "url", receiver.url())))));
            assertThat(created.statusCode()).as("POST /api/subscriptions: %s", created.body()).isEqualTo(201);
            JsonNode subscription = JSON.readTree(created.body());
            String secret = subscription.path("webhookSecret").asText();
            assertThat(secret).startsWith(SignatureVerifier.SECRET_PREFIX);

            // The demo publishes its pool in order, on demand only here: at most one round reaches the target.
            PublishedArticle published = stack.demo().publishNext();
            for (int i = 0; i < stack.demo().content().pool().size() && !published.article().id().equals(ALERT_ARTICLE);
                    i++) {
                published = stack.demo().publishNext();
            }
            assertThat(published.article().id()).isEqualTo(ALERT_ARTICLE);
            String url = "/articles/" + published.id();

            Received[] delivery = new Received[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                delivery[0] = receiver.accepted().stream()
                        .filter(r -> r.body().at("/data/article/url").asText().endsWith(url)).findFirst().orElse(null);
                return delivery[0] != null;
            });
            Received alert = delivery[0];
            assertThat(alert.type()).isEqualTo("alert.created");
            assertThat(alert.body().at("/data/subscriptionId").asText()).isEqualTo(subscription.path("id").asText());
            SignatureVerifier.Verdict verdict = new SignatureVerifier(secret).verify(header -> switch (header) {
                case SignatureVerifier.ID_HEADER -> alert.webhookId();
                case SignatureVerifier.TIMESTAMP_HEADER -> alert.timestamp();
                case SignatureVerifier.SIGNATURE_HEADER -> alert.signature();
                default -> null;
            }, alert.raw(), Instant.now());
            assertThat(verdict.valid()).as("signature: %s", verdict.problem()).isTrue();
        }
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.searchPort() + path))
                .header("Authorization", "Bearer " + stack.adminKey()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
