package io.redline.search.query;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.redline.search.story.StoryAssigner;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot paging ({@code cursor=*} on the first page, then nextCursor) returns every hit of the first page's
 * snapshot exactly once while articles keep arriving.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CursorPagingTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @ParameterizedTest
    @ValueSource(strings = {"newest", "relevance", "escalation"})
    void everyHitExactlyOnceWhileIndexingContinues(String sort) throws Exception {
        String feed = "paging-" + Fixtures.newId();
        // Equal dates, scores and texts: only the article id tiebreaker orders these hits.
        Instant sameTime = Instant.parse("2026-11-25T12:00:00Z");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            expected.add(index(feed, sameTime, i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        int arriving = 100;
        do {
            var request = given().queryParam("feed", feed)
                    .queryParam("q", "drone")
                    .queryParam("sort", sort)
                    .queryParam("size", 7);
            // The first page asks for a snapshot; later pages carry it in their cursor.
            request.queryParam("cursor", cursor != null ? cursor : "*");
            JsonPath page = request.get("/api/articles")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(page.getLong("total")).isEqualTo(25);
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            // New articles arrive between pages: newer, equal and older than the ones being paged through.
            index(feed, sameTime.plusSeconds(60), arriving++);
            index(feed, sameTime, arriving++);
            index(feed, sameTime.minusSeconds(60), arriving++);
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).doesNotHaveDuplicates().hasSize(25);
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
        assertThat(pages).isEqualTo(4);
    }

    private String index(String feed, Instant published, int n) throws Exception {
        ArticleSpec spec = new ArticleSpec();
        spec.feed = feed;
        spec.title = "Drone report";
        // Texts differ enough to be separate stories, and not at all in the words searched.
        spec.text = "Item " + n + " " + Fixtures.newId() + " " + Fixtures.newId();
        spec.published = published;
        spec.score = 40;
        Fixtures.index(client, stories, spec.build());
        return spec.id;
    }
}
