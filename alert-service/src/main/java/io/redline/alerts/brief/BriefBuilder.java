package io.redline.alerts.brief;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.alerts.backtest.Backtester;
import io.redline.alerts.brief.Brief.Corroborated;
import io.redline.alerts.brief.Brief.Evidence;
import io.redline.alerts.brief.Brief.LevelRise;
import io.redline.alerts.subscription.Subscription;
import io.redline.contracts.Analysis;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.SubscriptionQuery;
import io.redline.query.UserQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link Brief} from the {@code articles} alias at request time: the window's articles (those a
 * subscription selects, with the backtest's translation of its conditions), and per story of theirs one aggregation
 * over the story's articles before the window, so every instance gives the same brief for the same window.
 */
@ApplicationScoped
public class BriefBuilder {

    /** Items per list. */
    public static final int MAX_ITEMS = 10;
    /** Outlets a story needs to count as corroborated when the subscription names no threshold. */
    public static final int DEFAULT_MIN_OUTLETS = 2;
    /** Most window articles read: the newest ones, as in a backtest. */
    static final int MAX_ARTICLES = 10_000;

    private static final int PAGE_SIZE = 1000;
    /** Story ids per aggregation request (well under the terms query's limit). */
    private static final int STORY_CHUNK = 1000;

    private static final List<String> FIELDS = List.of(
            "article.id",
            "article.title",
            "article.url",
            "article.sourceDomain",
            "article.publishedAt",
            "analysis.level",
            "analysis.escalationScore",
            "analysis.topEvidence",
            "analysis.signals",
            "derived.storyId",
            "derived.outlets",
            "derived.firstSeen",
            "derived.firstOutlet");

    private final ElasticsearchClient client;

