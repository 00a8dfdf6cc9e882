package io.redline.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.common.elasticsearch.IndexSettings;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configured shard and replica counts replace the mapping's, and nothing else in the body changes. */
class IndexSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(10);

    @Test
    void countsReplaceTheMappingsAndOtherSettingsStay() throws Exception {
        JsonNode original;
        JsonNode applied;
        try (InputStream a = getClass().getResourceAsStream("/elasticsearch/" + ArticleIndex.INDEX + ".json");
                InputStream b = getClass().getResourceAsStream("/elasticsearch/" + ArticleIndex.INDEX + ".json")) {
            original = JSON.readTree(a);
            applied = JSON.readTree(new IndexSettings(3, 1, STARTUP).apply(new String(b.readAllBytes())));
        }
        assertThat(applied.at("/settings/number_of_shards").asInt()).isEqualTo(3);
        assertThat(applied.at("/settings/number_of_replicas").asInt()).isEqualTo(1);
        assertThat(applied.at("/settings/refresh_interval")).isEqualTo(original.at("/settings/refresh_interval"));
        assertThat(applied.at("/settings/max_result_window")).isEqualTo(original.at("/settings/max_result_window"));
        assertThat(applied.get("mappings")).isEqualTo(original.get("mappings"));
    }

    @Test
    void countsNestedUnderIndexAreNotLeftBesideTheConfiguredOnes() throws Exception {
        String body =
                "{\"settings\":{\"index\":{\"number_of_shards\":5,\"number_of_replicas\":2,\"codec\":\"best_compression\"}}}";
        JsonNode applied = JSON.readTree(new IndexSettings(1, 0, STARTUP).apply(body));
        assertThat(applied.at("/settings/index").has("number_of_shards")).isFalse();
        assertThat(applied.at("/settings/index").has("number_of_replicas")).isFalse();
        assertThat(applied.at("/settings/index/codec").asText()).isEqualTo("best_compression");
        assertThat(applied.at("/settings/number_of_shards").asInt()).isEqualTo(1);
        assertThat(applied.at("/settings/number_of_replicas").asInt()).isEqualTo(0);
    }

    @Test
    void aBodyWithoutSettingsGetsThem() throws Exception {
        JsonNode applied =
                JSON.readTree(new IndexSettings(2, 1, STARTUP).apply("{\"mappings\":{\"dynamic\":\"strict\"}}"));
        assertThat(applied.at("/settings/number_of_shards").asInt()).isEqualTo(2);
        assertThat(applied.at("/settings/number_of_replicas").asInt()).isEqualTo(1);
        assertThat(applied.at("/mappings/dynamic").asText()).isEqualTo("strict");
    }

    @Test
    void impossibleCountsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new IndexSettings(0, 0, STARTUP)).hasMessageContaining("redline.search.index.shards");
        assertThatThrownBy(() -> new IndexSettings(1, -1, STARTUP))
                .hasMessageContaining("redline.search.index.replicas");
    }
}
