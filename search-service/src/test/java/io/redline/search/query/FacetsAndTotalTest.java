package io.redline.search.query;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.search.Fixtures;
import io.redline.search.index.ArticleIndex;
import io.redline.search.index.DocumentVersion;
import io.redline.search.story.StoryAssigner;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code facets} and {@code total} parameters of {@code /api/articles}: first pages compute what is asked (today's
 * exact total and six facets by default), cursor pages compute no facets and repeat the first page's total.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FacetsAndTotalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @Test
    void firstPageComputesTheAskedFacetsAndCountsByDefaultExactly() throws Exception {
        String feed = indexFeed(3);
        JsonPath all = page(api(feed)).jsonPath();
        assertThat(all.getLong("total")).isEqualTo(3);
        assertThat(all.getString("totalRelation")).isEqualTo("eq");
        assertThat(all.getMap("facets").keySet())
                .containsExactly("signals", "actors", "sources", "levels", "languages", "categories");
        assertThat(page(api(feed).queryParam("facets", "all")).jsonPath().getMap("facets"))
                .isEqualTo(all.getMap("facets"));

        String leanBody = page(api(feed).queryParam("facets", "none").queryParam("total", "estimate"))
                .asString();
        JsonPath lean = JsonPath.from(leanBody);
        assertThat(lean.getLong("total")).isEqualTo(3);
        assertThat(lean.getString("totalRelation")).isEqualTo("eq");
        assertThat(JSON.readTree(leanBody).has("facets")).isFalse();
        assertThat(lean.getList("items.id")).isEqualTo(all.getList("items.id"));

        Map<String, Object> some = page(api(feed).queryParam("facets", "levels, Signals"))
                .jsonPath()
                .getMap("facets");
        assertThat(some.keySet()).containsExactly("signals", "levels");
        assertThat(some.get("levels")).isEqualTo(all.getMap("facets").get("levels"));
    }

    @Test
    void unknownFacetOrTotalModeIsA400NamingTheParameter() {
        given().queryParam("facets", "signals,colours")
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("facets"));
        given().queryParam("total", "roughly")
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("total"));
    }

    @Test
    void cursorPagesCarryTheFirstTotalAndNoFacets() throws Exception {
        String feed = indexFeed(5);
        JsonPath first = page(api(feed).queryParam("size", 2)).jsonPath();
        assertThat(first.getLong("total")).isEqualTo(5);
        String cursor = first.getString("nextCursor");
        // Articles arrive between pages; the live cursor's pages still say the first page's count.
        indexFeedArticles(feed, 2);
        String body = page(api(feed)
                        .queryParam("size", 2)
                        .queryParam("facets", "all")
                        .queryParam("total", "exact")
                        .queryParam("cursor", cursor))
                .asString();
        JsonPath second = JsonPath.from(body);
        assertThat(second.getLong("total")).isEqualTo(5);
        assertThat(second.getString("totalRelation")).isEqualTo("eq");
        assertThat(JSON.readTree(body).has("facets")).isFalse();

        // A cursor from before the total was carried still works, counting as it did then.
        ObjectNode old = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(cursor));
        old.remove(List.of("total", "totalRelation"));
        old.putNull("pit");
        String oldCursor = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(old));
        JsonPath fromOld = page(api(feed).queryParam("size", 2).queryParam("cursor", oldCursor))
                .jsonPath();
        assertThat(fromOld.getLong("total")).isEqualTo(7);
        assertThat(fromOld.getString("totalRelation")).isEqualTo("eq");
        assertThat(fromOld.getList("items.id")).isEqualTo(second.getList("items.id"));
    }

    @Test
    void estimateStopsCountingAtTenThousandAndSaysSo() throws Exception {
        ArticleSpec spec = new ArticleSpec();
        spec.feed = "many-" + Fixtures.newId();
        spec.title = "Census of copies";
        spec.text = "One of many copies " + Fixtures.newId();
        spec.published = Instant.parse("2026-11-25T12:00:00Z");
        AnalyzedArticle doc = spec.build();
        IndexedArticle indexed = IndexedArticles.of(doc, "story-" + Fixtures.newId());
        int copies = ArticleSearch.ESTIMATE_LIMIT + 5;
        try {
            for (int from = 0; from < copies; from += 2_000) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (int i = from; i < Math.min(copies, from + 2_000); i++) {
                    String id = spec.feed + "-" + i;
                    bulk.operations(o -> o.index(x -> x.index(ArticleIndex.INDEX)
                            .id(id)
                            .version(DocumentVersion.of(doc))
                            .versionType(VersionType.ExternalGte)
                            .document(indexed)));
                }
                assertThat(client.bulk(bulk.build()).errors()).isFalse();
            }
            client.indices().refresh(r -> r.index(ArticleIndex.INDEX));

            JsonPath estimate = page(api(spec.feed)
                            .queryParam("total", "estimate")
                            .queryParam("facets", "none"))
                    .jsonPath();
            assertThat(estimate.getLong("total")).isEqualTo(ArticleSearch.ESTIMATE_LIMIT);
            assertThat(estimate.getString("totalRelation")).isEqualTo("gte");
            // Its cursor pages repeat the lower bound, not a recount.
            JsonPath next = page(api(spec.feed).queryParam("cursor", estimate.getString("nextCursor")))
                    .jsonPath();
            assertThat(next.getLong("total")).isEqualTo(ArticleSearch.ESTIMATE_LIMIT);
            assertThat(next.getString("totalRelation")).isEqualTo("gte");

            JsonPath exact = page(api(spec.feed)).jsonPath();
            assertThat(exact.getLong("total")).isEqualTo(copies);
            assertThat(exact.getString("totalRelation")).isEqualTo("eq");
        } finally {
            // The index is shared with the other tests of this resource: leave it as it was (by id: the embedded
            // Elasticsearch has no delete-by-query).
            for (int from = 0; from < copies; from += 2_000) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (int i = from; i < Math.min(copies, from + 2_000); i++) {
                    String id = spec.feed + "-" + i;
                    bulk.operations(
                            o -> o.delete(x -> x.index(ArticleIndex.INDEX).id(id)));
                }
                client.bulk(bulk.build());
            }
            client.indices().refresh(r -> r.index(ArticleIndex.INDEX));
        }
    }

    private static RequestSpecification api(String feed) {
        return given().queryParam("feed", feed);
    }

    private static io.restassured.response.Response page(RequestSpecification request) {
        return request.get("/api/articles").then().statusCode(200).extract().response();
    }

    private String indexFeed(int n) throws Exception {
        String feed = "costs-" + Fixtures.newId();
        indexFeedArticles(feed, n);
        return feed;
    }

    private void indexFeedArticles(String feed, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            ArticleSpec spec = new ArticleSpec();
            spec.feed = feed;
            spec.title = "Drone report " + i;
            spec.text = "Item " + i + " " + Fixtures.newId() + " " + Fixtures.newId();
            spec.published = Instant.parse("2026-11-25T12:00:00Z").plusSeconds(60L * i);
            spec.score = 40;
            Fixtures.index(client, stories, spec.build());
        }
    }
}
