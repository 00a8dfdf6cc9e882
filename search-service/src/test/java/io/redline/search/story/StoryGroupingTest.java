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
import io.redline.query.SameEvent;
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

    /** A place name of this run only (letters), so that no other test's article is a same-event candidate. */
    static String runPlace() {
        return "Zarv" + Fixtures.newId().substring(0, 6).replaceAll("[0-9]", "q");
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
    void reportsOfOneEventInOneBatchJoinTheIndexedStoryTheFirstOfThemFinds() throws Exception {
        String place = runPlace();
        String feed = "stories-" + Fixtures.newId();
        ArticleSpec indexed = spec(
                feed,
                "wire.example",
                "Russian drones strike " + place + " port grain terminal, two workers injured",
                "Russian drones struck the grain terminal of the river port of " + place
                        + " overnight, setting it ablaze and injuring two workers, the regional governor said.",
                "2026-03-14T04:00:00Z");
        Fixtures.index(client, stories, indexed.build());
        ArticleSpec first = spec(
                feed,
                "herald.example",
                "Drone strike sets " + place + " port grain terminal ablaze, two workers hurt",
                "Russian drones hit the grain terminal at the port of " + place
                        + " overnight, starting a fire and injuring two workers, the governor of the region said.",
                "2026-03-14T05:00:00Z");
        ArticleSpec second = spec(
                feed,
                "ledger.example",
                place + " port grain terminal burns after Russian drone strike, two workers injured",
                "The grain terminal of " + place + " port burned overnight after Russian drones struck it,"
                        + " injuring two workers, the regional governor said on the morning after.",
                "2026-03-14T06:00:00Z");
        // Neither is indexed yet: the second can only find the first within the batch, and the first finds the
        // indexed story; both must end in that story, not the second in a story named after the first.
        List<String> ids = stories.storyIdsFor(
                io.redline.search.index.ArticleIndex.INDEX,
                List.of(first.build().article(), second.build().article()),
                List.of(List.of("RUS"), List.of("RUS")));
        assertThat(ids).containsExactly(indexed.id, indexed.id);
    }

    @Test
    void aReportLikeAMemberButNotLikeTheStorysFirstReportStartsItsOwnStory() throws Exception {
        String place = runPlace();
        String feed = "stories-" + Fixtures.newId();
        ArticleSpec flood = spec(
                feed,
                "wire.example",
                "Flood closes " + place + " river bridge, ferry service suspended",
                "Floodwater closed the old river bridge of " + place
                        + " overnight and the ferry service was suspended, the mayor said.",
                "2026-04-02T04:00:00Z");
        ArticleSpec floodAndSchools = spec(
                feed,
                "herald.example",
                place + " river bridge closed by flood, ferry suspended, schools shut",
                "The old river bridge of " + place
                        + " was closed by floodwater, the ferry was suspended and schools shut, the mayor said.",
                "2026-04-02T05:00:00Z");
        ArticleSpec strike = spec(
                feed,
                "ledger.example",
                place + " schools shut, ferry suspended as teachers strike",
                "Schools in " + place
                        + " shut and the ferry was suspended as teachers and ferry crews went on strike, the mayor"
                        + " said.",
                "2026-04-02T06:00:00Z");
        SameEvent.Text floodText = text(flood);
        SameEvent.Text middleText = text(floodAndSchools);
        SameEvent.Text strikeText = text(strike);
        assertThat(SameEvent.same(middleText, floodText))
                .as("the middle report is the flood")
                .isTrue();
        assertThat(SameEvent.same(strikeText, middleText))
                .as("the strike report is like the middle one")
                .isTrue();
        assertThat(SameEvent.same(strikeText, floodText))
                .as("the strike report is not the flood")
                .isFalse();

        Fixtures.index(client, stories, flood.build());
        Fixtures.index(client, stories, floodAndSchools.build());
        assertThat(stories.storyIdFor(
                        io.redline.search.index.ArticleIndex.INDEX,
                        floodAndSchools.build().article()))
                .as("the middle report joined the flood's story")
                .isEqualTo(flood.id);
        // Both are searchable (indexed with a refresh) and in this instance's recent stories: neither path may chain
        // the strike into the flood's story through the middle report.
        assertThat(stories.storyIdFor(
                        io.redline.search.index.ArticleIndex.INDEX,
                        strike.build().article()))
                .isEqualTo(strike.id);

        // A report of the flood like the middle one joins the story, found through either.
        ArticleSpec floodAgain = spec(
                feed,
                "gazette.example",
                "Flood shuts " + place + " river bridge and ferry service, schools closed",
                "Floodwater shut the old river bridge of " + place
                        + " overnight, the ferry service was suspended and schools closed, the mayor said.",
                "2026-04-02T07:00:00Z");
        assertThat(SameEvent.same(text(floodAgain), floodText)).isTrue();
        assertThat(stories.storyIdFor(
                        io.redline.search.index.ArticleIndex.INDEX,
                        floodAgain.build().article()))
                .isEqualTo(flood.id);
    }

    private static SameEvent.Text text(ArticleSpec s) {
        var a = s.build().article();
        return SameEvent.Text.of(a.title(), a.summary(), a.text(), List.of());
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
