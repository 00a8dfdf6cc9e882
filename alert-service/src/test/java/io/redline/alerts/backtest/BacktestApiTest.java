package io.redline.alerts.backtest;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/subscriptions/{id}/backtest} on the real Elasticsearch: articles written into the articles index as
 * search-service's indexer writes them (story ids chosen here: the same story, the same id), a subscription created
 * through the API, and the alerts delivery would have fired.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BacktestApiTest {

    @Inject
    ElasticsearchClient client;

    @BeforeEach
    void loaded() throws Exception {
        // search-service creates the index at its start-up; here the test does, before any backtest reads it.
        Fixtures.ensureArticlesIndex(client);
        // The subscription API answers 503 until the subscriptions topic has been read once.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @Test
    void countsNewAlertsAndLevelRisesPerStoryInTheWindow() throws Exception {
        String feed = "backtest-" + Fixtures.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Story A: ELEVATED, the same level again (silent), HIGH (an update), HIGH again (silent).
        String storyText = "Howitzers moved to the front. " + uniqueText();
        ArticleSpec a1 = spec(feed, "a1.example", "Howitzers moved", storyText, now.minus(Duration.ofDays(6)), 30);
        ArticleSpec a2 = spec(feed, "a2.example", "Howitzers moved", storyText, now.minus(Duration.ofDays(5)), 40);
        ArticleSpec a3 = spec(feed, "a3.example", "Howitzers moved", storyText, now.minus(Duration.ofDays(4)), 60);
        ArticleSpec a4 = spec(feed, "a4.example", "Howitzers moved", storyText, now.minus(Duration.ofDays(3)), 55);
        // Story B: one CRITICAL article.
        ArticleSpec b1 = spec(
                feed,
                "b.example",
                "Howitzers shelled",
                "Howitzers shelled the port. " + uniqueText(),
                now.minus(Duration.ofDays(1)),
                85);
        // Not matched: below minLevel, without the query's word, or without the signal.
        ArticleSpec low = spec(
                feed,
                "c.example",
                "Howitzers parade",
                "Howitzers on parade. " + uniqueText(),
                now.minus(Duration.ofDays(2)),
                10);
        ArticleSpec other = spec(
                feed,
                "e.example",
                "Drones hit depot",
                "Drones hit a depot. " + uniqueText(),
                now.minus(Duration.ofDays(2)),
                90);
        ArticleSpec noSignal = spec(
                feed,
                "f.example",
                "Howitzers delivered",
                "Howitzers were delivered. " + uniqueText(),
                now.minus(Duration.ofDays(2)),
                70);
        noSignal.signals.clear();
        // Story D: only in a longer window.
        ArticleSpec d1 = spec(
                feed,
                "d.example",
                "Howitzers ordered",
                "Howitzers were ordered. " + uniqueText(),
                now.minus(Duration.ofDays(10)),
                70);
        String storyA = "story-a-" + Fixtures.newId();
        for (ArticleSpec s : List.of(a1, a2, a3, a4)) {
            Fixtures.index(client, IndexedArticles.of(s.build(), storyA));
        }
        for (ArticleSpec s : List.of(d1, low, other, noSignal, b1)) {
            Fixtures.index(client, IndexedArticles.of(s.build(), "story-" + s.id));
        }
        String id = subscribe(feed);

        JsonPath week = given().queryParam("days", 7)
                .get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(week.getInt("days")).isEqualTo(7);
        Instant from = Instant.parse(week.getString("from"));
        Instant to = Instant.parse(week.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(7));
        assertThat(to).isBetween(now, Instant.now());
        assertThat(week.getLong("articlesMatched")).isEqualTo(5);
        assertThat(week.getInt("stories")).isEqualTo(2);
        assertThat(week.getInt("alerts")).isEqualTo(3);
        assertThat(week.getInt("newAlerts")).isEqualTo(2);
        assertThat(week.getInt("updateAlerts")).isEqualTo(1);
        assertThat(week.getBoolean("truncated")).isFalse();
        assertThat(week.getList("sample.articleId")).containsExactly(a1.id, a3.id, b1.id);
        assertThat(week.getList("sample.kind")).containsExactly("new", "update", "new");
        assertThat(week.getList("sample.level")).containsExactly("ELEVATED", "HIGH", "CRITICAL");
        assertThat(week.getList("sample.score", Integer.class)).containsExactly(30, 60, 85);
        assertThat(week.getString("sample[1].storyId"))
                .isEqualTo(week.getString("sample[0].storyId"))
                .isNotEqualTo(week.getString("sample[2].storyId"));
        assertThat(week.getString("sample[2].title")).isEqualTo("Howitzers shelled");
        assertThat(Instant.parse(week.getString("sample[2].publishedAt"))).isEqualTo(b1.published);

        List<Map<String, Object>> byDay = week.getList("byDay");
        assertThat(byDay).hasSize(8); // seven days from a point in a day touch eight UTC dates
        assertThat(byDay.get(0).get("date")).isEqualTo(day(from).toString());
        assertThat(byDay.get(7).get("date")).isEqualTo(day(to).toString());
        Map<String, Integer> expected = new HashMap<>();
        for (ArticleSpec fired : List.of(a1, a3, b1)) {
            expected.merge(day(fired.published).toString(), 1, Integer::sum);
        }
        for (Map<String, Object> d : byDay) {
            assertThat(d.get("alerts")).as(d.get("date").toString()).isEqualTo(expected.getOrDefault(d.get("date"), 0));
        }

        JsonPath month = given().queryParam("days", 30)
                .get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(month.getLong("articlesMatched")).isEqualTo(6);
        assertThat(month.getInt("stories")).isEqualTo(3);
        assertThat(month.getInt("newAlerts")).isEqualTo(3);
        assertThat(month.getInt("updateAlerts")).isEqualTo(1);
        assertThat(month.getList("byDay")).hasSize(31);

        // Without days: the last 7.
        given().get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .body("days", equalTo(7))
                .body("alerts", equalTo(3));
        // Only story B's article lies in the last two days.
        given().queryParam("days", 2)
                .get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .body("alerts", equalTo(1))
                .body("newAlerts", equalTo(1))
                .body("sample[0].articleId", equalTo(b1.id));
    }

    @Test
    void daysOutside1To90IsA400NamingDays() {
        String id = subscribe("backtest-" + Fixtures.newId());
        for (String days : List.of("0", "91", "-3", "seven", "7.5")) {
            given().queryParam("days", days)
                    .get("/api/subscriptions/" + id + "/backtest")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("days"))
                    .body("status", equalTo(400));
        }
        given().queryParam("days", 90)
                .get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .body("days", equalTo(90))
                .body("byDay.size()", equalTo(91));
        given().queryParam("days", 1)
                .get("/api/subscriptions/" + id + "/backtest")
                .then()
                .statusCode(200)
                .body("alerts", equalTo(0));
    }

    @Test
    void anUnknownSubscriptionIsA404() {
        given().get("/api/subscriptions/sub_doesNotExist0000/backtest")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    /** A subscription on this test's feed only: "howitzers", ELEVATED and up, a strike, Russia involved. */
    private static String subscribe(String feed) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Backtest " + feed);
        body.put("query", "howitzers");
        body.put("filters", Map.of("feed", List.of(feed)));
        body.put("minLevel", "ELEVATED");
        body.put("signals", List.of("STRIKE"));
        body.put("actors", List.of("rus"));
        body.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static ArticleSpec spec(
            String feed, String source, String title, String text, Instant published, int score) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = source;
        s.title = title;
        s.text = text;
        s.published = published;
        s.score = score;
        s.actors = List.of("RUS", "UKR");
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS", "UKR");
        return s;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Forty random words: each article's own text, as articles of different stories have. */
    private static String uniqueText() {
        return IntStream.range(0, 40)
                .mapToObj(i -> Fixtures.newId().substring(0, 8))
                .collect(Collectors.joining(" "));
    }
}
