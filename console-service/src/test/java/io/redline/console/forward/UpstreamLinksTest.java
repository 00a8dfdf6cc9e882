package io.redline.console.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.console.config.UpstreamUrl;
import org.junit.jupiter.api.Test;

/** Which URLs in Location, Content-Location and Link answers are the service's, and what they become. */
class UpstreamLinksTest {

    private static final UpstreamUrl SEARCH = UpstreamUrl.parse("http://search-service:8080");

    private static String location(UpstreamUrl upstream, String value) {
        return UpstreamLinks.rewrite(upstream, "Location", value);
    }

    @Test
    void theServicesOwnUrlBecomesItsPathQueryAndFragment() {
        assertThat(location(SEARCH, "http://search-service:8080/api/keys/k1")).isEqualTo("/api/keys/k1");
        assertThat(location(SEARCH, "http://Search-Service:8080/api/articles?q=%22red+line%22&x=1#top"))
                .isEqualTo("/api/articles?q=%22red+line%22&x=1#top");
        assertThat(location(SEARCH, "http://search-service:8080")).isEqualTo("/");
        assertThat(location(SEARCH, "http://search-service:8080?a=b")).isEqualTo("/?a=b");
        // Scheme-relative, and another scheme on the same authority (a trusted X-Forwarded-Proto changes the scheme).
        assertThat(location(SEARCH, "//search-service:8080/api/me")).isEqualTo("/api/me");
        assertThat(location(SEARCH, "https://search-service:8080/api/me")).isEqualTo("/api/me");
        assertThat(UpstreamLinks.rewrite(SEARCH, "content-location", "http://search-service:8080/api/keys"))
                .isEqualTo("/api/keys");
    }

    @Test
    void otherUrlsAreKept() {
        for (String kept : new String[] {
            "http://search-service:8081/api/keys/k1",
            "http://search-service/api/keys/k1",
            "http://alert-service:8080/api/keys/k1",
            "https://example.org/api/keys/k1",
            "http://user@search-service:8080/api/keys/k1",
            "ftp://search-service:8080/api/keys/k1",
            "/api/keys/k1",
            "k1",
            "mailto:desk@search-service",
            "http://search-service:8080/api/ke ys",
        }) {
            assertThat(location(SEARCH, kept)).as(kept).isEqualTo(kept);
        }
    }

    @Test
    void aDefaultPortMatchesAUrlWithoutOne() {
        UpstreamUrl onDefault = UpstreamUrl.parse("http://search-service");
        assertThat(location(onDefault, "http://search-service/api/keys/k1")).isEqualTo("/api/keys/k1");
        assertThat(location(onDefault, "http://search-service:80/api/keys/k1")).isEqualTo("/api/keys/k1");
        // The Host header the console sent had no port: the same authority under the scheme a proxy reported.
        assertThat(location(onDefault, "https://search-service/api/keys/k1")).isEqualTo("/api/keys/k1");
        assertThat(location(onDefault, "https://search-service:443/api/keys/k1"))
                .isEqualTo("https://search-service:443/api/keys/k1");
        UpstreamUrl tls = UpstreamUrl.parse("https://search.internal");
        assertThat(location(tls, "https://search.internal/api/me")).isEqualTo("/api/me");
        assertThat(location(tls, "http://search.internal:80/api/me")).isEqualTo("http://search.internal:80/api/me");
    }

    @Test
    void anIpv6HostMatches() {
        UpstreamUrl v6 = UpstreamUrl.parse("http://[::1]:8080");
        assertThat(location(v6, "http://[::1]:8080/api/keys/k1")).isEqualTo("/api/keys/k1");
        assertThat(location(v6, "http://[::2]:8080/api/keys/k1")).isEqualTo("http://[::2]:8080/api/keys/k1");
    }

    @Test
    void theBasePathIsRemovedAndAUrlOutsideItKept() {
        UpstreamUrl based = UpstreamUrl.parse("http://gateway:9000/search/");
        assertThat(location(based, "http://gateway:9000/search/api/keys/k1?x=1"))
                .isEqualTo("/api/keys/k1?x=1");
        assertThat(location(based, "http://gateway:9000/search")).isEqualTo("/");
        assertThat(location(based, "http://gateway:9000/searchers/api/keys"))
                .isEqualTo("http://gateway:9000/searchers/api/keys");
        assertThat(location(based, "http://gateway:9000/api/keys")).isEqualTo("http://gateway:9000/api/keys");
    }

    @Test
    void eachLinkTargetIsRewrittenAndItsParametersKept() {
        String link = "<http://search-service:8080/api/subscriptions?after=x&limit=2>; rel=\"next\", "
                + "<https://example.org/docs>; rel=\"help\"; title=\"see <http://search-service:8080/x>, too\", "
                + "<http://search-service:8080/api/subscriptions?limit=2>;rel=first;title=\"a \\\"q\\\" <b>\"";
        assertThat(UpstreamLinks.rewrite(SEARCH, "Link", link))
                .isEqualTo("</api/subscriptions?after=x&limit=2>; rel=\"next\", "
                        + "<https://example.org/docs>; rel=\"help\"; title=\"see <http://search-service:8080/x>, too\", "
                        + "</api/subscriptions?limit=2>;rel=first;title=\"a \\\"q\\\" <b>\"");
        // An unterminated target is passed on as it came.
        assertThat(UpstreamLinks.rewrite(SEARCH, "link", "<http://search-service:8080/api/x"))
                .isEqualTo("<http://search-service:8080/api/x");
    }

    @Test
    void otherHeadersAreNotTouched() {
        assertThat(UpstreamLinks.rewrite(SEARCH, "Refresh", "http://search-service:8080/api/me"))
                .isEqualTo("http://search-service:8080/api/me");
    }
}
