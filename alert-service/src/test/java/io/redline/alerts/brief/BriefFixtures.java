package io.redline.alerts.brief;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.redline.alerts.Fixtures;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Test articles for briefs: a story, a publication time, a score and (optionally) the story's outlet count. */
public final class BriefFixtures {

    private BriefFixtures() {}

    /**
     * Adds the corroboration fields to the articles mapping as the corroboration branch's mapping has them
     * ({@code derived.outlets}, {@code derived.firstSeen}, {@code derived.firstOutlet}); the same definition again
     * is a no-op.
     */
    public static void ensureCorroborationFields(ElasticsearchClient client) throws IOException {
        Fixtures.ensureArticlesIndex(client);
        client.indices()
                .putMapping(m -> m.index(ArticleReader.ALIAS)
                        .properties(
                                "derived",
                                p -> p.object(o -> o.properties("outlets", x -> x.integer(i -> i))
                                        .properties("firstSeen", x -> x.date(dt -> dt))
                                        .properties("firstOutlet", x -> x.keyword(k -> k)))));
    }

    /** An article of {@code feed} with one asserted strike whose evidence sentence is the title. */
    public static ArticleSpec spec(String feed, String title, Instant published, int score) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = "s" + Fixtures.newId().substring(0, 6) + ".example";
        s.title = title;
        s.text = title + ". " + Fixtures.newId();
        s.published = published;
        s.score = score;
        s.actors = List.of("RUS");
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS");
        return s;
    }

    /** Indexes {@code spec} in {@code story}; {@code outlets} null leaves the count out (older documents). */
    public static void index(ElasticsearchClient client, ArticleSpec spec, String story, Integer outlets)
            throws IOException {
        index(client, spec.build(), story, outlets, null);
    }

    /** Indexes {@code doc} in {@code story} with the story's outlet count and first outlet (either may be null). */
    public static void index(
            ElasticsearchClient client, AnalyzedArticle doc, String story, Integer outlets, String firstOutlet)
            throws IOException {
        IndexedArticle plain = IndexedArticles.of(doc, story);
        IndexedArticle.Derived d = plain.derived();
        Instant firstSeen = outlets == null ? null : doc.article().publishedAt().minusSeconds(3600);
        Fixtures.index(
                client,
                new IndexedArticle(
                        plain.article(),
                        plain.analysis(),
                        new IndexedArticle.Derived(
                                d.titleStems(),
                                d.bodyStems(),
                                d.dyads(),
                                d.storyId(),
                                d.simhash(),
                                d.simhashBands(),
                                d.signalKeys(),
                                d.eventKeys(),
                                outlets,
                                firstSeen,
                                outlets == null ? null : firstOutlet)));
    }
}
