package io.redline.search.story;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wire copies share the story of the first outlet; group=story shows one article per story. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StoryGroupingTest {

    /**
     * A body no other test shares: near-duplicate detection is index-wide, so a fixed text would join the story of
     * the same text indexed by another test.
     */
    static String uniqueText() {
        return java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> Fixtures.newId().substring(0, 8))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @Test
    void wireCopiesShareTheFirstOutletsStoryAndGroupToOneHit() throws Exception {
        String feed = "stories-" + Fixtures.newId();
        String text = uniqueText();
        ArticleSpec first = spec(feed, "wire.example", "Drones hit Kyiv overnight", text, "2026-11-26T06:00:00Z");
        ArticleSpec copy = spec(feed, "copy.example", "Drones hit Kyiv overnight", text, "2026-11-26T07:00:00Z");
        ArticleSpec other = spec(
                feed,
                "other.example",
                "Central bank holds rates",
                "The central bank kept its main rate unchanged, citing slowing inflation and weak demand.",
                "2026-11-26T08:00:00Z");
        for (ArticleSpec s : List.of(first, copy, other)) {
            Fixtures.index(client, stories, s.build());
        }
        given().get("/api/articles/" + copy.id).then().statusCode(200);
        JsonPath grouped = given().queryParam("feed", feed)
                .queryParam("group", "story")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(grouped.getList("items.id")).containsExactly(other.id, copy.id);
        assertThat(grouped.getString("items[1].storyId")).isEqualTo(first.id);
        assertThat(grouped.getInt("items[1].story.count")).isEqualTo(2);
        assertThat(grouped.getList("items[1].story.otherIds")).containsExactly(first.id);
        assertThat(grouped.getInt("items[0].story.count")).isEqualTo(1);
        assertThat(grouped.getLong("total")).isEqualTo(3);
        assertThat(grouped.getLong("stories")).isEqualTo(2);
        assertThat(grouped.getString("nextCursor")).isNull();

        given().get("/api/stories/" + first.id)
                .then()
                .statusCode(200)
                .body("count", equalTo(2))
                .body("articles.id", equalTo(List.of(first.id, copy.id)))
                .body("articles[0].sourceDomain", equalTo("wire.example"));
        given().get("/api/stories/" + Fixtures.newId()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void nearDuplicatesInOneBatchShareOneStory() throws Exception {
        String feed = "stories-" + Fixtures.newId();
        String text = uniqueText();
        ArticleSpec first = spec(feed, "wire.example", "Drones hit Kyiv overnight", text, "2026-11-26T06:00:00Z");
        ArticleSpec copy = spec(feed, "copy.example", "Drones hit Kyiv overnight", text, "2026-11-26T07:00:00Z");
        ArticleSpec other =
                spec(feed, "other.example", "Central bank holds rates", uniqueText(), "2026-11-26T08:00:00Z");
        // None of them is indexed yet: the copy can only find the first one within the batch.
        List<String> ids = stories.storyIdsFor(
                io.redline.search.index.ArticleIndex.INDEX,
                List.of(
                        first.build().article(),
                        copy.build().article(),
                        other.build().article(),
                        first.build().article()));
        assertThat(ids).containsExactly(first.id, first.id, other.id, first.id);
    }

    @Test
    void storyIdIsKeptWhenAnArticleIsRevised() throws Exception {
        String feed = "stories-" + Fixtures.newId();
        String text = uniqueText();
        ArticleSpec first = spec(feed, "wire.example", "Drones hit Kyiv overnight", text, "2026-11-26T06:00:00Z");
        ArticleSpec copy = spec(feed, "copy.example", "Drones hit Kyiv overnight", text, "2026-11-26T07:00:00Z");
        Fixtures.index(client, stories, first.build());
        Fixtures.index(client, stories, copy.build());
        copy.revision = 2;
        copy.title = "Completely different headline about football";
        copy.text = "Nothing in common with the first version at all.";
        Fixtures.index(client, stories, copy.build());
        given().queryParam("feed", feed)
                .queryParam("q", "football")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("items[0].storyId", equalTo(first.id));
    }

    private static ArticleSpec spec(String feed, String source, String title, String text, String published) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = source;
        s.title = title;
        s.text = text;
        s.published = Instant.parse(published);
        return s;
    }
}
