package io.redline.trends;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.FiltersBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Signal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the actors, signals and dyads with unusually many distinct stories in a recent window, with one aggregation
 * over the window and its baseline weeks plus one multi-search for the evidence.
 */
public class SpikeDetector {

    /** Keys per kind and window the terms aggregations return: keys beyond it in a baseline week count as 0 there. */
    public static final int TERMS_SIZE = 500;
    /** Evidence articles per spike, each of another story. */
    public static final int EVIDENCE_SIZE = 3;
    /**
     * Precision threshold of the per-key story cardinality: below it Elasticsearch keeps the story ids' hashes
     * themselves (linear counting), so counts below a few thousand stories are exact (barring a 64-bit hash
     * collision); only above it does HyperLogLog estimation start. Memory grows with the stories actually seen, not
     * with the threshold, and a key with thousands of stories in one window is a spike or baseline either way.
     */
    public static final int STORY_PRECISION = 3000;

    static final String PUBLISHED_AT = "article.publishedAt";
    static final String STORY_ID = "derived.storyId";
    private static final String STORIES = "stories";
    private static final String WITHOUT_STORY = "without_story";
    static final long WEEK_MILLIS = Duration.ofDays(7).toMillis();

    /** What is counted, with the index field that holds its keys. */
    public enum Kind {
        ACTOR("analysis.actors"),
        SIGNAL("analysis.signals.type"),
        DYAD("derived.dyads");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The keyword field of the articles index the key is a term of. */
        public String field() {
            return field;
        }

        /** The name in requests and answers: actor, signal or dyad. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a signal is about the key: of that type, or naming that actor (both actors of a dyad). */
        public boolean matches(String key, Signal s) {
            List<String> actors = s.actors() == null ? List.of() : s.actors();
            return switch (this) {
                case SIGNAL -> s.type() != null && s.type().name().equals(key);
                case ACTOR -> actors.contains(key);
                case DYAD -> {
                    int sep = key.indexOf('>');
                    yield sep > 0 && actors.contains(key.substring(0, sep)) && actors.contains(key.substring(sep + 1));
                }
            };
        }

        /** The kind named {@code actor}, {@code signal} or {@code dyad} (any case); IllegalArgumentException otherwise. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.wire().equalsIgnoreCase(name.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + name + "': actor, signal or dyad");
        }
    }

    /**
     * One detection.
     *
     * @param at       end of the current window (exclusive); the baseline windows end 1..weeks weeks earlier
     * @param window   window length
     * @param weeks    baseline weeks
     * @param kinds    what to count
     * @param minCount least stories in the window for a spike
     * @param minScore least {@link Baseline#score(long)} for a spike
     * @param limit    most spikes returned (the highest scores)
     */
    public record Request(
            Instant at, Duration window, int weeks, Set<Kind> kinds, long minCount, double minScore, int limit) {

        public Request {
            if (window.isNegative() || window.isZero() || window.toMillis() >= WEEK_MILLIS) {
                throw new IllegalArgumentException("window must be positive and shorter than a week: " + window);
            }
            if (weeks < 1) {
                throw new IllegalArgumentException("weeks must be at least 1: " + weeks);
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1: " + limit);
            }
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        }

        /** Start of the current window (inclusive). */
        public Instant from() {
            return at.minus(window);
        }

        /** A one-line description of the statistic, for answers and briefs. */
        public String statistic() {
            return String.format(
                    Locale.ROOT,
                    "distinct stories per key in the last %d minutes against the same %d minutes 1-%d weeks "
                            + "earlier (copies and updates of one story count once; weeks with no article at all in "
                            + "the index dropped as outages); score = (observed - median) / max(1.4826 * MAD, "
                            + "sqrt(max(median, 1))); a spike has at least %d stories and score >= %s",
                    window.toMinutes(),
                    window.toMinutes(),
                    weeks,
                    minCount,
                    minScore);
        }
    }

    private final ElasticsearchClient client;
    private final String index;

