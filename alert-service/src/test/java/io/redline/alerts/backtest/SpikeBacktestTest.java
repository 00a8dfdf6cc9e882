package io.redline.alerts.backtest;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/subscriptions/{id}/backtest} of spike subscriptions on the real Elasticsearch: a burst of articles
 * naming a fresh actor in a recent whole hour against one a week in two of the four weeks before, and the spike the
 * hourly replay of the detector finds in it.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SpikeBacktestTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Inject
    ElasticsearchClient client;

    @BeforeEach
    void loaded() throws Exception {
        Fixtures.ensureArticlesIndex(client);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @Test
    void aSpikeSubscriptionIsBacktestedByDetectingSpikesEveryHour() throws Exception {
        String key = code();
        // The window ending an hour before the current whole hour: in the range of a one-day backtest even if the
        // hour turns while the test runs.
        Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<ArticleSpec> burst = burst(at, key);
        String sub = subscribe("spike " + key, Map.of("kinds", List.of("actor"), "keys", List.of(key)));
        String tooMany =
                subscribe("six " + key, Map.of("kinds", List.of("actor"), "keys", List.of(key), "minCount", 6));

        JsonPath day = backtest(sub, 1);
        assertThat(day.getInt("articlesMatched")).isZero();
        assertThat(day.getInt("alerts")).isEqualTo(1);
        assertThat(day.getInt("newAlerts")).isEqualTo(1);
        assertThat(day.getInt("updateAlerts")).isZero();
        assertThat(day.getBoolean("truncated")).isFalse();
        assertThat(day.getList("sample")).isEmpty();
        assertThat(day.getList("byDay.alerts", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(1);
        assertThat(day.getLong("spike.windowMinutes")).isEqualTo(60);
        assertThat(day.getInt("spike.weeks")).isEqualTo(4);
        assertThat(day.getLong("spike.stepMinutes")).isEqualTo(60);
        assertThat(day.getInt("spike.steps")).isEqualTo(24);
        assertThat(day.getInt("spike.maxSteps")).isEqualTo(168);
        assertThat(day.getBoolean("spike.limited")).isFalse();
        assertThat(day.getString("spike.statistic")).contains("last 60 minutes", "1-4 weeks");
        assertThat(day.getList("spike.alerts")).hasSize(1);
        assertThat(day.getString("spike.alerts[0].storyId"))
                .isEqualTo("spike:actor:" + key + ":" + at.minus(Duration.ofHours(1)));
        assertThat(day.getString("spike.alerts[0].kind")).isEqualTo("actor");
        assertThat(day.getString("spike.alerts[0].key")).isEqualTo(key);
        assertThat(day.getLong("spike.alerts[0].observed")).isEqualTo(5);
        assertThat(day.getDouble("spike.alerts[0].baselineMedian")).isEqualTo(0.5);
        assertThat(day.getDouble("spike.alerts[0].baselineMad")).isEqualTo(0.5);
        assertThat(day.getList("spike.alerts[0].baselineWeeks", Integer.class)).containsExactly(1, 0, 1, 0);
        assertThat(day.getDouble("spike.alerts[0].score")).isEqualTo(4.5);
        assertThat(Instant.parse(day.getString("spike.alerts[0].to"))).isEqualTo(at);
        assertThat(day.getString("spike.alerts[0].evidence[0].articleId")).isEqualTo(burst.get(4).id);
        assertThat(day.getString("spike.alerts[0].evidence[0].sourceDomain")).isEqualTo("spikes.example.org");

        // The subscription's own condition applies: five articles are fewer than it asks for.
        JsonPath none = backtest(tooMany, 1);
        assertThat(none.getInt("alerts")).isZero();
        assertThat(none.getList("spike.alerts")).isEmpty();

        // Longer than a week: only the latest 168 hours are detected, and the answer says so.
        JsonPath month = backtest(sub, 30);
        assertThat(month.getInt("spike.steps")).isEqualTo(168);
        assertThat(month.getBoolean("spike.limited")).isTrue();
        assertThat(month.getBoolean("truncated")).isTrue();
        assertThat(Duration.between(
                        Instant.parse(month.getString("spike.from")), Instant.parse(month.getString("spike.to"))))
                .isEqualTo(Duration.ofHours(168));
        assertThat(month.getInt("alerts")).isEqualTo(1);
        assertThat(month.getList("byDay.alerts", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(1);
    }

    /**
     * Five articles naming {@code key} in the window ending at {@code at} (escalation 20 to 60), against one a week in
     * weeks 1 and 3 (median 0.5, MAD 0.5: score 4.5); other articles keep all four weeks usable.
     */
    private List<ArticleSpec> burst(Instant at, String key) throws Exception {
        for (int week = 1; week <= 4; week++) {
            Instant then = at.minus(WEEK.multipliedBy(week)).minus(Duration.ofMinutes(20));
            index(article(then, code(), 10, "filler"));
            if (week % 2 == 1) {
                index(article(then, key, 10, "earlier"));
            }
        }
        List<ArticleSpec> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ArticleSpec a = article(at.minus(Duration.ofMinutes(50 - i)), key, 20 + i * 10, key + " burst " + i);
            a.signal(SignalType.RED_LINE, Modality.ASSERTED, key);
            index(a);
            out.add(a);
        }
        return out;
    }

    private static ArticleSpec article(Instant published, String actor, int score, String title) {
        ArticleSpec a = new ArticleSpec();
        a.published = published;
        a.actors = List.of(actor);
        a.score = score;
        a.title = title;
        a.source = "spikes.example.org";
        return a;
    }

    private void index(ArticleSpec a) throws Exception {
        Fixtures.index(client, IndexedArticles.of(a.build(), "story-" + a.id));
    }

    private static String subscribe(String name, Map<String, Object> spike) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("kind", "spike");
        b.put("spike", spike);
        b.put("channels", List.of(Map.of("type", "webhook", "url", "http://127.0.0.1:9/hook")));
        return given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/subscriptions")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath backtest(String id, int days) {
        return given().get("/api/subscriptions/" + id + "/backtest?days=" + days)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** A fresh actor code. */
    private static String code() {
        StringBuilder b = new StringBuilder("B");
        for (int i = 0; i < 6; i++) {
            b.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return b.toString();
    }
}
