package io.redline.alerts.brief;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Evidence;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.TestKeys;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/brief} and {@code GET /api/subscriptions/{id}/brief} on the real Elasticsearch: articles written
 * into the articles index with publication times, levels, stories and outlet counts chosen here, and the level rises
 * and newly corroborated stories the brief finds among them.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BriefApiTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    ApiKeyStore keys;

    @BeforeEach
    void loaded() throws Exception {
        Fixtures.ensureArticlesIndex(client);
        BriefFixtures.ensureCorroborationFields(client);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @Test
    void levelRisesAreOrderedByRiseAndNewlyCorroboratedStoriesFound() throws Exception {
        String feed = "brief-" + Fixtures.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String a = "story-a-" + Fixtures.newId();
        String b = "story-b-" + Fixtures.newId();
        String c = "story-c-" + Fixtures.newId();
        String d = "story-d-" + Fixtures.newId();
        String e = "story-e-" + Fixtures.newId();
        // A: ELEVATED before the window, HIGH then CRITICAL in it (rise 2), three outlets in it (corroborated).
        BriefFixtures.index(client, spec(feed, "Troops massing", now.minus(Duration.ofHours(10)), 30), a, null);
        BriefFixtures.index(client, spec(feed, "Troops moving", now.minus(Duration.ofHours(2)), 60), a, 2);
        ArticleSpec aTop = spec(feed, "Troops cross the border", now.minus(Duration.ofHours(1)), 85);
        BriefFixtures.index(
                client, withTopEvidence(aTop.build(), "Troops crossed the border at dawn."), a, 3, "first.example");
        // B: first seen in the window at HIGH (rise 3), one outlet.
        ArticleSpec bTop = spec(feed, "Port shelled", now.minus(Duration.ofHours(3)), 60);
        BriefFixtures.index(client, bTop, b, null);
        // C: HIGH before and in the window (no rise); two outlets before, four in it (not newly corroborated).
        BriefFixtures.index(client, spec(feed, "Talks stall", now.minus(Duration.ofHours(20)), 65), c, 2);
        BriefFixtures.index(client, spec(feed, "Talks stall again", now.minus(Duration.ofHours(4)), 70), c, 4);
        // D: first seen in the window at LOW (rise 1).
        BriefFixtures.index(client, spec(feed, "Minor incident", now.minus(Duration.ofHours(5)), 10), d, null);
        // E: first seen at HIGH with a higher score than B (rise 3, listed before B), two outlets.
        ArticleSpec eTop = spec(feed, "Missile test", now.minus(Duration.ofMinutes(30)), 75);
        BriefFixtures.index(client, eTop, e, 2);
        // Outside the window (after it would be impossible; long before it) and outside the feed: not in the brief.
        BriefFixtures.index(
                client,
                spec(feed, "Old crisis", now.minus(Duration.ofHours(30)), 90),
                "story-old-" + Fixtures.newId(),
                5);
        BriefFixtures.index(
                client,
                spec("other-" + feed, "Elsewhere", now.minus(Duration.ofHours(1)), 95),
                "story-x-" + Fixtures.newId(),
                6);

        String sub = subscribe(feed);
        JsonPath brief = given().queryParam("hours", 6)
                .get("/api/subscriptions/" + sub + "/brief")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(brief.getInt("hours")).isEqualTo(6);
        Instant from = Instant.parse(brief.getString("from"));
        Instant to = Instant.parse(brief.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(6));
        assertThat(to).isBetween(now, Instant.now());

        assertThat(brief.getList("levelRises.storyId")).containsExactly(e, b, a, d);
        assertThat(brief.getList("levelRises.rise", Integer.class)).containsExactly(3, 3, 2, 1);
        assertThat(brief.getList("levelRises.fromLevel")).containsExactly("NONE", "NONE", "ELEVATED", "NONE");
        assertThat(brief.getList("levelRises.toLevel")).containsExactly("HIGH", "HIGH", "CRITICAL", "LOW");
        assertThat(brief.getString("levelRises[2].title")).isEqualTo("Troops cross the border");
        assertThat(brief.getString("levelRises[2].evidence.articleId")).isEqualTo(aTop.id);
        assertThat(brief.getString("levelRises[2].evidence.sentence"))
                .as("the article's top evidence comes first")
                .isEqualTo("Troops crossed the border at dawn.");
        assertThat(brief.getString("levelRises[1].evidence.sentence"))
                .as("without top evidence, the first signal's sentence")
                .isEqualTo("Port shelled");
        assertThat(brief.getInt("levelRises[2].fromScore")).isEqualTo(30);
        assertThat(brief.getInt("levelRises[2].toScore")).isEqualTo(85);

        assertThat(brief.getList("corroborated.storyId")).containsExactly(a, e);
        assertThat(brief.getList("corroborated.outlets", Integer.class)).containsExactly(3, 2);
        assertThat(brief.getList("corroborated.threshold", Integer.class)).containsExactly(2, 2);
        assertThat(brief.getString("corroborated[0].firstOutlet")).isEqualTo("first.example");
        assertThat(brief.getString("corroborated[0].evidence.articleId")).isEqualTo(aTop.id);
        assertThat(brief.getString("corroborated[1].evidence.articleId")).isEqualTo(eTop.id);

        // A narrower window holds only E (and A's CRITICAL article one hour ago).
        JsonPath narrow = given().queryParam("hours", 1)
                .get("/api/subscriptions/" + sub + "/brief")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(narrow.getList("levelRises.storyId")).containsExactly(e);
    }

    @Test
    void theDeskBriefIsForReadersSortedByRiseAndHoursOutside1To72AreA400() throws Exception {
        String reader =
                keys.create("brief-reader", "reader", Role.READER, "test").value();
        String e = "story-desk-" + Fixtures.newId();
        BriefFixtures.index(
                client,
                spec(
                        "brief-desk-" + Fixtures.newId(),
                        "Desk story",
                        Instant.now().minus(Duration.ofMinutes(10)),
                        55),
                e,
                null);
        JsonPath desk = RestAssured.given()
                .header("Authorization", TestKeys.bearer(reader))
                .queryParam("hours", 1)
                .get("/api/brief")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(desk.getInt("hours")).isEqualTo(1);
        List<Integer> rises = desk.getList("levelRises.rise", Integer.class);
        assertThat(rises).isNotEmpty().isSortedAccordingTo((x, y) -> Integer.compare(y, x));
        if (rises.size() < BriefBuilder.MAX_ITEMS) {
            assertThat(desk.getList("levelRises.storyId")).contains(e);
        }
        given().get("/api/brief").then().statusCode(200).body("hours", equalTo(12));
        String sub = subscribe("brief-bad-" + Fixtures.newId());
        for (String hours : List.of("0", "73", "-1", "twelve", "1.5")) {
            given().queryParam("hours", hours)
                    .get("/api/brief")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("hours"));
            given().queryParam("hours", hours)
                    .get("/api/subscriptions/" + sub + "/brief")
                    .then()
                    .statusCode(400)
                    .body("parameter", equalTo("hours"));
        }
        given().queryParam("hours", 72).get("/api/brief").then().statusCode(200).body("hours", equalTo(72));
        given().get("/api/subscriptions/sub_doesNotExist0000/brief").then().statusCode(404);
    }

    @Test
    void newSpikesOfTheSubscriptionsActorsComeWithTheirEvidence() throws Exception {
        String feed = "brief-spike-" + Fixtures.newId();
        // An actor code no other test uses: four articles in the last two hours, none in the same hours of the four
        // weeks before (one article of another actor in each, so those weeks count as covered, not as outages).
        String actor = "Q" + Fixtures.newId().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            ArticleSpec burst = spec(feed, "Burst " + i, now.minus(Duration.ofMinutes(20 + i)), 40);
            burst.actors = List.of(actor);
            burst.signals.clear();
            burst.signal(io.redline.contracts.SignalType.STRIKE, io.redline.contracts.Modality.ASSERTED, actor);
            BriefFixtures.index(client, burst, "story-burst-" + Fixtures.newId(), null);
        }
        for (int week = 1; week <= 4; week++) {
            BriefFixtures.index(
                    client,
                    spec(
                            "brief-filler-" + Fixtures.newId(),
                            "Filler",
                            now.minus(Duration.ofDays(7L * week + 0)).minusSeconds(1800),
                            5),
                    "story-filler-" + Fixtures.newId(),
                    null);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Brief spikes " + feed);
        body.put("filters", Map.of("feed", List.of(feed)));
        body.put("actors", List.of(actor));
        body.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        String sub = given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath brief = given().queryParam("hours", 2)
                .get("/api/subscriptions/" + sub + "/brief")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(brief.getList("spikes.key")).containsExactly(actor);
        assertThat(brief.getString("spikes[0].kind")).isEqualTo("actor");
        assertThat(brief.getInt("spikes[0].observed")).isEqualTo(4);
        assertThat(brief.getDouble("spikes[0].baseline.median")).isZero();
        assertThat(brief.getString("spikes[0].topEvidence[0].sentence")).startsWith("Burst ");
    }

    private static String subscribe(String feed) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Brief " + feed);
        body.put("filters", Map.of("feed", List.of(feed)));
        body.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static ArticleSpec spec(String feed, String title, Instant published, int score) {
        return BriefFixtures.spec(feed, title, published, score);
    }

    private static AnalyzedArticle withTopEvidence(AnalyzedArticle doc, String sentence) {
        Analysis an = doc.analysis();
        return new AnalyzedArticle(
                doc.article(),
                new Analysis(
                        an.analyzerVersion(),
                        an.language(),
                        an.supported(),
                        an.escalationScore(),
                        an.level(),
                        an.deescalationScore(),
                        an.goldstein(),
                        an.signals(),
                        an.events(),
                        an.dyads(),
                        an.actors(),
                        List.of(new Evidence(1, 0, sentence.length(), sentence, "crossed")),
                        an.analyzedAt()));
    }
}
