package io.redline.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.console.Browser;
import io.redline.console.UpstreamsResource;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every answer carries the hardening headers; the page's files revalidate, API answers are not stored. */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class SecurityHeadersTest {

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @TestHTTPResource("/")
    URL console;

    private static void hardened(HttpResponse<String> r, String what) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).contains(CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
        assertThat(r.headers().firstValue("Permissions-Policy"))
                .as(what)
                .hasValueSatisfying(v -> assertThat(v).contains("camera=()", "geolocation=()"));
        assertThat(r.headers().allValues("Content-Security-Policy")).as(what).hasSize(1);
    }

    @Test
    void thePageIsServedWithItsPolicyAndRevalidated() {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<String> r = Browser.get(console.getPort(), path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.body()).as(path).containsIgnoringCase("<html");
            hardened(r, path);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).contains("no-cache");
            String lastModified = r.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<String> again = Browser.send(Browser.request(console.getPort(), path)
                    .header("If-Modified-Since", lastModified)
                    .build());
            assertThat(again.statusCode()).as(path + " revalidated").isEqualTo(304);
            hardened(again, path + " 304");
        }
    }

    @Test
    void apiAnswersProblemsAndMissingFilesAreHardenedToo() {
        HttpResponse<String> forwarded = Browser.get(console.getPort(), "/api/articles");
        assertThat(forwarded.statusCode()).isEqualTo(200);
        hardened(forwarded, "forwarded");
        assertThat(forwarded.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> problem = Browser.get(console.getPort(), "/api/nothing-here");
        assertThat(problem.statusCode()).isEqualTo(404);
        hardened(problem, "problem");
        assertThat(problem.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> missing = Browser.get(console.getPort(), "/no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        hardened(missing, "missing file");
        assertThat(missing.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> health = Browser.get(console.getPort(), "/q/health/live");
        hardened(health, "health");
    }
}
