package io.redline.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.IndexedArticles;
import io.redline.query.UserQuery;
import io.redline.search.Fixtures;
import io.redline.search.index.ArticleIndex;
import io.redline.search.query.ArticleSearch.Bucket;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Signal, category and "asserted" filters and their facets answer the same on an index from before articles-v4
 * (one nested document per signal and event) as on the current one (flattened values and TYPE|MODALITY keys), so
 * searches stay right while a migration still serves the old index behind the alias.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class LegacyNestedIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ElasticsearchClient client;

    @Inject
    ArticleIndex articleIndex;

    @Test
    void filtersAndFacetsAnswerAlikeOnANestedV3IndexAndOnTheCurrentOne() throws Exception {
        String run = Fixtures.newId().substring(0, 8).toLowerCase(Locale.ROOT);
        String legacy = "legacy-" + run + "-v3";
        String current = "legacy-" + run + "-current";
        try (InputStream v3 = getClass().getResourceAsStream("/elasticsearch/articles-v3.json")) {
            client.indices().create(CreateIndexRequest.of(b -> b.index(legacy).withJson(v3)));
        }
        articleIndex.createIndex(current, null);

        // A reported strike next to an asserted red line: "asserted strike" must not match it (same-signal pairs).
        AnalyzedArticle mixed = spec("mixed")
                .signal(SignalType.RED_LINE, Modality.ASSERTED)
                .signal(SignalType.STRIKE, Modality.REPORTED)
                .build();
        AnalyzedArticle strike =
                spec("strike").signal(SignalType.STRIKE, Modality.ASSERTED).build();
        AnalyzedArticle hedged = spec("hedged")
                .signal(SignalType.RED_LINE, Modality.FUTURE)
                .event(PloverCategory.RETREAT, "RUS", "UKR", Modality.ASSERTED)
                .build();
        AnalyzedArticle talks = spec("talks")
                .event(PloverCategory.CONSULT, "RUS", "UKR", Modality.REPORTED)
                .build();
        AnalyzedArticle none = spec("none").build();
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        for (AnalyzedArticle doc : List.of(mixed, strike, hedged, talks, none)) {
            IndexedArticle indexed = IndexedArticles.of(doc, doc.article().id());
            Map<String, Object> v3 = v3Document(indexed);
            bulk.operations(
                    op -> op.index(i -> i.index(current).id(doc.article().id()).document(indexed)));
            bulk.operations(
                    op -> op.index(i -> i.index(legacy).id(doc.article().id()).document(v3)));
        }
        var written = client.bulk(bulk.build());
        assertThat(written.items())
                .allSatisfy(item -> assertThat(item.error())
                        .as("bulk item %s in %s", item.id(), item.index())
                        .isNull());

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("strike", ids(mixed, strike));
        expected.put("asserted strike", ids(strike));
        expected.put("asserted red line", ids(mixed));
        expected.put("red line or strike", ids(mixed, strike, hedged));
        expected.put("asserted anything", ids(mixed, strike, hedged));
        expected.put("category consult", ids(talks));
        expected.put("asserted retreat", ids(hedged));
        expected.put("asserted consult", ids());
        for (String index : List.of(legacy, current)) {
            Map<String, Set<String>> found = new LinkedHashMap<>();
            found.put("strike", search(index, filters(List.of(SignalType.STRIKE), List.of(), false)));
            found.put("asserted strike", search(index, filters(List.of(SignalType.STRIKE), List.of(), true)));
            found.put("asserted red line", search(index, filters(List.of(SignalType.RED_LINE), List.of(), true)));
            found.put(
                    "red line or strike",
                    search(index, filters(List.of(SignalType.RED_LINE, SignalType.STRIKE), List.of(), false)));
            found.put("asserted anything", search(index, filters(List.of(), List.of(), true)));
            found.put("category consult", search(index, filters(List.of(), List.of(PloverCategory.CONSULT), false)));
            found.put("asserted retreat", search(index, filters(List.of(), List.of(PloverCategory.RETREAT), true)));
            found.put("asserted consult", search(index, filters(List.of(), List.of(PloverCategory.CONSULT), true)));
            assertThat(found).as("matches on %s", index).isEqualTo(expected);

            SearchResponse<Void> facets =
                    client.search(s -> s.index(index).size(0).aggregations(ArticleSearch.facets()), Void.class);
            Map<String, List<Bucket>> read = ArticleSearch.readFacets(facets.aggregations());
            assertThat(read.get("signals"))
                    .as("signal facet on %s, in articles", index)
                    .containsExactly(new Bucket("RED_LINE", 2), new Bucket("STRIKE", 2));
            assertThat(read.get("categories"))
                    .as("category facet on %s", index)
                    .containsExactly(new Bucket("CONSULT", 1), new Bucket("RETREAT", 1));
        }
        client.indices().delete(d -> d.index(legacy, current));
    }

    /** The document as articles-v3 held it: the same, without the keys v4 added (its strict mapping refuses them). */
    private Map<String, Object> v3Document(IndexedArticle indexed) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(JsonpUtils.toJsonString(indexed, client._jsonpMapper()));
        ((ObjectNode) tree.get("derived"))
                .remove(List.of(
                        "signalKeys", "eventKeys", "outlets", "firstSeen", "firstOutlet", "copies", "outletDomains"));
        return JSON.convertValue(tree, new TypeReference<Map<String, Object>>() {});
    }

    private static ArticleSpec spec(String title) {
        ArticleSpec s = new ArticleSpec();
        s.title = title;
        return s;
    }

    private static ArticleFilters filters(List<SignalType> signals, List<PloverCategory> categories, boolean asserted) {
        return new ArticleFilters(
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                signals,
                categories,
                List.of(),
                List.of(),
                null,
                List.of(),
                asserted);
    }

    private Set<String> search(String index, ArticleFilters filters) throws Exception {
        Query query = EsQueries.query(null, UserQuery.parse(null), filters);
        return client.search(s -> s.index(index).size(100).query(query), Void.class).hits().hits().stream()
                .map(h -> h.id())
                .collect(Collectors.toSet());
    }

    private static Set<String> ids(AnalyzedArticle... docs) {
        return java.util.Arrays.stream(docs).map(d -> d.article().id()).collect(Collectors.toSet());
    }
}
