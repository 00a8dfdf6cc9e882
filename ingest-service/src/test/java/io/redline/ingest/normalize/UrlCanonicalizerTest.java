package io.redline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCanonicalizerTest {

    @Test
    void lowerCasesSchemeAndHostAndDropsDefaultPortAndFragment() {
        assertThat(UrlCanonicalizer.canonicalize("HTTPS://News.Example.ORG:443/World/Story?id=7#comments"))
                .isEqualTo("https://news.example.org/World/Story?id=7");
    }

    @Test
    void stripsTrackingParametersButKeepsOthers() {
        assertThat(UrlCanonicalizer.canonicalize(
                        "http://example.org/a?utm_source=x&id=3&fbclid=abc&gclid=1&utm_medium=rss&page=2"))
                .isEqualTo("http://example.org/a?id=3&page=2");
        assertThat(UrlCanonicalizer.canonicalize("http://example.org/a?utm_source=x"))
                .isEqualTo("http://example.org/a");
    }

    @Test
    void keepsNonDefaultPortsAndAddsRootPath() {
        assertThat(UrlCanonicalizer.canonicalize("http://127.0.0.1:8090")).isEqualTo("http://127.0.0.1:8090/");
    }

    @Test
    void domainDropsWww() {
        assertThat(UrlCanonicalizer.domainOf("https://www.example.org/x")).isEqualTo("example.org");
    }
}
