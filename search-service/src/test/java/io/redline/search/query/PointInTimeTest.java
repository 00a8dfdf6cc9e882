package io.redline.search.query;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.redline.search.story.StoryAssigner;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A search opens an Elasticsearch point in time only when the client asks for snapshot paging ({@code cursor=*}):
 * points in time are a node-wide resource ({@code search.max_open_pit_context}, 1,000 by default) held for the
 * keep-alive, so one per first page would let a polling dashboard exhaust it and fail everyone's searches.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PointInTimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEED = "pit-" + Fixtures.newId();
    private static final List<String> IDS = new ArrayList<>();

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @ConfigProperty(name = "quarkus.elasticsearch.hosts")
    String hosts;

    @BeforeEach
    void indexOnce() throws Exception {
        if (!IDS.isEmpty()) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            ArticleSpec spec = new ArticleSpec();
            spec.feed = FEED;
            spec.title = "Drone report " + i;
            spec.text = "Item " + i + " " + Fixtures.newId();
            spec.published = Instant.parse("2026-11-25T12:00:00Z").plusSeconds(i);
            Fixtures.index(client, stories, spec.build());
            IDS.add(spec.id);
        }
    }

    @Test
    void firstPagesWithoutCursorLeaveNoPointInTimeOpen() throws Exception {
        long before = openPointsInTime();
        for (int i = 0; i < 5; i++) {
            JsonPath page = firstPage(null);
            // More pages exist: today's code opened (and kept) a point in time for them.
            assertThat(page.getList("items.id")).hasSize(1);
        }
        assertThat(openPointsInTime() - before)
                .as("points in time opened by 5 first-page searches without cursor")
                .isZero();
    }

    @Test
    void pagingWithoutSnapshotStillReachesEveryHit() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = cursor == null ? firstPage(null) : firstPage(cursor);
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && ++pages < 10);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IDS);
    }

    @Test
    void cursorStarOpensOneSnapshotAndTheLastPageClosesIt() throws Exception {
        long before = openPointsInTime();
        JsonPath page = firstPage("*");
        assertThat(openPointsInTime() - before)
                .as("the snapshot a cursor=* search pages from")
                .isPositive();
        List<String> seen = new ArrayList<>(page.getList("items.id"));
        String cursor = page.getString("nextCursor");
        int pages = 0;
        while (cursor != null && ++pages < 10) {
            page = firstPage(cursor);
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IDS);
        assertThat(openPointsInTime() - before)
                .as("points in time left after the last page")
                .isZero();
    }

    private static JsonPath firstPage(String cursor) {
        var request =
                given().queryParam("feed", FEED).queryParam("sort", "newest").queryParam("size", 1);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/articles").then().statusCode(200).extract().jsonPath();
    }

    /** Points in time open on the node, from its search statistics (open reader contexts). */
    private long openPointsInTime() throws Exception {
        String host = hosts.split(",")[0].trim();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + host + "/_nodes/stats/indices/search"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        long open = 0;
        for (JsonNode node : JSON.readTree(r.body()).path("nodes")) {
            JsonNode search = node.path("indices").path("search");
            // This Elasticsearch reports no point-in-time counter of its own; an open point in time holds a reader
            // context on each shard it covers until it is closed or expires, while a plain search releases its own
            // contexts before it answers, so open reader contexts between requests are the points in time left open.
            assertThat(search.has("open_contexts"))
                    .as("node stats show open reader contexts: %s", search)
                    .isTrue();
            open += search.path("open_contexts").asLong();
        }
        return open;
    }
}
