package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.delivery.DeliveryOutcome.Result;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport against a real loopback receiver: how each answer (or none) becomes a {@link DeliveryOutcome}. */
class WebhookTransportTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");
    private static final byte[] JSON = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static WebhookTransport transport(List<String> allow, Duration timeout) {
        return new WebhookTransport(allow, Duration.ofSeconds(5), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static DeliveryOutcome post(WebhookTransport transport, String url) {
        return transport.post(url, JSON, Map.of("x-test", "1"));
    }

    @Test
    void a2xxIsDeliveredWithTheBodyHeadersAndUserAgent() throws Exception {
        receiver = Receiver.answering(200, Map.of(), "ok");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.reply()).isEqualTo("ok");
        Receiver.Request request = receiver.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo(JSON);
        assertThat(request.headers())
                .containsEntry("content-type", "application/json")
                .containsEntry("user-agent", "Redline-Alerts/0.1")
                .containsEntry("x-test", "1");
    }

    @Test
    void a429WithRetryAfterIsRetryableAfterThatLong() throws Exception {
        receiver = Receiver.answering(429, Map.of("Retry-After", "120"), "slow down");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.RETRYABLE);
        assertThat(outcome.status()).isEqualTo(429);
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(outcome.reply()).isEqualTo("slow down");
    }

    @Test
    void aRetryAfterDateIsMeasuredFromTheClock() throws Exception {
        receiver = Receiver.answering(503, Map.of("Retry-After", "Fri, 27 Nov 2026 10:05:00 GMT"), "");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.RETRYABLE);
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a503IsRetryable() throws Exception {
        receiver = Receiver.answering(503, Map.of(), "maintenance");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.RETRYABLE);
        assertThat(outcome.status()).isEqualTo(503);
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.reason()).isEqualTo("HTTP 503");
    }

    @Test
    void a410IsGone() throws Exception {
        receiver = Receiver.answering(410, Map.of(), "channel_is_archived");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.GONE);
        assertThat(outcome.status()).isEqualTo(410);
        assertThat(outcome.reply()).isEqualTo("channel_is_archived");
    }

    @Test
    void a400IsPermanent() throws Exception {
        receiver = Receiver.answering(400, Map.of(), "invalid_payload");
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.reason()).isEqualTo("HTTP 400");
    }

    @Test
    void aRedirectIsPermanentAndNotFollowed() throws Exception {
        receiver = new Receiver((request, exchange) -> {
            if (request.path().equals("/old")) {
                Receiver.send(exchange, 308, Map.of("Location", "/new"), "");
            } else {
                Receiver.send(exchange, 200, Map.of(), "ok");
            }
        });
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/old"));
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.status()).isEqualTo(308);
        assertThat(outcome.reason()).contains("/new").contains("not followed");
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void aPrivateTargetIsRefusedWithoutAConnectionUnlessAllowlisted() throws Exception {
        WebhookTransport publicOnly = transport(List.of(), Duration.ofSeconds(10));
        DeliveryOutcome outcome = post(publicOnly, "http://10.0.0.1/hook");
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.status()).isZero();
        assertThat(outcome.reason())
                .startsWith("blocked address")
                .contains("redline.alerts.allow")
                // What users see names no address, not even the one the URL resolved to.
                .doesNotContain("10.0.0.1");

        receiver = Receiver.answering(204, Map.of(), "");
        assertThat(post(publicOnly, receiver.url("/hook")).result()).isEqualTo(Result.PERMANENT);
        assertThat(receiver.requests).isEmpty();
        assertThat(post(transport(LOOPBACK, Duration.ofSeconds(10)), receiver.url("/hook"))
                        .result())
                .isEqualTo(Result.SUCCESS);
    }

    @Test
    void aReceiverThatNeverAnswersIsRetryableAfterTheTimeout() throws Exception {
        receiver = new Receiver((request, exchange) -> Thread.sleep(30_000));
        long start = System.nanoTime();
        DeliveryOutcome outcome = post(transport(LOOPBACK, Duration.ofSeconds(1)), receiver.url("/hook"));
        assertThat(outcome.result()).isEqualTo(Result.RETRYABLE);
        assertThat(outcome.status()).isZero();
        assertThat(outcome.reason()).startsWith("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUnreachableReceiverIsRetryable() throws Exception {
        receiver = Receiver.answering(200, Map.of(), "ok");
        String url = receiver.url("/hook");
        receiver.close(); // nothing listens on that port any more
        receiver = null;
        assertThat(post(transport(LOOPBACK, Duration.ofSeconds(10)), url).result())
                .isEqualTo(Result.RETRYABLE);
    }

    @Test
    void aBadUrlIsPermanent() {
        WebhookTransport transport = transport(LOOPBACK, Duration.ofSeconds(10));
        for (String url : List.of("ftp://example.com/x", "http:///nohost", "not a url", "")) {
            DeliveryOutcome outcome = post(transport, url);
            assertThat(outcome.result()).as(url).isEqualTo(Result.PERMANENT);
            assertThat(outcome.reason()).as(url).startsWith("bad URL");
        }
    }
}
