package io.redline.safehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST against a real loopback HTTP server: what is sent, what comes back, the SSRF guard, deadline, redirects. */
class SafeHttpClientPostTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");
    private static final byte[] JSON =
            "{\"type\":\"alert.created\",\"data\":{\"id\":\"a-1\"}}".getBytes(StandardCharsets.UTF_8);

    private final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static SafeHttpClient client(List<String> allow, Duration deadline, int replyCap) {
        return new SafeHttpClient(new SafeHttpClient.Settings(
                "Redline-test/1",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                deadline,
                1024 * 1024,
                5,
                new AddressPolicy(allow, "test.allow"),
                replyCap));
    }

    private static SafeHttpClient client(List<String> allow) {
        return client(allow, Duration.ofSeconds(20), SafeHttpClient.DEFAULT_MAX_REPLY_BYTES);
    }

    private static FetchException.Kind kindOf(Throwable e) {
        return ((FetchException) e).kind();
    }

    @Test
    void sendsTheBodyAndHeadersAndReturnsStatusAndReply() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        byte[][] received = new byte[1][];
        server.on("/hook", ex -> {
            received[0] = ex.getRequestBody().readAllBytes();
            seen.put("method", ex.getRequestMethod());
            ex.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            LoopbackServer.send(ex, 202, "text/plain; charset=utf-8", "queued".getBytes(StandardCharsets.UTF_8));
        });
        PostResult r = client(LOOPBACK)
                .post(
                        server.url("/hook?x=1"),
                        Map.of("webhook-id", "a-1", "webhook-signature", "v1,abc="),
                        JSON,
                        "application/json");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.successful()).isTrue();
        assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("queued");
        assertThat(r.truncated()).isFalse();
        assertThat(received[0]).isEqualTo(JSON);
        assertThat(seen)
                .containsEntry("method", "POST")
                .containsEntry("content-type", "application/json")
                .containsEntry("content-length", Integer.toString(JSON.length))
                .containsEntry("connection", "close")
                .containsEntry("user-agent", "Redline-test/1")
                .containsEntry("webhook-id", "a-1")
                .containsEntry("webhook-signature", "v1,abc=");
    }

    @Test
    void returnsA429WithItsRetryAfter() throws Exception {
        server.on("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Retry-After", "120");
            LoopbackServer.send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
        });
        PostResult r = client(LOOPBACK).post(server.url("/hook"), Map.of(), JSON, "application/json");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.retryAfter()).isEqualTo("120");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("slow down");
    }

    @Test
    void cutsALargeReplyOffAtTheCapWithoutFailing() throws Exception {
        byte[] big = new byte[200 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        server.on("/sized", ex -> {
            ex.getRequestBody().readAllBytes();
            LoopbackServer.send(ex, 500, "text/html", big);
        });
        server.on("/chunked", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0); // 0: chunked
            try (var out = ex.getResponseBody()) {
                out.write(big);
            }
        });
        SafeHttpClient client = client(LOOPBACK, Duration.ofSeconds(20), 1024);
        for (String path : List.of("/sized", "/chunked")) {
            PostResult r = client.post(server.url(path), Map.of(), JSON, "application/json");
            assertThat(r.body()).as(path).hasSize(1024);
            assertThat(r.truncated()).as(path).isTrue();
        }
    }

    @Test
    void refusesAPrivateAddressUnlessAllowlisted() throws Exception {
        server.on("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            LoopbackServer.send(ex, 204, null, new byte[0]);
        });
        String byName = "http://localhost:" + server.port() + "/hook";
        assertThatThrownBy(() -> client(List.of()).post(byName, Map.of(), JSON, "application/json"))
                .hasMessageContaining("loopback")
                .hasMessageContaining("test.allow")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThatThrownBy(() -> client(List.of()).post("http://10.0.0.1/hook", Map.of(), JSON, "application/json"))
                .hasMessageContaining("private")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThat(server.hits("/hook")).isZero();

        assertThat(client(List.of("localhost"))
                        .post(byName, Map.of(), JSON, "application/json")
                        .status())
                .isEqualTo(204);
        assertThat(server.hits("/hook")).isEqualTo(1);
    }

    @Test
    void givesUpOnAReceiverThatNeverAnswersAtTheDeadline() {
        server.on("/hang", ex -> Thread.sleep(30_000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(LOOPBACK, Duration.ofSeconds(1), 1024)
                        .post(server.url("/hang"), Map.of(), JSON, "application/json"))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void reportsARedirectInsteadOfFollowingIt() throws Exception {
        server.on("/old", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Location", "/new");
            ex.sendResponseHeaders(307, -1);
        });
        server.on("/new", ex -> LoopbackServer.send(ex, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8)));
        PostResult r = client(LOOPBACK).post(server.url("/old"), Map.of(), JSON, "application/json");
        assertThat(r.status()).isEqualTo(307);
        assertThat(r.location()).isEqualTo("/new");
        assertThat(server.hits("/new")).isZero();
    }

    @Test
    void refusesHeadersThatCouldBreakTheRequest() {
        SafeHttpClient client = client(LOOPBACK);
        String url = server.url("/hook");
        assertThatThrownBy(() -> client.post(url, Map.of("Content-Length", "1"), JSON, "application/json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.post(url, Map.of("x-a", "1\r\nx-b: 2"), JSON, "application/json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.post(url, Map.of("bad name", "1"), JSON, "application/json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.hits("/hook")).isZero();
    }
}
