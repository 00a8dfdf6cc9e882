package io.redline.safehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real loopback HTTP server: SSRF guard, redirects, decompression, caps and deadlines. */
class SafeHttpClientTest {

    private static final String RSS = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    private static final long MIB = 1024 * 1024;

    private final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static SafeHttpClient client(List<String> allow) {
        return client(allow, Duration.ofSeconds(20), 10 * MIB);
    }

    private static SafeHttpClient client(List<String> allow, Duration deadline, long cap) {
        return new SafeHttpClient(new SafeHttpClient.Settings(
                "Redline-test/1",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                deadline,
                cap,
                5,
                new AddressPolicy(allow)));
    }

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

    private static FetchException.Kind kindOf(Throwable e) {
        return ((FetchException) e).kind();
    }

    @Test
    void fetchesAFeedAndSendsAnIdentifyingUserAgent() throws Exception {
        String[] ua = new String[1];
        server.on("/feed", ex -> {
            ua[0] = ex.getRequestHeaders().getFirst("User-Agent");
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            LoopbackServer.send(ex, 200, "application/rss+xml", RSS.getBytes(StandardCharsets.UTF_8));
        });
        FetchResult r = client(LOOPBACK).get(server.url("/feed"), null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(RSS);
        assertThat(r.etag()).isEqualTo("\"v1\"");
        assertThat(ua[0]).isEqualTo("Redline-test/1");
    }

    @Test
    void refusesAHostNameThatResolvesToLoopbackWhenLoopbackIsNotAllowed() {
        server.text("/feed", "text/xml", RSS);
        String url = "http://localhost:" + server.port() + "/feed";
        assertThatThrownBy(() -> client(List.of()).get(url, null, null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("loopback")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThat(server.hits("/feed")).isZero();
    }

    @Test
    void refusesARedirectToAPrivateAddressBeforeConnecting() {
        server.redirect("/feed", 302, "http://10.0.0.1/internal");
        server.redirect("/meta", 301, "http://169.254.169.254/latest/meta-data/");
        SafeHttpClient client = client(LOOPBACK);
        assertThatThrownBy(() -> client.get(server.url("/feed"), null, null))
                .hasMessageContaining("10.0.0.1")
                .hasMessageContaining("private")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThatThrownBy(() -> client.get(server.url("/meta"), null, null))
                .hasMessageContaining("link-local")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
    }

    @Test
    void refusesARedirectToLoopbackFromAnAllowedHost() {
        // Only the named host is allowed; its redirect to 127.0.0.1 by address is re-checked and refused.
        server.redirect("/feed", 302, "http://127.0.0.1:" + server.port() + "/next");
        server.text("/next", "text/xml", RSS);
        assertThatThrownBy(() ->
                        client(List.of("localhost")).get("http://localhost:" + server.port() + "/feed", null, null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
        assertThat(server.hits("/next")).isZero();
    }

    @Test
    void followsUpToFiveRedirectsAndStopsALoop() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.redirect("/r" + i, 302, "/r" + (i + 1));
        }
        server.text("/r5", "text/xml", RSS);
        assertThat(client(LOOPBACK).get(server.url("/r0"), null, null).finalUrl())
                .isEqualTo(server.url("/r5"));

        server.redirect("/loop", 302, "/loop");
        assertThatThrownBy(() -> client(LOOPBACK).get(server.url("/loop"), null, null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TOO_MANY_REDIRECTS));
        assertThat(server.hits("/loop")).isEqualTo(6);
    }

    @Test
    void sendsConditionalHeadersAndReports304WithoutABody() throws Exception {
        server.on("/feed", ex -> {
            boolean same = "\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))
                    && "Wed, 25 Nov 2026 10:00:00 GMT"
                            .equals(ex.getRequestHeaders().getFirst("If-Modified-Since"));
            LoopbackServer.send(
                    ex, same ? 304 : 200, "text/xml", same ? new byte[0] : RSS.getBytes(StandardCharsets.UTF_8));
        });
        FetchResult r = client(LOOPBACK).get(server.url("/feed"), "\"v1\"", "Wed, 25 Nov 2026 10:00:00 GMT");
        assertThat(r.notModified()).isTrue();
        assertThat(r.body()).isEmpty();
    }

    @Test
    void decodesGzipAndBothFlavoursOfDeflate() throws Exception {
        byte[] xml = RSS.getBytes(StandardCharsets.UTF_8);
        server.on("/gz", ex -> compressed(ex, "gzip", gzip(xml)));
        server.on("/zlib", ex -> compressed(ex, "deflate", zlib(xml, false)));
        server.on("/raw", ex -> compressed(ex, "deflate", zlib(xml, true)));
        SafeHttpClient client = client(LOOPBACK);
        for (String path : List.of("/gz", "/zlib", "/raw")) {
            assertThat(new String(client.get(server.url(path), null, null).body(), StandardCharsets.UTF_8))
                    .as(path)
                    .isEqualTo(RSS);
        }
    }

    @Test
    void cutsOffAGzipBombAtTheDecompressedCap() throws Exception {
        byte[] bomb = gzip(new byte[(int) (20 * MIB)]); // about 20 KiB on the wire: a 1000:1 ratio
        assertThat(bomb.length).isLessThan((int) (21 * MIB / 1000));
        server.on("/bomb", ex -> compressed(ex, "gzip", bomb));
        assertThatThrownBy(() -> client(LOOPBACK).get(server.url("/bomb"), null, null))
                .hasMessageContaining("larger than 10485760")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TOO_LARGE));
    }

    @Test
    void cutsOffA50MibBodyAtTheCap() {
        server.on("/big", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, 50 * MIB);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < 50 * MIB; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        assertThatThrownBy(() -> client(LOOPBACK).get(server.url("/big"), null, null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TOO_LARGE));
    }

    @Test
    void cutsOffAServerDrippingOneByteAtATimeAtTheDeadline() {
        server.on("/drip", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            // Each byte arrives well within the read timeout, so only the whole-fetch deadline can stop it.
            for (int i = 0; i < 600; i++) {
                out.write('<');
                out.flush();
                Thread.sleep(100);
            }
        });
        assertThatThrownBy(
                        () -> client(LOOPBACK, Duration.ofSeconds(2), 10 * MIB).get(server.url("/drip"), null, null))
                .hasMessageContaining("deadline")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TIMEOUT));
    }

    @Test
    void cutsOffAServerThatSendsNoHeadersAtTheDeadline() {
        server.on("/hang", ex -> Thread.sleep(30_000));
        assertThatThrownBy(() -> client(LOOPBACK, Duration.ofSeconds(1), MIB).get(server.url("/hang"), null, null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.TIMEOUT));
    }

    @Test
    void reportsRetryAfterOf429() throws Exception {
        server.on("/limited", ex -> {
            ex.getResponseHeaders().set("Retry-After", "120");
            LoopbackServer.send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
        });
        FetchResult r = client(LOOPBACK).get(server.url("/limited"), null, null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.retryAfter()).isEqualTo("120");
    }

    @Test
    void readsChunkExtensionsAndRefusesMalformedOrNegativeChunkSizes() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (RawServer ok = RawServer.answering(
                (head + "3;name=value\r\n<rs\r\n3\r\ns/>\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(new String(client(LOOPBACK).get(ok.url(), null, null).body(), StandardCharsets.UTF_8))
                    .isEqualTo("<rss/>");
        }
        // A sign once reached the socket read as a negative length (IndexOutOfBoundsException, not a FetchException).
        for (String size : List.of("-5", "+5", "12345678901234567", "zz", ";ext", "5 5")) {
            try (RawServer bad = RawServer.answering(
                    (head + size + "\r\n<rss/>\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))) {
                assertThatThrownBy(() -> client(LOOPBACK).get(bad.url(), null, null))
                        .as(size)
                        .hasMessageContaining("bad chunk size")
                        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.PROTOCOL));
            }
        }
    }

    @Test
    void refusesSchemesOtherThanHttp() {
        assertThatThrownBy(() -> client(LOOPBACK).get("file:///etc/passwd", null, null))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(FetchException.Kind.PROTOCOL));
    }

    private static void compressed(com.sun.net.httpserver.HttpExchange ex, String encoding, byte[] body)
            throws Exception {
        ex.getResponseHeaders().set("Content-Encoding", encoding);
        LoopbackServer.send(ex, 200, "text/xml", body);
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] zlib(byte[] data, boolean raw) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(bytes, new java.util.zip.Deflater(6, raw))) {
            d.write(data);
        }
        return bytes.toByteArray();
    }
}
