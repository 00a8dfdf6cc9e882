package io.redline.alerts.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.match.SubscriptionMatcher.Highlight;
import io.redline.alerts.match.SubscriptionMatcher.SubscriptionMatch;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.bench.ArticleGenerator;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.query.SubscriptionQuery;
import io.redline.query.UserQuery;
import io.redline.query.lucene.ArticleDocument;
import io.redline.query.lucene.LuceneQueries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.lucene.monitor.HighlightsMatch;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.junit.jupiter.api.Test;

/**
 * The matcher against Lucene's own matching of the same queries (a plain Monitor: default presearcher, Lucene's
 * {@code SIMPLE_MATCHER} and {@code HighlightsMatch.MATCHER}): same ids and same highlights for every article, over
 * the benchmark's subscription mix and prefixes of every length (parity with Elasticsearch: the parity test).
 */
class SubscriptionMatcherEquivalenceTest {

    @Test
    void matchesAndHighlightsAsLuceneDoes() throws IOException {
        List<IndexedArticle> articles = new ArrayList<>();
        ArticleGenerator generator = new ArticleGenerator(7);
        for (int i = 0; i < 150; i++) {
            ArticleGenerator.Generated g = generator.article(i);
            articles.add(IndexedArticles.of(g.article(), g.storyId()));
        }
        articles.add(unusual());
        List<String> vocabulary = MatchBench.vocabulary(articles.subList(0, 100), 0.1);
        SplittableRandom r = new SplittableRandom(11);
        List<SubscriptionQuery> subs = new ArrayList<>(MatchBench.subscriptions(1_000, vocabulary, r));
        // Prefixes of every length, in both scopes, alone and combined.
        List<String> words = new ArrayList<>(vocabulary);
        words.addAll(List.of("internationalisation", "counterintelligence", "kraków", "naïve", "o'neill", "𝔘nicode"));
        for (int i = 0; i < 400; i++) {
            String w = words.get(r.nextInt(words.size()));
            String p = w.substring(0, w.offsetByCodePoints(0, 1 + r.nextInt(w.codePointCount(0, w.length()))));
            if (p.codePoints().filter(Character::isLetterOrDigit).count() < UserQuery.MIN_PREFIX_LENGTH) {
                continue; // the query language refuses prefixes this short
            }
            String q = switch (i % 5) {
                case 0 -> p + "*";
                case 1 -> "title:" + p + "*";
                case 2 -> p + "* " + words.get(r.nextInt(words.size()));
                case 3 -> p + "* OR -" + words.get(r.nextInt(words.size()));
                default -> "\"" + words.get(r.nextInt(words.size())) + "\" OR " + p.toUpperCase() + "*";
            };
            subs.add(SubscriptionQuery.of("prefix-" + i, q, Map.of()));
        }
        for (String q : List.of("*", "-missile -drone", "-missile", "missile -missile", "abc*", "strike OR drone")) {
            subs.add(SubscriptionQuery.of("edge-" + q, q, Map.of()));
        }

        try (SubscriptionMatcher matcher = new SubscriptionMatcher(subs.size());
                Monitor reference = new Monitor(ArticleDocument.analyzer(), new TermFilteredPresearcher())) {
            matcher.registerAll(subs);
            LuceneQueries translator = new LuceneQueries(ArticleDocument.analyzer());
            List<MonitorQuery> queries = new ArrayList<>();
            subs.forEach(s -> queries.add(new MonitorQuery(s.id(), translator.subscription(s))));
            reference.register(queries);

            long matched = 0;
            long highlighted = 0;
            for (IndexedArticle a : articles) {
                MatchingQueries<QueryMatch> ids = reference.match(ArticleDocument.of(a), QueryMatch.SIMPLE_MATCHER);
                List<String> expected = ids.getMatches().stream()
                        .map(QueryMatch::getQueryId)
                        .sorted()
                        .toList();
                assertThat(matcher.match(a)).as(a.article().title()).isEqualTo(expected);

                MatchingQueries<HighlightsMatch> hits = reference.match(ArticleDocument.of(a), HighlightsMatch.MATCHER);
                List<SubscriptionMatch> expectedHighlights = new ArrayList<>();
                ArticleHighlights highlighter = new ArticleHighlights(a.article());
                for (HighlightsMatch m : hits.getMatches()) {
                    Set<Highlight> set = ArticleHighlights.newSet();
                    m.getHits()
                            .forEach((field, fieldHits) -> fieldHits.forEach(h -> highlighter.add(
                                    set, field, h.startPosition, h.endPosition, h.startOffset, h.endOffset)));
                    expectedHighlights.add(new SubscriptionMatch(
                            m.getQueryId(),
                            set.stream()
                                    .limit(SubscriptionMatcher.MAX_HIGHLIGHTS)
                                    .toList()));
                }
                expectedHighlights.sort((x, y) -> x.subscriptionId().compareTo(y.subscriptionId()));
                assertThat(matcher.matchWithHighlights(a))
                        .as(a.article().title())
                        .isEqualTo(expectedHighlights);
                matched += expected.size();
                highlighted += expectedHighlights.stream()
                        .mapToLong(m -> m.highlights().size())
                        .sum();
            }
            // The comparison must be about something: many matches, and highlights in them.
            assertThat(matched).isGreaterThan(articles.size() * 20L);
            assertThat(highlighted).isGreaterThan(matched);
        }
    }

    /** Words the generator never writes: long ones (longer than indexed prefixes), accents, apostrophes, astral. */
    private static IndexedArticle unusual() {
        ArticleSpec s = new ArticleSpec();
        s.title = "Internationalisation of Kraków’s counterintelligence";
        s.text = "O'Neill called the naïve 𝔘nicode plan a counterintelligence failure; missile strikes followed, "
                + "drones too. Internationalisation stalled.";
        s.score = 40;
        s.actors = List.of("POL");
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "POL");
        return IndexedArticles.of(s.build(), null);
    }
}
