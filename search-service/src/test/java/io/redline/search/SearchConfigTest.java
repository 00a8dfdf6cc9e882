package io.redline.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.redline.common.elasticsearch.IndexSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code redline.search} keys keep their names and documented defaults (README table): search-service's own in
 * {@link SearchConfig}, the ones alert-service shares in {@link IndexSettings.Config}. Both mappings have the same
 * prefix, so each must accept the other's keys rather than refuse them as unknown.
 */
class SearchConfigTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        // Quarkus's converter, as in the service: "120s" rather than ISO-8601 "PT120S".
        return new SmallRyeConfigBuilder()
                .withMapping(SearchConfig.class)
                .withMapping(IndexSettings.Config.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SmallRyeConfig c = config(Map.of());
        SearchConfig search = c.getConfigMapping(SearchConfig.class);
        assertThat(search.cursorKeepAlive()).isEqualTo("5m");
        assertThat(search.publishIndexed()).isTrue();
        assertThat(search.index().refreshInterval()).isEqualTo("500ms");
        IndexSettings settings = new IndexSettings(c.getConfigMapping(IndexSettings.Config.class));
        assertThat(settings.shards()).isEqualTo(1);
        assertThat(settings.replicas()).isZero();
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void everyKeyIsReadUnderItsOwnName() {
        SmallRyeConfig c = config(Map.of(
                "redline.search.cursor-keep-alive", "1m",
                "redline.search.publish-indexed", "false",
                "redline.search.index.refresh-interval", "1s",
                "redline.search.index.shards", "3",
                "redline.search.index.replicas", "1",
                "redline.search.startup-timeout", "30s"));
        SearchConfig search = c.getConfigMapping(SearchConfig.class);
        assertThat(search.cursorKeepAlive()).isEqualTo("1m");
        assertThat(search.publishIndexed()).isFalse();
        assertThat(search.index().refreshInterval()).isEqualTo("1s");
        IndexSettings settings = new IndexSettings(c.getConfigMapping(IndexSettings.Config.class));
        assertThat(settings.shards()).isEqualTo(3);
        assertThat(settings.replicas()).isEqualTo(1);
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
