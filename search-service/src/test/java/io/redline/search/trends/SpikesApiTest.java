package io.redline.search.trends;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.redline.search.story.StoryAssigner;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/spikes} on the real Elasticsearch: articles are indexed at controlled times around an {@code at}
 * in a past hour no other test writes to, so the whole index in those windows is this test's.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SpikesApiTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @Test
    void aBurstAgainstASteadyBaselineIsListedAndTheSteadyKeyIsNot() throws IOException {
        Instant at = pastHour();
        String burst = code();
        String steady = code();
        String target = code();
        long[] burstWeeks = {1, 0, 2, 1};
        for (int week = 1; week <= 4; week++) {
            for (int i = 0; i < burstWeeks[week - 1]; i++) {
                index(at.minus(WEEK.multipliedBy(week)).minusSeconds(600 + i), 20, burst);
            }
            for (int i = 0; i < 5; i++) {
                index(at.minus(WEEK.multipliedBy(week)).minusSeconds(1200 + i), 20, steady);
            }
        }
        for (int i = 0; i < 5; i++) {
            index(at.minusSeconds(1500 + i), 20, steady);
        }
        for (int i = 0; i < 7; i++) {
            ArticleSpec a = spec(at.minusSeconds(60 + i * 60), 30 + i * 10, burst);
            a.title = "burst " + burst + " " + i;
            a.signal(SignalType.ULTIMATUM, Modality.ASSERTED, burst, target)
                    .event(PloverCategory.THREATEN, burst, target, Modality.ASSERTED);
            Fixtures.index(client, stories, a.build());
        }
        // Outside the window: at itself is excluded, as is the minute before the window.
        index(at, 90, burst);
        index(at.minus(Duration.ofMinutes(61)), 90, burst);

        JsonPath body = given().queryParam("at", at.toString())
                .queryParam("kind", "actor,dyad")
                .queryParam("kind", "signal")
                .get("/api/spikes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(body.getString("at")).isEqualTo(at.toString());
        assertThat(body.getString("window")).isEqualTo("PT60M");
        assertThat(body.getInt("weeks")).isEqualTo(4);
        assertThat(body.getString("unit")).isEqualTo("stories");
        assertThat(body.getString("statistic")).contains("distinct stories", "median", "MAD", "60 minutes");
        List<Map<String, Object>> spikes = body.getList("spikes");
        assertThat(spikes)
                .extracting(s -> s.get("kind") + ":" + s.get("key"))
                .contains("actor:" + burst, "dyad:" + burst + ">" + target, "signal:ULTIMATUM")
                .doesNotContain("actor:" + steady);
        assertThat(spikes)
                .extracting(s -> ((Number) s.get("score")).doubleValue())
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));

        Map<String, Object> actor = find(spikes, "actor", burst);
        assertThat(actor.get("observed")).isEqualTo(7);
        assertThat(actor.get("articles")).isEqualTo(7);
        assertThat(actor.get("from")).isEqualTo(at.minus(Duration.ofMinutes(60)).toString());
        assertThat(actor.get("to")).isEqualTo(at.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) actor.get("baseline");
        assertThat(baseline.get("weeks")).isEqualTo(List.of(1, 0, 2, 1));
        assertThat(((Number) baseline.get("median")).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) baseline.get("mad")).doubleValue()).isEqualTo(0.5);
        assertThat(baseline.get("usableWeeks")).isEqualTo(4);
        // spread = max(1.4826 * 0.5, sqrt(1)) = 1
        assertThat(((Number) actor.get("score")).doubleValue()).isEqualTo(6.0);
        assertThat(((Number) actor.get("ratio")).doubleValue()).isEqualTo(7.0);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) actor.get("topEvidence");
        assertThat(evidence).hasSize(3);
        assertThat(evidence)
                .extracting(e -> e.get("title"))
                .containsExactly("burst " + burst + " 6", "burst " + burst + " 5", "burst " + burst + " 4");
        assertThat(evidence.get(0).get("sentence")).isEqualTo("burst " + burst + " 6");
        assertThat(evidence.get(0).get("sourceDomain")).isEqualTo("spikes.example.org");
        assertThat(evidence.get(0).get("level"))
                .isEqualTo(EscalationLevel.ofScore(90).name());
        assertThat(evidence.get(0).get("articleId")).isNotNull();
        assertThat(evidence)
                .extracting(e -> e.get("storyId"))
                .doesNotContainNull()
                .doesNotHaveDuplicates();

        // A higher bar and a narrower kind list leave the burst out or keep only its kind.
        List<Map<String, Object>> strict = given().queryParam("at", at.toString())
                .queryParam("minCount", 8)
                .get("/api/spikes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("spikes");
        assertThat(strict).isEmpty();
        List<Map<String, Object>> dyads = given().queryParam("at", at.toString())
                .queryParam("kind", "dyad")
                .get("/api/spikes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("spikes");
        assertThat(dyads)
                .extracting(s -> s.get("kind") + ":" + s.get("key"))
                .containsExactly("dyad:" + burst + ">" + target);
    }

    @Test
    void aWeekWithNoArticlesAtAllIsDroppedAsAnOutage() throws IOException {
        Instant at = pastHour();
        String key = code();
        for (int week : new int[] {1, 2, 4}) {
            for (int i = 0; i < 2; i++) {
                index(at.minus(WEEK.multipliedBy(week)).minusSeconds(300 + i), 10, key);
            }
        }
        // Week 3 holds nothing: the feeds were down. Three weeks earlier but outside the window does not count.
        index(at.minus(WEEK.multipliedBy(3)).minus(Duration.ofMinutes(90)), 10, code());
        for (int i = 0; i < 8; i++) {
            index(at.minusSeconds(300 + i), 10, key);
        }

        List<Map<String, Object>> spikes = given().queryParam("at", at.toString())
                .queryParam("kind", "actor")
                .get("/api/spikes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("spikes");

        Map<String, Object> spike = find(spikes, "actor", key);
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) spike.get("baseline");
        assertThat(baseline.get("weeks")).isEqualTo(java.util.Arrays.asList(2, 2, null, 2));
        assertThat(baseline.get("usableWeeks")).isEqualTo(3);
        assertThat(((Number) baseline.get("median")).doubleValue()).isEqualTo(2.0);
        // spread = max(0, sqrt(2)); (8 - 2) / 1.414 = 4.24
        assertThat(((Number) spike.get("score")).doubleValue())
                .isCloseTo(6 / Math.sqrt(2), org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void badParametersAre400NamingThem() {
        Map<String, String> bad = Map.of(
                "window", "4",
                "weeks", "13",
                "kind", "actor,colour",
                "minCount", "0",
                "minScore", "much",
                "limit", "201",
                "at", "yesterday");
        bad.forEach((name, value) -> given().queryParam(name, value)
                .get("/api/spikes")
                .then()
                .statusCode(400)
                .body("parameter", equalTo(name)));
        given().queryParam("window", "1441").get("/api/spikes").then().statusCode(400);
        given().queryParam("weeks", "0").get("/api/spikes").then().statusCode(400);
        given().queryParam("minScore", "-1").get("/api/spikes").then().statusCode(400);
        given().queryParam("limit", "0").get("/api/spikes").then().statusCode(400);
        given().queryParam("window", "1440")
                .queryParam("weeks", "12")
                .queryParam("limit", "200")
                .get("/api/spikes")
                .then()
                .statusCode(200)
                .body("window", equalTo("PT1440M"));
    }

    private void index(Instant published, int score, String actor) throws IOException {
        Fixtures.index(client, stories, spec(published, score, actor).build());
    }

    private static ArticleSpec spec(Instant published, int score, String actor) {
        ArticleSpec a = new ArticleSpec();
        a.published = published;
        a.score = score;
        a.actors = List.of(actor);
        a.source = "spikes.example.org";
        a.title = "about " + actor + " " + a.id;
        return a;
    }

    /** A whole hour between 2015 and 2024 that no other test publishes in (they use 2026 and now). */
    private static Instant pastHour() {
        long hours = ThreadLocalRandom.current().nextLong(24 * 365 * 9);
        return Instant.parse("2015-01-01T00:00:00Z").plus(hours, ChronoUnit.HOURS);
    }

    /** A fresh actor code: keys of one test never meet another's. */
    private static String code() {
        StringBuilder b = new StringBuilder("T");
        for (int i = 0; i < 6; i++) {
            b.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return b.toString();
    }

    private static Map<String, Object> find(List<Map<String, Object>> spikes, String kind, String key) {
        return spikes.stream()
                .filter(s -> kind.equals(s.get("kind")) && key.equals(s.get("key")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + key + " not in " + spikes));
    }
}