    /** A detector reading the articles index (or alias) {@code index}. */
    public SpikeDetector(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    /** The spikes of the request's window, highest score first, each with its top evidence. */
    public List<Spike> detect(Request request) throws IOException {
        if (request.kinds().isEmpty()) {
            return List.of();
        }
        List<Kind> kinds = List.copyOf(EnumSet.copyOf(request.kinds()));
        Map<String, Query> windows = new LinkedHashMap<>();
        for (int w = 0; w <= request.weeks(); w++) {
            windows.put("w" + w, range(windowFrom(request, w), windowTo(request, w)));
        }
        Map<String, Aggregation> terms = new LinkedHashMap<>();
        for (Kind k : kinds) {
            terms.put(
                    k.wire(),
                    Aggregation.of(a -> a.terms(t -> t.field(k.field()).size(TERMS_SIZE))
                            .aggregations(
                                    STORIES,
                                    s -> s.cardinality(c -> c.field(STORY_ID).precisionThreshold(STORY_PRECISION)))
                            // Documents indexed before story ids existed have none: a cardinality "missing" value
                            // would fold them all into one story, so they are counted apart, each as its own story
                            // (as it was before stories, and a document nobody compared is no known copy).
                            .aggregations(WITHOUT_STORY, s -> s.missing(m -> m.field(STORY_ID)))));
        }
        Instant oldest = windowFrom(request, request.weeks());
        SearchResponse<Void> response = client.search(
                s -> s.index(index)
                        .size(0)
                        .trackTotalHits(t -> t.enabled(false))
                        // Only the windows' documents are aggregated; the range keeps the rest of the index unread.
                        .query(q -> q.range(r -> r.untyped(u -> u.field(PUBLISHED_AT)
                                .gte(JsonData.of(oldest.toString()))
                                .lt(JsonData.of(request.at().toString())))))
                        .aggregations(
                                "windows",
                                a -> a.filters(f -> f.filters(b -> b.keyed(windows)))
                                        .aggregations(terms)),
                Void.class);
        Map<String, FiltersBucket> buckets =
                response.aggregations().get("windows").filters().buckets().keyed();

        long[] indexCounts = new long[request.weeks()];
        for (int w = 1; w <= request.weeks(); w++) {
            indexCounts[w - 1] = buckets.get("w" + w).docCount();
        }
        List<Spike> spikes = new ArrayList<>();
        for (Kind k : kinds) {
            Map<String, Count> current = counts(buckets.get("w0").aggregations().get(k.wire()));
            List<Map<String, Count>> earlier = new ArrayList<>();
            for (int w = 1; w <= request.weeks(); w++) {
                earlier.add(counts(buckets.get("w" + w).aggregations().get(k.wire())));
            }
            for (Map.Entry<String, Count> e : current.entrySet()) {
                long observed = e.getValue().stories();
                long[] keyCounts = new long[request.weeks()];
                for (int w = 0; w < request.weeks(); w++) {
                    Count c = earlier.get(w).get(e.getKey());
                    keyCounts[w] = c == null ? 0 : c.stories();
                }
                Baseline baseline = Baseline.of(keyCounts, indexCounts);
                if (baseline.isSpike(observed, request.minCount(), request.minScore())) {
                    spikes.add(new Spike(
                            k.wire(),
                            e.getKey(),
                            observed,
                            e.getValue().articles(),
                            baseline,
                            baseline.score(observed),
                            baseline.ratio(observed),
                            request.from(),
                            request.at(),
                            List.of()));
                }
            }
        }
        spikes.sort(Comparator.comparingDouble(Spike::score)
                .reversed()
                .thenComparing(Comparator.comparingLong(Spike::observed).reversed())
                .thenComparing(Comparator.comparingLong(Spike::articles).reversed())
                .thenComparing(Spike::kind)
                .thenComparing(Spike::key));
        List<Spike> top = spikes.subList(0, Math.min(request.limit(), spikes.size()));
        return withEvidence(top);
    }

    /**
     * Adds the top evidence of every spike, with one multi-search of two searches per spike: the top article of each
     * of the top stories (collapsed on the story id), and the top documents without a story id (each its own story,
     * which a collapse would fold into one); the two are merged in the same order.
     */
    private List<Spike> withEvidence(List<Spike> spikes) throws IOException {
        if (spikes.isEmpty()) {
            return List.of();
        }
        List<RequestItem> searches = new ArrayList<>();
        for (Spike s : spikes) {
            Kind kind = Kind.parse(s.kind());
            Query window = range(s.from(), s.to());
            Query key = Query.of(q -> q.term(t -> t.field(kind.field()).value(FieldValue.of(s.key()))));
            Query hasStory = Query.of(q -> q.exists(e -> e.field(STORY_ID)));
            searches.add(evidenceSearch(Query.of(q -> q.bool(b -> b.filter(window, key, hasStory))), true));
            searches.add(evidenceSearch(
                    Query.of(q -> q.bool(b -> b.filter(window, key).mustNot(hasStory))), false));
        }
        MsearchResponse<IndexedArticle> response = client.msearch(m -> m.searches(searches), IndexedArticle.class);
        List<Spike> out = new ArrayList<>(spikes.size());
        for (int i = 0; i < spikes.size(); i++) {
            Spike s = spikes.get(i);
            List<IndexedArticle> top = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                MultiSearchResponseItem<IndexedArticle> item =
                        response.responses().get(2 * i + part);
                if (!item.isResult()) {
                    throw new IOException(
                            "evidence search failed: " + item.failure().error().reason());
                }
                for (Hit<IndexedArticle> hit : item.result().hits().hits()) {
                    if (hit.source() != null && hit.source().article() != null) {
                        top.add(hit.source());
                    }
                }
            }
            top.sort(EVIDENCE_ORDER);
            List<Spike.Evidence> evidence = new ArrayList<>();
            for (IndexedArticle a : top.subList(0, Math.min(EVIDENCE_SIZE, top.size()))) {
                evidence.add(evidence(
                        Kind.parse(s.kind()),
                        s.key(),
                        a.analyzed(),
                        a.derived() == null ? null : a.derived().storyId()));
            }
            out.add(new Spike(
                    s.kind(),
                    s.key(),
                    s.observed(),
                    s.articles(),
                    s.baseline(),
                    s.score(),
                    s.ratio(),
                    s.from(),
                    s.to(),
                    evidence));
        }
        return out;
    }

