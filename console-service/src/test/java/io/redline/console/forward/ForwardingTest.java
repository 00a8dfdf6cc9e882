package io.redline.console.forward;

import static io.redline.console.UpstreamsResource.alert;
import static io.redline.console.UpstreamsResource.analysis;
import static io.redline.console.UpstreamsResource.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.console.Browser;
import io.redline.console.FakeService;
import io.redline.console.RawHttp;
import io.redline.console.UpstreamsResource;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each /api prefix reaches its service with the method, path, query, body and end-to-end headers the browser sent. */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class ForwardingTest {

    @TestHTTPResource("/")
    URL console;

    private static String marker() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    private FakeService fake(Service s) {
        return switch (s) {
            case SEARCH -> search;
            case ANALYSIS -> analysis;
            case ALERT -> alert;
            case INGEST -> throw new IllegalArgumentException("ingest-service is down in these tests");
        };
    }

    @Test
    void everyPrefixReachesItsServiceWithPathAndQueryUnchanged() {
        for (Map.Entry<String, Service> route : RouteTable.ROUTES.entrySet()) {
            String m = marker();
            String pathAndQuery = route.getKey() + "/x%20y?q=%22red+line%22&m=" + m;
            HttpResponse<String> r = Browser.get(console.getPort(), pathAndQuery);
            if (route.getValue() == Service.INGEST) {
                assertThat(r.statusCode()).as(route.getKey()).isEqualTo(502);
                continue;
            }
            assertThat(r.statusCode()).as(route.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Service")).as(route.getKey()).contains(fake(route.getValue()).name);
            assertThat(fake(route.getValue()).find(m))
                    .as(route.getKey())
                    .hasValueSatisfying(got -> assertThat(got.uri()).isEqualTo(pathAndQuery));
        }
        // The prefix itself, without anything below it, is routed too.
        String m = marker();
        assertThat(Browser.get(console.getPort(), "/api/me?m=" + m).statusCode())
                .isEqualTo(200);
        assertThat(search.find(m))
                .hasValueSatisfying(got -> assertThat(got.uri()).isEqualTo("/api/me?m=" + m));
    }

    @Test
    void methodBodyAndEndToEndHeadersPassBothWays() {
        String m = marker();
        String body = "{\"text\":\"Moscow warned of a red line\"}";
        HttpResponse<String> r = Browser.send(Browser.request(console.getPort(), "/api/analyze?m=" + m)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer rlk_forwarded_key")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("If-None-Match", "\"v0\"")
                .header("Last-Event-ID", "41")
                .header("X-API-Key", "rlk_other")
                .build());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).contains("\"bodyLength\":" + body.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        // The service set no Cache-Control: an API answer is not stored.
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        FakeService.Received got = analysis.find(m).orElseThrow();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.bodyText()).isEqualTo(body);
        assertThat(got.header("Authorization")).contains("Bearer rlk_forwarded_key");
        assertThat(got.header("X-API-Key")).contains("rlk_other");
        assertThat(got.header("Content-Type")).contains("application/json");
        assertThat(got.header("Accept")).contains("application/json");
        assertThat(got.header("If-None-Match")).contains("\"v0\"");
        assertThat(got.header("Last-Event-ID")).contains("41");
    }

    @Test
    void everyMethodPasses() {
        for (String method : new String[] {"PUT", "PATCH", "DELETE", "GET", "OPTIONS"}) {
            String m = marker();
            HttpResponse<String> r = Browser.send(Browser.request(console.getPort(), "/api/subscriptions/s1?m=" + m)
                    .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"))
                    .build());
            assertThat(r.statusCode()).as(method).isEqualTo(200);
            assertThat(alert.find(m))
                    .as(method)
                    .hasValueSatisfying(got -> assertThat(got.method()).isEqualTo(method));
        }
        String m = marker();
        HttpResponse<String> head = Browser.send(Browser.request(console.getPort(), "/api/articles?m=" + m)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(search.find(m))
                .hasValueSatisfying(got -> assertThat(got.method()).isEqualTo("HEAD"));
    }

    @Test
    void aCacheControlOfTheServiceIsKept() {
        HttpResponse<String> r = Browser.get(console.getPort(), "/api/taxonomy/cached");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("private, max-age=60");
    }

    @Test
    void hopByHopHeadersAreDroppedBothWaysAndForwardedHeadersSetByTheConsole() {
        String m = marker();
        RawHttp.Answer a = RawHttp.send(
                console.getPort(),
                String.join(
                        "\r\n",
                        "GET /api/articles/hop?m=" + m + " HTTP/1.1",
                        "Host: console.example:" + console.getPort(),
                        "Connection: keep-alive, X-Drop-Me",
                        "X-Drop-Me: only-for-the-console",
                        "Keep-Alive: timeout=30",
                        "TE: trailers",
                        "Upgrade: example/1",
                        "Proxy-Authorization: Basic cHJveHk6c2VjcmV0",
                        "Proxy-Connection: keep-alive",
                        "X-Forwarded-For: 6.6.6.6",
                        "X-Forwarded-Host: evil.example",
                        "X-Forwarded-Proto: https",
                        "Forwarded: for=6.6.6.6;proto=https",
                        "X-Real-IP: 6.6.6.6",
                        "Authorization: Bearer rlk_kept"),
                null);
        assertThat(a.status()).isEqualTo(200);
        FakeService.Received got = search.find(m).orElseThrow();
        for (String dropped : new String[] {
            "X-Drop-Me",
            "Keep-Alive",
            "TE",
            "Upgrade",
            "Proxy-Authorization",
            "Proxy-Connection",
            "Forwarded",
            "X-Real-IP"
        }) {
            assertThat(got.header(dropped)).as(dropped).isEmpty();
        }
        assertThat(got.header("Authorization")).contains("Bearer rlk_kept");
        // The console's own view of the client, never what the browser claimed (services take the first entry).
        assertThat(got.header("X-Forwarded-For")).contains("127.0.0.1");
        assertThat(got.header("X-Forwarded-Proto")).contains("http");
        assertThat(got.header("X-Forwarded-Host")).contains("console.example:" + console.getPort());
        // The service's connection headers stay between it and the console.
        for (String dropped : new String[] {"keep-alive", "proxy-authenticate", "upgrade", "trailer", "x-hop-only"}) {
            assertThat(a.headers()).as(dropped).doesNotContainKey(dropped);
        }
        assertThat(a.headers()).containsEntry("x-service", "search");
    }

    @Test
    void urlsNamingTheServiceComeBackAsPathsOnTheConsoleAndOthersUnchanged() {
        String m = marker();
        HttpResponse<String> r = Browser.send(Browser.request(console.getPort(), "/api/keys/located?m=" + m)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Location")).containsExactly("/api/keys/abc");
        assertThat(r.headers().allValues("Link"))
                .containsExactly(
                        "</api/subscriptions?after=x&limit=2>; rel=\"next\", <http://example.org/docs>; rel=\"help\"");
        // Built from the Host header the console sent, with another scheme: the same service all the same.
        assertThat(search.find(m).orElseThrow().header("Host"))
                .contains(search.url().substring("http://".length()));
        assertThat(r.headers().allValues("Content-Location")).containsExactly("/api/keys/abc?view=full#top");

        HttpResponse<String> other = Browser.get(console.getPort(), "/api/keys/elsewhere");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().allValues("Location")).containsExactly("http://example.org/api/keys/abc");
        // The service's host on another port is another server.
        assertThat(other.headers().allValues("Content-Location")).containsExactly("http://127.0.0.1:1/api/keys/abc");
    }

    @Test
    void cookiesPassNeitherWay() {
        String m = marker();
        // Cookies other applications on localhost set reach the console with every request; none is the services'.
        HttpResponse<String> r = Browser.send(Browser.request(console.getPort(), "/api/articles/cookie?m=" + m)
                .header("Cookie", "grafana_session=abc; other=1")
                .header("Authorization", "Bearer rlk_kept")
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(r.headers().firstValue("X-Service")).contains("search");
        FakeService.Received got = search.find(m).orElseThrow();
        assertThat(got.header("Cookie")).isEmpty();
        assertThat(got.header("Authorization")).contains("Bearer rlk_kept");
    }

    @Test
    void aBodyIsStreamedInChunksAndExpectContinueAnswered() {
        String m = marker();
        int size = 300 * 1024;
        RawHttp.Answer chunked = RawHttp.send(
                console.getPort(),
                "POST /api/analyze?m=" + m + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Transfer-Encoding: chunked",
                RawHttp.chunked(size));
        assertThat(chunked.status()).isEqualTo(201);
        assertThat(analysis.find(m))
                .hasValueSatisfying(got -> assertThat(got.body()).hasSize(size));

        String m2 = marker();
        byte[] body = "Moscow warned of a red line.".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer continued = RawHttp.sendExpectingContinue(
                console.getPort(),
                "POST /api/analyze?m=" + m2 + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + body.length,
                body);
        assertThat(continued.status()).isEqualTo(201);
        assertThat(analysis.find(m2)).hasValueSatisfying(got -> {
            assertThat(got.body()).isEqualTo(body);
            assertThat(got.header("Expect")).isEmpty();
        });
    }
}
