package io.redline.console.forward;

import static io.redline.console.UpstreamsResource.MAX_BODY;
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
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the console answers itself, always as problem details: a service down (502), a service silent past the idle
 * timeout (504), a body over the limit (413), a path no service answers (404), a path that could reach another one
 * (400, never forwarded).
 */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class ProblemsTest {

    @TestHTTPResource("/")
    URL console;

    private static JsonObject problem(int status, String contentType, String body) {
        assertThat(contentType).startsWith("application/problem+json");
        JsonObject p = new JsonObject(body);
        assertThat(p.getString("type")).isEqualTo("about:blank");
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("detail")).isNotBlank();
        return p;
    }

    private static JsonObject problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        return problem(status, r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static JsonObject problem(RawHttp.Answer a, int status) {
        assertThat(a.status()).isEqualTo(status);
        return problem(status, a.headers().getOrDefault("content-type", ""), a.body());
    }

    @Test
    void aServiceThatIsDownIs502NamingOnlyTheService() {
        HttpResponse<String> r = Browser.get(console.getPort(), "/api/feeds");
        JsonObject p = problem(r, 502);
        assertThat(p.getString("title")).isEqualTo("Bad Gateway");
        assertThat(p.getString("detail")).contains("ingest-service").contains("unreachable");
        String port = Integer.toString(URI.create(UpstreamsResource.ingestDown).getPort());
        assertThat(r.body()).doesNotContain("127.0.0.1").doesNotContain(port).doesNotContain("localhost");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        // The connection stays usable: a POST with a body to the dead service is answered too.
        HttpResponse<String> post = Browser.send(Browser.request(console.getPort(), "/api/feeds")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://feeds.example/a.rss\"}"))
                .header("Content-Type", "application/json")
                .build());
        problem(post, 502);
    }

    @Test
    void aServiceSilentPastTheIdleTimeoutIs504() {
        HttpResponse<String> r = Browser.get(console.getPort(), "/api/analyze/slow");
        JsonObject p = problem(r, 504);
        assertThat(p.getString("title")).isEqualTo("Gateway Timeout");
        assertThat(p.getString("detail")).contains("analysis-service");
        assertThat(r.body()).doesNotContain("127.0.0.1");
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheService() {
        String m = "t" + UUID.randomUUID().toString().replace("-", "");
        // Declared too large: refused before the service is asked.
        byte[] big = new byte[(int) MAX_BODY + 1];
        RawHttp.Answer declared = RawHttp.send(
                console.getPort(),
                "POST /api/analyze?m=" + m + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + big.length,
                big);
        JsonObject p = problem(declared, 413);
        assertThat(p.getString("title")).isEqualTo("Content Too Large");
        assertThat(p.getString("detail")).contains(Long.toString(MAX_BODY));
        // Streamed without a length: cut off once it passes the limit; the service never gets a complete request.
        String m2 = "t" + UUID.randomUUID().toString().replace("-", "");
        RawHttp.Answer streamed = RawHttp.send(
                console.getPort(),
                "POST /api/analyze?m=" + m2 + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Transfer-Encoding: chunked",
                RawHttp.chunked((int) MAX_BODY + 100_000));
        problem(streamed, 413);
        assertThat(analysis.find(m)).isEmpty();
        assertThat(analysis.find(m2)).isEmpty();
        // Exactly the limit passes.
        String m3 = "t" + UUID.randomUUID().toString().replace("-", "");
        RawHttp.Answer atLimit = RawHttp.send(
                console.getPort(),
                "POST /api/analyze?m=" + m3 + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + MAX_BODY,
                new byte[(int) MAX_BODY]);
        assertThat(atLimit.status()).isEqualTo(201);
        assertThat(analysis.find(m3))
                .hasValueSatisfying(got -> assertThat(got.body()).hasSize((int) MAX_BODY));
    }

    @Test
    void aPathNoServiceAnswersIs404() {
        for (String path : List.of("/api", "/api/", "/api/unknown", "/api/articlesX", "/api/feedsy/1", "/api/Keys")) {
            JsonObject p = problem(Browser.get(console.getPort(), path), 404);
            assertThat(p.getString("title")).as(path).isEqualTo("Not Found");
        }
    }

    @Test
    void pathsThatCouldReachAnotherResourceAreRefusedAndNeverForwarded() {
        String m = "t" + UUID.randomUUID().toString().replace("-", "");
        List<String> tricks = List.of(
                "/api/articles/../keys",
                "/api/articles/./keys",
                "/api/articles/%2e%2e/keys",
                "/api/articles/%2E%2E/keys",
                "/api/articles/.%2e/keys",
                "/api/articles/..%2fkeys",
                "/api/articles%2f..%2fkeys",
                "/api/articles/%2fetc",
                "/api/articles/%5c..%5ckeys",
                "/api/articles/..;/keys",
                "/api/articles;x=1/../keys",
                "/api/articles//keys",
                "/api/articles/%00",
                "/x/../api/keys",
                "/api/alerts/..%5C..%5Cq/health");
        for (String path : tricks) {
            RawHttp.Answer a =
                    RawHttp.send(console.getPort(), "GET " + path + "?m=" + m + " HTTP/1.1\r\nHost: localhost", null);
            assertThat(a.status()).as(path).isIn(400, 404);
            problem(a, a.status());
        }
        // Malformed percent-encoding: Vert.x refuses it before any route (a plain 400).
        assertThat(RawHttp.send(
                                console.getPort(),
                                "GET /api/articles/%zz?m=" + m + " HTTP/1.1\r\nHost: localhost",
                                null)
                        .status())
                .isEqualTo(400);
        for (FakeService s : new FakeService[] {search, analysis, alert}) {
            assertThat(s.find(m)).as(s.name).isEmpty();
        }
        // Outside /api, dot segments resolve within the console (Vert.x normalises them) and reach no service.
        RawHttp.Answer health = RawHttp.send(
                console.getPort(), "GET /api/../q/health/live?m=" + m + " HTTP/1.1\r\nHost: localhost", null);
        assertThat(health.status()).isEqualTo(200);
        for (FakeService s : new FakeService[] {search, analysis, alert}) {
            assertThat(s.find(m)).as(s.name).isEmpty();
        }
    }
}