    /** Most escalating first, then newest: the order of both evidence searches, so their hits merge. */
    private static final Comparator<IndexedArticle> EVIDENCE_ORDER = Comparator.<IndexedArticle>comparingInt(
                    a -> a.analysis() == null ? 0 : a.analysis().escalationScore())
            .reversed()
            .thenComparing(a -> a.article().publishedAt(), Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private RequestItem evidenceSearch(Query query, boolean onePerStory) {
        return RequestItem.of(i -> i.header(h -> h.index(index)).body(b -> {
            b.size(EVIDENCE_SIZE)
                    .trackTotalHits(t -> t.enabled(false))
                    .query(query)
                    .sort(o -> o.field(f -> f.field("analysis.escalationScore").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field(PUBLISHED_AT).order(SortOrder.Desc)))
                    .source(src -> src.filter(f -> f.includes(
                            "article.id",
                            "article.title",
                            "article.sourceDomain",
                            "article.publishedAt",
                            "analysis.level",
                            "analysis.escalationScore",
                            "analysis.signals",
                            "analysis.topEvidence",
                            STORY_ID)));
            if (onePerStory) {
                // The group's top hit under the sort is the story's top article; groups come in that order too.
                b.collapse(c -> c.field(STORY_ID));
            }
            return b;
        }));
    }

    /** The sentence that best proves the key in one article: its signal's evidence, else the article's top one. */
    static Spike.Evidence evidence(Kind kind, String key, AnalyzedArticle a) {
        return evidence(kind, key, a, null);
    }

    /** As {@link #evidence(Kind, String, AnalyzedArticle)}, for an article of story {@code storyId}. */
    static Spike.Evidence evidence(Kind kind, String key, AnalyzedArticle a, String storyId) {
        String sentence = null;
        List<Signal> signals = a.analysis() == null || a.analysis().signals() == null
                ? List.of()
                : a.analysis().signals();
        for (Signal s : signals) {
            if (s.evidence() != null && kind.matches(key, s)) {
                sentence = s.evidence().sentence();
                break;
            }
        }
        if (sentence == null
                && a.analysis() != null
                && a.analysis().topEvidence() != null
                && !a.analysis().topEvidence().isEmpty()) {
            sentence = a.analysis().topEvidence().get(0).sentence();
        }
        return new Spike.Evidence(
                a.article().id(),
                a.article().title(),
                a.article().sourceDomain(),
                storyId,
                sentence,
                a.analysis() == null || a.analysis().level() == null
                        ? null
                        : a.analysis().level().name());
    }

    /** One key's figures in one window. */
    private record Count(long stories, long articles) {}

    private static Map<String, Count> counts(Aggregate terms) {
        Map<String, Count> out = new LinkedHashMap<>();
        if (terms == null) {
            return out;
        }
        for (StringTermsBucket b : terms.sterms().buckets().array()) {
            long stories = b.aggregations().get(STORIES).cardinality().value()
                    + b.aggregations().get(WITHOUT_STORY).missing().docCount();
            // A cardinality estimate above the precision threshold may overshoot; there are never more stories
            // than articles.
            out.put(b.key().stringValue(), new Count(Math.min(stories, b.docCount()), b.docCount()));
        }
        return out;
    }

    private static Instant windowFrom(Request r, int weeksBack) {
        return r.from().minusMillis(weeksBack * WEEK_MILLIS);
    }

    private static Instant windowTo(Request r, int weeksBack) {
        return r.at().minusMillis(weeksBack * WEEK_MILLIS);
    }

    private static Query range(Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.untyped(
                u -> u.field(PUBLISHED_AT).gte(JsonData.of(from.toString())).lt(JsonData.of(to.toString())))));
    }
}
