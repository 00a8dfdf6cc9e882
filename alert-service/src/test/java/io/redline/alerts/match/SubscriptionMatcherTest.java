package io.redline.alerts.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.EnglishStemmer;
import io.redline.query.IndexedArticles;
import io.redline.query.InvalidParameterException;
import io.redline.query.SubscriptionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The matcher's lifecycle, bounds, highlights and thread safety, without Elasticsearch (parity: the other test). */
class SubscriptionMatcherTest {

    private final SubscriptionMatcher matcher = new SubscriptionMatcher(5);

    @AfterEach
    void close() throws Exception {
        matcher.close();
    }

    private static IndexedArticle strike() {
        ArticleSpec s = new ArticleSpec();
        s.title = "Missiles launched at Odesa port";
        s.text = "Russian forces were striking the port overnight, officials said.";
        s.published = Instant.parse("2026-11-20T10:00:00Z");
        s.score = 85;
        s.actors = List.of("RUS", "UKR");
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS", "UKR");
        return IndexedArticles.of(s.build(), null);
    }

    @Test
    void registersUpdatesAndRemovesSubscriptions() {
        matcher.register(SubscriptionQuery.of("a", "missile", Map.of()));
        matcher.register(SubscriptionQuery.of("b", "ceasefire", Map.of()));
        assertThat(matcher.match(strike())).containsExactly("a");
        matcher.register(SubscriptionQuery.of("b", "odesa port", Map.of("actor", List.of("rus"))));
        assertThat(matcher.size()).isEqualTo(2);
        assertThat(matcher.match(strike())).containsExactly("a", "b");
        assertThat(matcher.remove("a")).isTrue();
        assertThat(matcher.remove("a")).isFalse();
        assertThat(matcher.match(strike())).containsExactly("b");
        assertThat(matcher.get("b").query()).isEqualTo("odesa port");
    }

    @Test
    void extraConditionsAreAndedWithTheQuery() {
        matcher.registerAll(List.of(
                new SubscriptionQuery(
                        "critical", "missile", Map.of(), EscalationLevel.CRITICAL, null, List.of(), List.of()),
                new SubscriptionQuery("score90", "missile", Map.of(), null, 90, List.of(), List.of()),
                new SubscriptionQuery("strikes", null, Map.of(), null, null, List.of(SignalType.STRIKE), List.of()),
                new SubscriptionQuery("talks", null, Map.of(), null, null, List.of(SignalType.TALKS), List.of()),
                new SubscriptionQuery("actors", null, Map.of(), null, null, List.of(), List.of("rus", "NATO"))));
        assertThat(matcher.match(strike())).containsExactly("critical", "strikes");
    }

    @Test
    void invalidSubscriptionsAreRefusedLikeTheApiRefusesTheSearch() {
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("x", "x".repeat(501), Map.of())))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter")
                .isEqualTo("q");
        // Prefixes need 3 letters or digits, in the matcher as in the search.
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("x", "missile OR ab*", Map.of())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("at least 3")
                .extracting("parameter")
                .isEqualTo("q");
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("x", null, Map.of("level", List.of("HUGE")))))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter")
                .isEqualTo("level");
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("x", null, Map.of("minScore", List.of("x")))))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter")
                .isEqualTo("minScore");
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("x", null, Map.of("sort", List.of("newest")))))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter")
                .isEqualTo("sort");
        assertThatThrownBy(() -> new SubscriptionQuery("x", null, Map.of(), null, 101, List.of(), List.of()))
                .isInstanceOf(InvalidParameterException.class);
        // A batch with one invalid subscription changes nothing.
        assertThatThrownBy(() -> matcher.registerAll(List.of(
                        SubscriptionQuery.of("ok", "missile", Map.of()),
                        SubscriptionQuery.of("bad", null, Map.of("from", List.of("yesterday"))))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(matcher.size()).isZero();
    }

    @Test
    void holdsAtMostItsBound() {
        List<SubscriptionQuery> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(SubscriptionQuery.of("s" + i, "missile", Map.of()));
        }
        matcher.registerAll(five);
        assertThatThrownBy(() -> matcher.register(SubscriptionQuery.of("s5", "missile", Map.of())))
                .isInstanceOf(IllegalStateException.class);
        // Replacing one is not adding one.
        matcher.register(SubscriptionQuery.of("s4", "odesa", Map.of()));
        assertThat(matcher.size()).isEqualTo(5);
    }

    @Test
    void highlightsReportTheWordsAsWrittenIncludingInflectedForms() {
        matcher.register(SubscriptionQuery.of("h", "strike missile \"odesa port\" overn*", Map.of()));
        List<SubscriptionMatcher.SubscriptionMatch> matches = matcher.matchWithHighlights(strike());
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).highlights())
                .extracting(h -> h.field() + ":" + h.text())
                .contains(
                        "article.title:Missiles",
                        "article.text:striking",
                        "article.title:Odesa port",
                        "article.text:overnight");
        matches.get(0).highlights().forEach(h -> assertThat(h.end()).isGreaterThan(h.start()));
    }

    @Test
    void highlightsOfBodyStemsLandInTheSummaryOrTheText() {
        ArticleSpec s = new ArticleSpec();
        s.title = "Briefing";
        s.text = "Drones were shot down.";
        AnalyzedArticle doc = s.build();
        var a = doc.article();
        AnalyzedArticle withSummary = new AnalyzedArticle(
                new io.redline.contracts.RawArticle(
                        a.id(),
                        a.revision(),
                        a.url(),
                        a.feedId(),
                        a.feedUrl(),
                        a.sourceDomain(),
                        a.title(),
                        "Strikes on the grid.",
                        a.contentHtml(),
                        a.text(),
                        a.authors(),
                        a.categories(),
                        a.tags(),
                        a.language(),
                        a.publishedAt(),
                        a.updatedAt(),
                        a.fetchedAt(),
                        a.contentHash()),
                doc.analysis());
        matcher.register(SubscriptionQuery.of("h", "strike OR drone", Map.of()));
        var highlights = matcher.matchWithHighlights(IndexedArticles.of(withSummary, null))
                .get(0)
                .highlights();
        assertThat(highlights)
                .extracting(h -> h.field() + ":" + h.text())
                .contains("article.summary:Strikes", "article.text:Drones");
    }

    @Test
    void stemPositionsAreTheWordsOfTheStemmer() {
        for (String text : List.of(
                "Russia’s envoy said NATO's F-16s can't fly; naïve café-goers, 2026!",
                "  ",
                "",
                "--- a b c ---",
                "Kraków's O'Neill rock'n'roll")) {
            List<String> stems = EnglishStemmer.stemText(text).isEmpty()
                    ? List.of()
                    : List.of(EnglishStemmer.stemText(text).split(" "));
            assertThat(SubscriptionMatcher.words(text))
                    .as(text)
                    .hasSize(stems.size())
                    .hasSize(EnglishStemmer.words(text).size());
        }
    }

    @Test
    void matchesConcurrentlyWithRegistrations() throws Exception {
        SubscriptionMatcher big = new SubscriptionMatcher(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            big.register(SubscriptionQuery.of("stable", "missile", Map.of()));
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertThat(big.match(strike())).contains("stable");
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    big.register(SubscriptionQuery.of("s" + i, "odesa", Map.of()));
                    if (i % 3 == 0) {
                        big.remove("s" + i);
                    }
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(big.match(strike())).hasSize(1 + 100 - 34);
        } finally {
            pool.shutdownNow();
            big.close();
        }
    }
}
