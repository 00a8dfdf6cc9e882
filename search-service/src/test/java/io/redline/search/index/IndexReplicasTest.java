package io.redline.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.localstack.LocalStackTestResource;
import io.redline.search.Fixtures;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch creates the articles index with the configured shard and replica counts. Read back through the settings
 * API, not cluster health: the embedded single node accepts a replica it cannot place and stays yellow.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IndexReplicasTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    Reindexer reindexer;

    @Test
    void theIndexGetsTheConfiguredShardsAndReplicas() throws Exception {
        String index = "replicas-" + Fixtures.newId().substring(0, 8).toLowerCase(Locale.ROOT);
        ArticleIndex articles =
                new ArticleIndex(client, reindexer, new IndexSettings(2, 1, Duration.ofSeconds(10)), "500ms");
        articles.createIndex(index, null);
        try {
            var created = client.indices()
                    .getSettings(g -> g.index(index))
                    .get(index)
                    .settings()
                    .index();
            assertThat(created.numberOfShards()).isEqualTo("2");
            assertThat(created.numberOfReplicas()).isEqualTo("1");
            // The mapping file's other settings survive the override.
            assertThat(created.refreshInterval().time()).isEqualTo("1s");
        } finally {
            client.indices().delete(d -> d.index(index));
        }
    }

    @Test
    void theDefaultsAreOneShardAndNoReplica() throws Exception {
        var live = client.indices()
                .getSettings(g -> g.index(ArticleIndex.INDEX))
                .get(ArticleIndex.INDEX)
                .settings()
                .index();
        assertThat(live.numberOfShards()).isEqualTo("1");
        assertThat(live.numberOfReplicas()).isEqualTo("0");
        // redline.search.index.refresh-interval, applied over the mapping file's 1s at start-up.
        assertThat(live.refreshInterval().time()).isEqualTo("500ms");
    }

    @Test
    void aRefreshIntervalThatIsNotAnElasticsearchTimeIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ArticleIndex(
                        client, reindexer, new IndexSettings(1, 0, Duration.ofSeconds(10)), "half a second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redline.search.index.refresh-interval");
    }
}
