package io.redline.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Corroboration;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.search.Fixtures;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * An articles-v4 index created before the story corroboration fields existed takes documents carrying all five once
 * start-up's put-mapping has run on it, and answers filters on them; before it, its strict mapping refuses them.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CorroborationMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ElasticsearchClient client;

    @Inject
    ArticleIndex articleIndex;

    @Test
    void anIndexWithTheOldMappingTakesTheFiguresAfterThePutMapping() throws Exception {
        String index = "old-mapping-" + Fixtures.newId().substring(0, 8).toLowerCase(Locale.ROOT);
        String old = oldMapping();
        client.indices().create(CreateIndexRequest.of(b -> b.index(index).withJson(new StringReader(old))));

        ArticleSpec spec = new ArticleSpec();
        spec.title = "Drones hit a power station";
        spec.source = "own.example";
        AnalyzedArticle doc = spec.build();
        IndexedArticle plain = IndexedArticles.of(doc, "story-" + spec.id);
        IndexedArticle document = new IndexedArticle(
                plain.article(),
                plain.analysis(),
                plain.derived()
                        .withCorroboration(new Corroboration(
                                2,
                                3,
                                Instant.parse("2026-11-26T06:00:00Z"),
                                "wire.example",
                                List.of("wire.example", "copy.example", "own.example"))));

        assertThatThrownBy(() -> client.index(i -> i.index(index).id(spec.id).document(document)))
                .isInstanceOf(ElasticsearchException.class)
                .hasMessageContaining("strict_dynamic_mapping_exception");

        articleIndex.addCorroborationFields(index);
        // Every start-up runs it again: a no-op on an index that has the fields.
        articleIndex.addCorroborationFields(index);
        client.index(i -> i.index(index).id(spec.id).document(document).refresh(Refresh.True));

        var mapping =
                client.indices().getMapping(m -> m.index(index)).get(index).mappings();
        var derived = mapping.properties().get("derived").object().properties();
        assertThat(derived.get("copies").isInteger()).isTrue();
        assertThat(derived.get("outletDomains").isKeyword()).isTrue();
        assertThat(derived.get("outlets").isInteger()).isTrue();
        assertThat(client.get(g -> g.index(index).id(spec.id), IndexedArticle.class)
                        .source())
                .isEqualTo(document);
        assertThat(client.search(
                                s -> s.index(index)
                                        .query(q -> q.bool(b -> b.filter(
                                                        f -> f.term(t -> t.field("derived.outletDomains")
                                                                .value(FieldValue.of("copy.example"))))
                                                .filter(f -> f.range(r -> r.number(n -> n.field("derived.copies")
                                                        .gte(3.0)))))),
                                Void.class)
                        .hits()
                        .hits())
                .extracting(h -> h.id())
                .containsExactly(spec.id);
        client.indices().delete(d -> d.index(index));
    }

    /** articles-v4 as first released: without the story corroboration fields in {@code derived}. */
    private static String oldMapping() throws Exception {
        try (InputStream in =
                CorroborationMappingTest.class.getResourceAsStream("/elasticsearch/" + ArticleIndex.INDEX + ".json")) {
            ObjectNode tree = (ObjectNode) JSON.readTree(in);
            ObjectNode derived = (ObjectNode) tree.at("/mappings/properties/derived/properties");
            derived.remove(List.of("outlets", "firstSeen", "firstOutlet", "copies", "outletDomains"));
            return tree.toString();
        }
    }
}
