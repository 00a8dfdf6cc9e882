package io.redline.search.query;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.redline.search.story.StoryAssigner;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every search, filter, sort, facet and timeline parameter against the real Elasticsearch, on a fixed corpus. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ArticleQueryApiTest {

    /** Every test filters on this feed id, so articles of other tests never change the counts here. */
    static final String FEED = "feed-" + Fixtures.newId();

    static final ArticleSpec STRIKE = new ArticleSpec();
    static final ArticleSpec RED_LINE = new ArticleSpec();
    static final ArticleSpec TALKS = new ArticleSpec();
    static final ArticleSpec GERMAN = new ArticleSpec();
    static boolean indexed;

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @BeforeEach
    void indexCorpusOnce() throws Exception {
        if (indexed) {
            return;
        }
        STRIKE.title = "Missiles launched at Odesa port";
        STRIKE.text = "Russian forces were striking the port overnight, officials said.";
        STRIKE.source = "alpha.example";
        STRIKE.tags = List.of("ukraine");
        STRIKE.published = Instant.parse("2026-11-20T10:00:00Z");
        STRIKE.score = 85;
        STRIKE.actors = List.of("RUS", "UKR");
        STRIKE.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS", "UKR")
                .event(PloverCategory.ASSAULT, "RUS", "UKR", Modality.ASSERTED);

        RED_LINE.title = "Kremlin draws a red line over long-range missile deliveries";
        RED_LINE.text = "Moscow said strikes deep inside Russia would cross a red line.";
        RED_LINE.source = "beta.example";
        RED_LINE.tags = List.of("russia");
        RED_LINE.published = Instant.parse("2026-11-20T14:30:00Z");
        RED_LINE.score = 60;
        RED_LINE.actors = List.of("RUS", "USA");
        RED_LINE.signal(SignalType.RED_LINE, Modality.REPORTED, "RUS")
                .event(PloverCategory.THREATEN, "RUS", "USA", Modality.REPORTED);

        TALKS.title = "Ceasefire talks open in Geneva";
        TALKS.text = "Delegations agreed to meet again next week.";
        TALKS.source = "alpha.example";
        TALKS.tags = List.of("diplomacy");
        TALKS.published = Instant.parse("2026-11-21T09:00:00Z");
        TALKS.score = 0;
        TALKS.actors = List.of("RUS", "UKR");
        TALKS.signal(SignalType.TALKS, Modality.ASSERTED, "RUS", "UKR")
                .event(PloverCategory.CONSULT, "UKR", "RUS", Modality.ASSERTED);

        GERMAN.title = "Raketen auf Odessa";
        GERMAN.text = "Die Armee meldet Angriffe.";
        GERMAN.source = "gamma.example";
        GERMAN.tags = List.of("ukraine");
        GERMAN.language = "de";
        GERMAN.published = Instant.parse("2026-11-22T23:30:00Z");
        for (ArticleSpec s : List.of(STRIKE, RED_LINE, TALKS, GERMAN)) {
            s.feed = FEED;
            Fixtures.index(client, stories, s.build());
        }
        indexed = true;
    }

    private static RequestSpecification api() {
        return given().queryParam("feed", FEED);
    }

    private static List<String> ids(RequestSpecification request) {
        return request.get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void inflectedFormsMatchOnTheEmbeddedElasticsearch() {
        assertThat(ids(api().queryParam("q", "missile"))).containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "strike"))).containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "striking"))).containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "delegation agree"))).containsExactly(TALKS.id);
    }

    @Test
    void booleanOperatorsPhrasesPrefixesAndTitleScopeWork() {
        assertThat(ids(api().queryParam("q", "missile AND odesa"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("q", "missile odesa"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("q", "ceasefire OR kremlin"))).containsExactlyInAnyOrder(TALKS.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "ceasefire | kremlin"))).containsExactlyInAnyOrder(TALKS.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "missile -odesa"))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("q", "missile NOT odesa"))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("q", "(ceasefire OR odesa) AND port"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("q", "\"red line\""))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("q", "\"red lines\""))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("q", "\"line red\""))).isEmpty();
        assertThat(ids(api().queryParam("q", "Gene*"))).containsExactly(TALKS.id);
        assertThat(ids(api().queryParam("q", "title:missile"))).containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("q", "title:striking"))).isEmpty();
        assertThat(ids(api().queryParam("q", "title:\"red line\""))).containsExactly(RED_LINE.id);
    }

    @Test
    void queryTextCannotReachOtherFieldsOrRegexes() {
        assertThat(ids(api().queryParam("q", "analysis.level:HIGH"))).isEmpty();
        assertThat(ids(api().queryParam("q", "article.sourceDomain:alpha.example")))
                .isEmpty();
        assertThat(ids(api().queryParam("q", "/.*/"))).isEmpty();
        assertThat(ids(api().queryParam("q", "missile~2 OR kreml~"))).isEmpty();
        given().queryParam("q", "x".repeat(501))
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("q"));
    }

    @Test
    void everyFilterRestrictsTheResults() {
        assertThat(ids(api().queryParam("from", "2026-11-21"))).containsExactlyInAnyOrder(TALKS.id, GERMAN.id);
        assertThat(ids(api().queryParam("to", "2026-11-20T14:30:00Z"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("from", "2026-11-20").queryParam("to", "2026-11-20")))
                .containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("source", "alpha.example"))).containsExactlyInAnyOrder(STRIKE.id, TALKS.id);
        assertThat(ids(api().queryParam("source", "beta.example,gamma.example")))
                .containsExactlyInAnyOrder(RED_LINE.id, GERMAN.id);
        assertThat(ids(given().queryParam("feed", "no-such-feed"))).isEmpty();
        assertThat(ids(api().queryParam("tag", "ukraine"))).containsExactlyInAnyOrder(STRIKE.id, GERMAN.id);
        assertThat(ids(api().queryParam("language", "de"))).containsExactly(GERMAN.id);
        assertThat(ids(api().queryParam("signal", "red_line"))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("signal", "STRIKE").queryParam("signal", "TALKS")))
                .containsExactlyInAnyOrder(STRIKE.id, TALKS.id);
        assertThat(ids(api().queryParam("category", "THREATEN"))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("actor", "USA"))).containsExactly(RED_LINE.id);
        assertThat(ids(api().queryParam("actor", "RUS").queryParam("actor", "UKR")))
                .containsExactlyInAnyOrder(STRIKE.id, TALKS.id);
        assertThat(ids(api().queryParam("dyad", "RUS>UKR"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("dyad", "UKR->RUS"))).containsExactly(TALKS.id);
        assertThat(ids(api().queryParam("minScore", "60"))).containsExactlyInAnyOrder(STRIKE.id, RED_LINE.id);
        assertThat(ids(api().queryParam("level", "CRITICAL"))).containsExactly(STRIKE.id);
        assertThat(ids(api().queryParam("level", "HIGH,NONE")))
                .containsExactlyInAnyOrder(RED_LINE.id, TALKS.id, GERMAN.id);
        assertThat(ids(api().queryParam("modality", "asserted"))).containsExactlyInAnyOrder(STRIKE.id, TALKS.id);
        assertThat(ids(api().queryParam("modality", "asserted").queryParam("signal", "RED_LINE")))
                .isEmpty();
        assertThat(ids(api().queryParam("modality", "asserted").queryParam("category", "ASSAULT")))
                .containsExactly(STRIKE.id);
    }

    @Test
    void sortsByNewestEscalationOrRelevance() {
        assertThat(ids(api())).containsExactly(GERMAN.id, TALKS.id, RED_LINE.id, STRIKE.id);
        assertThat(ids(api().queryParam("sort", "newest")))
                .containsExactly(GERMAN.id, TALKS.id, RED_LINE.id, STRIKE.id);
        // Without relevance there is no score: null, not the client's NaN.
        api().queryParam("sort", "newest").get("/api/articles").then().body("items[0].score", nullValue());
        assertThat(ids(api().queryParam("sort", "escalation")))
                .containsExactly(STRIKE.id, RED_LINE.id, GERMAN.id, TALKS.id);
        // The title match is boosted over a body-only match.
        assertThat(ids(api().queryParam("q", "odesa OR port").queryParam("sort", "relevance")))
                .containsExactly(STRIKE.id);
    }

    @Test
    void highlightsMarkInflectedFormsInTitleAndText() {
        JsonPath body = api().queryParam("q", "strike missile")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int i = body.getList("items.id").indexOf(STRIKE.id);
        assertThat(body.getString("items[" + i + "].highlights.'article.title'[0]"))
                .contains("<em>Missiles</em>");
        assertThat(body.getString("items[" + i + "].highlights.'article.text'[0]"))
                .contains("<em>striking</em>");
    }

    @Test
    void returnsExactTotalAndFacetsCountedInArticles() {
        JsonPath body = api().queryParam("size", "1")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(body.getLong("total")).isEqualTo(4);
        assertThat(facet(body, "sources"))
                .containsEntry("alpha.example", 2)
                .containsEntry("beta.example", 1)
                .containsEntry("gamma.example", 1);
        assertThat(facet(body, "signals"))
                .containsEntry("STRIKE", 1)
                .containsEntry("RED_LINE", 1)
                .containsEntry("TALKS", 1);
        assertThat(facet(body, "actors"))
                .containsEntry("RUS", 3)
                .containsEntry("UKR", 2)
                .containsEntry("USA", 1);
        assertThat(facet(body, "levels"))
                .containsEntry("CRITICAL", 1)
                .containsEntry("HIGH", 1)
                .containsEntry("NONE", 2);
        assertThat(facet(body, "languages")).containsEntry("en", 3).containsEntry("de", 1);
        assertThat(facet(body, "categories"))
                .containsEntry("ASSAULT", 1)
                .containsEntry("THREATEN", 1)
                .containsEntry("CONSULT", 1);
    }

    private static Map<String, Integer> facet(JsonPath body, String name) {
        Map<String, Integer> out = new java.util.HashMap<>();
        List<Map<String, Object>> buckets = body.getList("facets." + name);
        buckets.forEach(b -> out.put((String) b.get("key"), ((Number) b.get("count")).intValue()));
        return out;
    }

    @Test
    void fullArticleByIdAnd404ProblemForUnknownIds() {
        given().get("/api/articles/" + STRIKE.id)
                .then()
                .statusCode(200)
                .body("article.title", equalTo(STRIKE.title))
                .body("analysis.signals[0].evidence.sentence", equalTo(STRIKE.title))
                .body("analysis.events[0].category", equalTo("ASSAULT"));
        given().get("/api/articles/" + Fixtures.newId())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void timelineIsGapFreePerHourWithEscalationAndSplits() {
        JsonPath body = api().queryParam("interval", "hour")
                .queryParam("from", "2026-11-20T10:00:00Z")
                .queryParam("to", "2026-11-20T15:00:00Z")
                .queryParam("split", "signal")
                .get("/api/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(body.getList("points.time"))
                .containsExactly(
                        "2026-11-20T10:00:00Z",
                        "2026-11-20T11:00:00Z",
                        "2026-11-20T12:00:00Z",
                        "2026-11-20T13:00:00Z",
                        "2026-11-20T14:00:00Z");
        assertThat(body.getList("points.count", Integer.class)).containsExactly(1, 0, 0, 0, 1);
        assertThat(body.getDouble("points[0].maxEscalation")).isEqualTo(85.0);
        assertThat(body.getString("points[1].meanEscalation")).isNull();
        assertThat(body.getString("points[0].split[0].key")).isEqualTo("STRIKE");
        assertThat(body.getString("points[4].split[0].key")).isEqualTo("RED_LINE");
        assertThat(body.getLong("total")).isEqualTo(2);
    }

    @Test
    void timelinePerDayFollowsTheTimeZoneAndTheQuery() {
        JsonPath utc = api().queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-22")
                .get("/api/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(utc.getList("points.count", Integer.class)).containsExactly(2, 1, 1);
        assertThat(utc.getDouble("points[0].meanEscalation")).isEqualTo(72.5);
        JsonPath kyiv = api().queryParam("tz", "+02:00")
                .queryParam("interval", "day")
                .queryParam("split", "actor")
                .get("/api/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(kyiv.getList("points.time")).contains("2026-11-23T00:00:00+02:00");
        assertThat(kyiv.getList("points.count", Integer.class)).containsExactly(2, 1, 0, 1);
        assertThat(kyiv.getString("points[0].split[0].key")).isEqualTo("RUS");
        JsonPath missiles = api().queryParam("q", "missile")
                .get("/api/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(missiles.getList("points.count", Integer.class)).containsExactly(2);
    }

    @Test
    void invalidParametersAre400ProblemsNamingTheParameter() {
        Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
        cases.put("from", Map.of("from", "yesterday"));
        cases.put("to", Map.of("from", "2026-11-21", "to", "2026-11-20"));
        cases.put("size", Map.of("size", "abc"));
        cases.put("sort", Map.of("sort", "random"));
        cases.put("signal", Map.of("signal", "PANIC"));
        cases.put("category", Map.of("category", "HUG"));
        cases.put("level", Map.of("level", "EXTREME"));
        cases.put("modality", Map.of("modality", "reported"));
        cases.put("dyad", Map.of("dyad", "RUS"));
        cases.put("minScore", Map.of("minScore", "101"));
        cases.put("cursor", Map.of("cursor", "not-a-cursor"));
        cases.put("group", Map.of("group", "feed"));
        cases.forEach((parameter, params) -> given().queryParams(params)
                .get("/api/articles")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo(parameter))
                .body("status", equalTo(400)));
        given().queryParam("size", 0)
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("size"));
        given().queryParam("size", 101)
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("size"));
        given().queryParam("interval", "week")
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("interval"));
        given().queryParam("tz", "Mars/Olympus")
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("tz"));
        given().queryParam("split", "feed")
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("split"));
        given().queryParam("interval", "hour")
                .queryParam("from", "2020-01-01")
                .queryParam("to", "2026-01-01")
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("interval"));
        given().queryParam("level", "NOPE")
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("level"));
    }

    @Test
    void cursorOfAnotherQueryIsRefused() {
        String cursor = api().queryParam("size", 1)
                .get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .path("nextCursor");
        assertThat(cursor).isNotNull();
        api().queryParam("size", 1)
                .queryParam("cursor", cursor)
                .get("/api/articles")
                .then()
                .statusCode(200);
        api().queryParam("size", 1)
                .queryParam("q", "missile")
                .queryParam("cursor", cursor)
                .get("/api/articles")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("cursor"));
    }

    @Test
    void lastPageHasNoCursor() {
        api().queryParam("size", 10)
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("nextCursor", nullValue())
                .body("items.size()", equalTo(4));
    }

    @Test
    void openApiDescribesEveryParameter() {
        JsonPath doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String path : List.of("/api/articles", "/api/timeline")) {
            List<Map<String, Object>> parameters = doc.getList("paths.'" + path + "'.get.parameters");
            assertThat(parameters).as(path).isNotEmpty();
            for (Map<String, Object> p : parameters) {
                assertThat((String) p.get("description"))
                        .as(path + " " + p.get("name"))
                        .isNotBlank();
            }
            List<String> names =
                    parameters.stream().map(p -> (String) p.get("name")).toList();
            assertThat(names)
                    .contains(
                            "q",
                            "from",
                            "to",
                            "source",
                            "feed",
                            "tag",
                            "language",
                            "signal",
                            "category",
                            "actor",
                            "dyad",
                            "minScore",
                            "level",
                            "modality");
        }
        assertThat(doc.getList("paths.'/api/articles'.get.parameters.name"))
                .contains("sort", "size", "cursor", "group");
        assertThat(doc.getMap("paths")).containsKeys("/api/articles/{id}", "/api/stories/{id}");
    }

    @Test
    void searchResultsCarryTheStoryId() {
        api().queryParam("q", "geneva")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("items[0].storyId", notNullValue())
                .body("items.id", hasItem(TALKS.id))
                .body("items[0].highlights.'article.title'[0]", containsString("<em>Geneva</em>"));
    }
}
