package io.redline.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service URLs are absolute http/https URLs or the console does not start, with a message naming the setting. */
class UpstreamUrlTest {

    @Test
    void readsHostPortSchemeAndPrefix() {
        assertThat(UpstreamUrl.parse("http://localhost:8080")).isEqualTo(new UpstreamUrl(false, "localhost", 8080, ""));
        assertThat(UpstreamUrl.parse(" https://search.internal/ "))
                .isEqualTo(new UpstreamUrl(true, "search.internal", 443, ""));
        assertThat(UpstreamUrl.parse("http://gateway:9000/search/"))
                .isEqualTo(new UpstreamUrl(false, "gateway", 9000, "/search"));
        assertThat(UpstreamUrl.parse("http://[::1]:8083")).isEqualTo(new UpstreamUrl(false, "::1", 8083, ""));
        assertThat(UpstreamUrl.parse("HTTP://Search-Service:8080").toString()).isEqualTo("http://Search-Service:8080");
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {
            "",
            "localhost:8080",
            "search-service",
            "ftp://host/",
            "file:///etc/passwd",
            "http://",
            "http:///path",
            "http://user:pw@host:8080",
            "http://host:8080/?x=1",
            "http://host:8080/#f",
            "http://host name:80"
        }) {
            assertThatThrownBy(() -> UpstreamUrl.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBadUrlStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> config(Map.of("redline.console.upstream.alert", "alert-service:8083")))
                .hasStackTraceContaining("redline.console.upstream.alert")
                .hasStackTraceContaining("is not an absolute http:// or https:// URL");
        ConsoleConfig ok = config(Map.of("redline.console.upstream.alert", "https://alerts.example:8443"))
                .getConfigMapping(ConsoleConfig.class);
        assertThat(ok.upstream().alert()).isEqualTo(new UpstreamUrl(true, "alerts.example", 8443, ""));
        assertThat(ok.upstream().search()).isEqualTo(new UpstreamUrl(false, "localhost", 8080, ""));
        assertThat(ok.maxBodySize().asLongValue()).isEqualTo(10L * 1024 * 1024);
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(ConsoleConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(
                        io.quarkus.runtime.configuration.MemorySize.class,
                        100,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }
}
