package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery to a receiver that cannot be reached tells users what went wrong without the address or port it tried
 * (the test send's answer and the delivery log API), while the service log keeps them for whoever runs it.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeliveryErrorTextTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    /** What the service logs while a case runs (the JBoss log manager hands records to JUL handlers). */
    private final List<String> logged = new CopyOnWriteArrayList<>();

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String message = r.getMessage();
            Object[] params = r.getParameters();
            if (message != null && params != null && params.length > 0) {
                try {
                    message = String.format(message, params);
                } catch (RuntimeException e) {
                    message = message + " " + List.of(params);
                }
            }
            logged.add(message);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("io.redline.alerts").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("io.redline.alerts").removeHandler(capture);
    }

    @Test
    void anUnreachableReceiverIsReportedWithoutItsAddressWhileTheLogKeepsIt() throws Exception {
        int port = closedPort();
        String url = "http://127.0.0.1:" + port + "/hook";
        String sub = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "name", "thessar unreachable",
                        "query", "thessar",
                        "channels", List.of(Map.of("type", "webhook", "url", url))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // The test send's answer.
        String answer = given().post("/api/subscriptions/" + sub + "/test")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(answer).contains("connect").doesNotContain("127.0.0.1").doesNotContain(Integer.toString(port));

        // The delivery log, once an alert's first attempt failed.
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Thessar convoy shelled near the border";
        spec.text = spec.title + ". Officials said the situation was escalating.";
        spec.score = 55;
        spec.published = Instant.now().minusSeconds(60);
        spec.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS");
        Fixtures.publish(bootstrap, json, spec.build(), "story-" + spec.id);
        await().atMost(WAIT)
                .until(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("[0].lastError")
                        != null);
        String deliveries = given().get("/api/subscriptions/" + sub + "/deliveries")
                .then()
                .extract()
                .asString();
        String lastError = given().get("/api/subscriptions/" + sub + "/deliveries")
                .then()
                .extract()
                .path("[0].lastError");
        assertThat(lastError).contains("connect").doesNotContain(Integer.toString(port));
        assertThat(deliveries).doesNotContain("127.0.0.1").doesNotContain(":" + port);

        // The log has the detail.
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("127.0.0.1:" + port));
    }

    /** A loopback port nothing listens on: bound, then closed, so a connection to it is refused. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