    public BriefBuilder(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * The brief of {@code [to - hours, to)} over what {@code subscription} selects (every article when null),
     * counting a story as corroborated from {@code minOutlets} outlets; {@code spikes} go in unchanged.
     */
    public Brief build(Subscription subscription, int hours, Instant to, int minOutlets, List<Object> spikes)
            throws IOException {
        Instant from = to.minus(Duration.ofHours(hours));
        List<IndexedArticle> window = window(subscription, from, to);

        Map<String, StoryInWindow> stories = new LinkedHashMap<>();
        for (IndexedArticle a : window) {
            stories.computeIfAbsent(storyOf(a), StoryInWindow::new).add(a);
        }
        Map<String, Before> before = before(new ArrayList<>(stories.keySet()), from);

        List<LevelRise> rises = new ArrayList<>();
        List<Corroborated> corroborated = new ArrayList<>();
        for (StoryInWindow s : stories.values()) {
            Before b = before.getOrDefault(s.id, Before.NONE);
            IndexedArticle top = s.top;
            EscalationLevel toLevel = level(top);
            int rise = toLevel.ordinal() - b.level.ordinal();
            if (rise > 0) {
                rises.add(new LevelRise(
                        s.id, top.article().title(), b.level, toLevel, rise, b.score, score(top), evidence(top)));
            }
            if (s.outlets >= minOutlets && b.outlets < minOutlets) {
                Instant firstSeen =
                        s.widest.derived() == null ? null : s.widest.derived().firstSeen();
                String firstOutlet =
                        s.widest.derived() == null ? null : s.widest.derived().firstOutlet();
                corroborated.add(new Corroborated(
                        s.id, top.article().title(), s.outlets, minOutlets, firstSeen, firstOutlet, evidence(top)));
            }
        }
        rises.sort(Comparator.comparingInt(LevelRise::rise)
                .thenComparingInt(LevelRise::toScore)
                .thenComparingInt(r -> r.toScore() - r.fromScore())
                .reversed()
                .thenComparing(LevelRise::storyId));
        corroborated.sort(Comparator.comparingInt(Corroborated::outlets)
                .thenComparing(c -> c.evidence().score())
                .reversed()
                .thenComparing(Corroborated::storyId));
        return new Brief(
                from,
                to,
                hours,
                List.copyOf(rises.subList(0, Math.min(MAX_ITEMS, rises.size()))),
                List.copyOf(spikes),
                List.copyOf(corroborated.subList(0, Math.min(MAX_ITEMS, corroborated.size()))));
    }

    /** The window's articles the subscription selects, newest first, at most {@value #MAX_ARTICLES}. */
    private List<IndexedArticle> window(Subscription subscription, Instant from, Instant to) throws IOException {
        String q = null;
        ArticleFilters filters;
        Backtester.Matching matching = null;
        if (subscription == null) {
            filters = new ArticleFilters(
                    from, to, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    null, List.of(), false);
        } else {
            SubscriptionQuery query = subscription.toQuery();
            matching = Backtester.filters(query, from, to);
            if (matching == null) {
                return List.of();
            }
            q = query.query();
            filters = matching.filters();
        }
        Query query = EsQueries.query(q, UserQuery.parse(q), filters);
        List<IndexedArticle> out = new ArrayList<>();
        List<FieldValue> after = null;
        int fetched = 0;
        do {
            List<FieldValue> searchAfter = after;
            int size = Math.min(PAGE_SIZE, MAX_ARTICLES - fetched);
            SearchResponse<IndexedArticle> r = client.search(
                    s -> {
                        s.index(ArticleReader.ALIAS)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .query(query)
                                .size(size)
                                .sort(
                                        SortOptions.of(o -> o.field(f ->
                                                f.field("article.publishedAt").order(SortOrder.Desc))),
                                        SortOptions.of(o -> o.field(
                                                f -> f.field("article.id").order(SortOrder.Asc))))
                                .source(src -> src.filter(f -> f.includes(FIELDS)));
                        if (searchAfter != null) {
                            s.searchAfter(searchAfter);
                        }
                        return s;
                    },
                    IndexedArticle.class);
            List<Hit<IndexedArticle>> hits = r.hits().hits();
            for (Hit<IndexedArticle> h : hits) {
                IndexedArticle a = h.source();
                if (a != null
                        && a.article() != null
                        && a.analysis() != null
                        && (matching == null || matching.accepts(a.analyzed()))) {
                    out.add(a);
                }
            }
            fetched += hits.size();
            after = hits.size() < size ? null : hits.get(hits.size() - 1).sort();
        } while (after != null && fetched < MAX_ARTICLES);
        return out;
    }

    /**
     * Per story id, its highest level, score and outlet count over all its articles published before {@code from}
     * (whatever the subscription selects: a rise is measured against the story's own past). Stories without such
     * articles are absent.
     */
    private Map<String, Before> before(List<String> storyIds, Instant from) throws IOException {
        Map<String, Before> out = new HashMap<>();
        for (int i = 0; i < storyIds.size(); i += STORY_CHUNK) {
            List<FieldValue> chunk = storyIds.subList(i, Math.min(storyIds.size(), i + STORY_CHUNK)).stream()
                    .map(FieldValue::of)
                    .toList();
            SearchResponse<Void> r = client.search(
                    s -> s.index(ArticleReader.ALIAS)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(0)
                            .query(q -> q.bool(b -> b.filter(f -> f.terms(
                                            t -> t.field("derived.storyId").terms(v -> v.value(chunk))))
                                    .filter(f -> f.range(rg -> rg.date(
                                            d -> d.field("article.publishedAt").lt(from.toString()))))))
                            .aggregations(
                                    "stories",
                                    a -> a.terms(t -> t.field("derived.storyId").size(chunk.size()))
                                            .aggregations(
                                                    "levels",
                                                    l -> l.terms(t -> t.field("analysis.level")
                                                            .size(EscalationLevel.values().length)))
                                            .aggregations("score", m -> m.max(x -> x.field("analysis.escalationScore")))
                                            .aggregations("outlets", m -> m.max(x -> x.field("derived.outlets")))),
                    Void.class);
            Aggregate stories = r.aggregations().get("stories");
            if (stories == null || !stories.isSterms()) {
                continue; // no index yet, or no story had earlier articles
            }
            for (StringTermsBucket bucket : stories.sterms().buckets().array()) {
                EscalationLevel level = EscalationLevel.NONE;
                for (StringTermsBucket l :
                        bucket.aggregations().get("levels").sterms().buckets().array()) {
                    EscalationLevel v = EscalationLevel.valueOf(l.key().stringValue());
                    if (v.compareTo(level) > 0) {
                        level = v;
                    }
                }
                Double score = bucket.aggregations().get("score").max().value();
                Double outlets = bucket.aggregations().get("outlets").max().value();
                // Articles indexed before corroboration existed carry no count: each is one outlet's report.
                int o = outlets == null || outlets.isInfinite() || outlets.isNaN()
                        ? 1
                        : Math.max(1, outlets.intValue());
                int sc = score == null || score.isInfinite() || score.isNaN() ? 0 : score.intValue();
                out.put(bucket.key().stringValue(), new Before(level, sc, o));
            }
        }
        return out;
    }

    /** A story's highest level, score and outlet count before the window. */
    private record Before(EscalationLevel level, int score, int outlets) {
        static final Before NONE = new Before(EscalationLevel.NONE, 0, 0);
    }

    /** A story's articles in the window: the one that reached the top level, and the widest outlet count. */
    private static final class StoryInWindow {
        final String id;
        IndexedArticle top;
        IndexedArticle widest;
        int outlets;

        StoryInWindow(String id) {
            this.id = id;
        }

        void add(IndexedArticle a) {
            if (top == null || higher(a, top)) {
                top = a;
            }
            int o = outletsOf(a);
            if (widest == null || o > outlets) {
                widest = a;
                outlets = o;
            }
        }

        /** Higher level, then higher score, then earlier: the article that first reached the story's top. */
        private static boolean higher(IndexedArticle a, IndexedArticle b) {
            int c = level(a).compareTo(level(b));
            if (c == 0) {
                c = Integer.compare(score(a), score(b));
            }
            if (c == 0) {
                Instant ta = a.article().publishedAt();
                Instant tb = b.article().publishedAt();
                return ta != null && tb != null && ta.isBefore(tb);
            }
            return c > 0;
        }
    }

    /** An article without a story id is a story of its own, as the story assigner would make it. */
    static String storyOf(IndexedArticle a) {
        return a.derived() != null && a.derived().storyId() != null
                ? a.derived().storyId()
                : a.article().id();
    }

    /** Documents without a count (indexed before corroboration) are one outlet's report. */
    static int outletsOf(IndexedArticle a) {
        return a.derived() == null || a.derived().outlets() == null
                ? 1
                : Math.max(1, a.derived().outlets());
    }

    static EscalationLevel level(IndexedArticle a) {
        Analysis an = a.analysis();
        return an.level() != null ? an.level() : EscalationLevel.ofScore(an.escalationScore());
    }

    static int score(IndexedArticle a) {
        return a.analysis().escalationScore();
    }

    /** The article as evidence: its first top evidence sentence, else its first signal's evidence. */
    static Evidence evidence(IndexedArticle a) {
        RawArticle r = a.article();
        return new Evidence(
                r.id(), r.title(), r.sourceDomain(), r.url(), r.publishedAt(), level(a), score(a), sentence(a));
    }

    private static String sentence(IndexedArticle a) {
        Analysis an = a.analysis();
        if (an.topEvidence() != null) {
            for (io.redline.contracts.Evidence e : an.topEvidence()) {
                if (e != null && e.sentence() != null && !e.sentence().isBlank()) {
                    return e.sentence();
                }
            }
        }
        if (an.signals() != null) {
            for (Signal s : an.signals()) {
                if (s.evidence() != null
                        && s.evidence().sentence() != null
                        && !s.evidence().sentence().isBlank()) {
                    return s.evidence().sentence();
                }
            }
        }
        return null;
    }
}
