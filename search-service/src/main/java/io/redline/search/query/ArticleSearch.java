package io.redline.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Corroboration;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.InvalidParameterException;
import io.redline.query.UserQuery;
import io.redline.search.SearchConfig;
import io.redline.search.index.ArticleIndex;
import io.redline.search.story.StoryCorroboration;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs article searches, timelines, story and single-article look-ups against the {@code articles} alias. */
@ApplicationScoped
public class ArticleSearch {

    /** Facet buckets returned per facet. */
    static final int FACET_SIZE = 20;
    /** Most ids of other articles listed per story in grouped results. */
    static final int STORY_IDS = 10;

    static final String RELATION_EQ = "eq";
    static final String RELATION_GTE = "gte";

    /** Most stories a {@code minOutlets} filter keeps (those with the most recent qualifying articles beyond it). */
    public static final int MAX_OUTLET_STORIES = 10_000;

    private final ElasticsearchClient client;
    private final String keepAlive;
    private final StoryCorroboration corroboration;

    public ArticleSearch(ElasticsearchClient client, SearchConfig config, StoryCorroboration corroboration) {
        this.client = client;
        this.keepAlive = config.cursorKeepAlive();
        this.corroboration = corroboration;
    }

    /** The facets a first page can compute, in response order. */
    public static final List<String> FACET_NAMES =
            List.of("signals", "actors", "sources", "levels", "languages", "categories");

    /**
     * Up to this many matches {@link TotalMode#ESTIMATE} counts exactly; above it Elasticsearch stops counting and the
     * total is a lower bound (its own default for track_total_hits).
     */
    public static final int ESTIMATE_LIMIT = 10_000;

    /** How a first page counts its matches; later pages repeat the first page's count from the cursor. */
    public enum TotalMode {
        /** Every match counted. */
        EXACT,
        /** Exact up to {@link #ESTIMATE_LIMIT}, then {@code totalRelation=gte} with that lower bound. */
        ESTIMATE
    }

    /** Result order. */
    public enum Sort {
        RELEVANCE,
        NEWEST,
        ESCALATION,
        /** Most independent outlets first (the story's count when each article was indexed), then newest. */
        OUTLETS
    }

    /**
     * One page of results.
     *
     * @param total      number of matching articles, counted on the first page and repeated by its cursor pages
     * @param totalRelation {@code eq} when total is exact, {@code gte} when it is a lower bound ({@code total=estimate}
     *                   above {@value #ESTIMATE_LIMIT} matches)
     * @param stories    number of stories among them, only with {@code group=story} (approximate above 40,000)
     * @param items      the hits of this page
     * @param nextCursor pass as {@code cursor} with the same q, filters and sort for the next page; null on the last
     * @param facets     counts of matching articles by signal, actor, source, level, language and category (those
     *                   asked for); absent on cursor pages and with {@code facets=none}
     */
    public record Page(
            long total,
            String totalRelation,
            Long stories,
            List<Item> items,
            String nextCursor,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<Bucket>> facets) {}

    /**
     * A hit.
     *
     * @param id         article id
     * @param score      relevance score, null when not sorted by relevance
     * @param storyId    the story the article belongs to
     * @param corroboration the story's independent outlets, copies, first seen and first outlet now
     * @param story      with {@code group=story}: how many matching articles the story has and the other ids
     * @param document   the analysed article
     * @param highlights highlighted fragments by field ({@code article.title}, {@code article.text})
     */
    public record Item(
            String id,
            Double score,
            String storyId,
            Corroboration corroboration,
            StoryGroup story,
            AnalyzedArticle document,
            Map<String, List<String>> highlights) {}

    /** The rest of a story in grouped results: its matching article count and up to 10 other ids, oldest first. */
    public record StoryGroup(long count, List<String> otherIds) {}

    /** A facet or split value with its article count. */
    public record Bucket(String key, long count) {}

    /**
     * Searches; {@code cursor} continues a previous page of the very same query, and {@value Cursor#SNAPSHOT} asks
     * for snapshot paging from this first page on.
     */
    public Page search(String q, ArticleFilters filters, Sort sort, int size, String cursor, boolean groupByStory)
            throws IOException {
        return search(q, filters, sort, size, cursor, groupByStory, FACET_NAMES, TotalMode.EXACT);
    }

    /**
     * Searches as {@link #search(String, ArticleFilters, Sort, int, String, boolean)}, computing only {@code facets}
     * (in {@link #FACET_NAMES}; empty for none) and counting by {@code totalMode}. Both apply to a first page only: a
     * cursor page computes no facets and repeats the total its cursor carries.
     */
    public Page search(
            String q,
            ArticleFilters filters,
            Sort sort,
            int size,
            String cursor,
            boolean groupByStory,
            Collection<String> facets,
            TotalMode totalMode)
            throws IOException {
        return search(q, filters, null, sort, size, cursor, groupByStory, facets, totalMode);
    }

    /**
     * Searches as {@link #search(String, ArticleFilters, Sort, int, String, boolean, Collection, TotalMode)}, keeping
     * only articles of stories with at least {@code minOutlets} independent outlets (null: no such filter).
     */
    public Page search(
            String q,
            ArticleFilters filters,
            Integer minOutlets,
            Sort sort,
            int size,
            String cursor,
            boolean groupByStory,
            Collection<String> facets,
            TotalMode totalMode)
            throws IOException {
        UserQuery.Node node = UserQuery.parse(q);
        Query query = withMinOutlets(EsQueries.query(q, node, filters), minOutlets);
        String fingerprint =
                Cursor.fingerprint(q, filters, sort.name() + (minOutlets == null ? "" : "|minOutlets=" + minOutlets));
        boolean snapshot = cursor != null && cursor.strip().equals(Cursor.SNAPSHOT);
        Cursor previous = cursor == null || cursor.isBlank() || snapshot ? null : Cursor.decode(cursor, fingerprint);
        if (groupByStory && (previous != null || snapshot)) {
            throw new InvalidParameterException("cursor", "is not supported with group=story");
        }
        // A point in time freezes the result set, so later pages neither skip nor repeat hits while articles arrive.
        // It is opened only when the client asks for that (cursor=*): each one holds search contexts on every shard
        // for the keep-alive, and a node allows 1,000 (search.max_open_pit_context), so one per first page would let
        // polling clients use them up. Without it, nextCursor continues after the last hit on the live index.
        String pit = previous != null
                ? previous.pit()
                : snapshot
                        ? client.openPointInTime(
                                        p -> p.index(ArticleIndex.ALIAS).keepAlive(time()))
                                .id()
                        : null;
        // A cursor page repeats its first page's count instead of counting again; a cursor from before the count was
        // carried (no total in it) counts exactly, as it did then.
        boolean carried = previous != null && previous.total() != null;
        boolean withFacets = previous == null && !facets.isEmpty();
        SearchRequest request = SearchRequest.of(s -> {
            if (pit != null) {
                s.pit(p -> p.id(pit).keepAlive(time()));
            } else {
                s.index(ArticleIndex.ALIAS);
            }
            s.query(query)
                    .size(size)
                    .sort(sortOptions(sort))
                    .source(src -> src.filter(f -> f.includes("article", "analysis", "derived.storyId")));
            if (carried) {
                s.trackTotalHits(t -> t.enabled(false));
            } else if (previous == null && totalMode == TotalMode.ESTIMATE) {
                s.trackTotalHits(t -> t.count(ESTIMATE_LIMIT));
            } else {
                s.trackTotalHits(t -> t.enabled(true));
            }
            if (withFacets) {
                s.aggregations(facets(facets));
            }
            if (node != null) {
                s.highlight(h -> h.requireFieldMatch(true)
                        .fields(
                                "article.title",
                                f -> f.numberOfFragments(0).highlightQuery(EsQueries.highlight(node, "article.title")))
                        .fields(
                                "article.text",
                                f -> f.fragmentSize(200)
                                        .numberOfFragments(2)
                                        .highlightQuery(EsQueries.highlight(node, "article.text"))));
            }
            if (previous != null) {
                s.searchAfter(previous.searchAfter());
            }
            if (groupByStory) {
                s.collapse(c -> c.field("derived.storyId")
                        .innerHits(i -> i.name("story")
                                .size(STORY_IDS + 1)
                                .source(src -> src.fetch(false))
                                .sort(o -> o.field(
                                        f -> f.field("article.publishedAt").order(SortOrder.Asc)))));
                s.aggregations("stories", a -> a.cardinality(c -> c.field("derived.storyId")));
            }
            return s;
        });
        SearchResponse<IndexedArticle> response;
        try {
            response = client.search(request, IndexedArticle.class);
        } catch (ElasticsearchException e) {
            if (previous != null && (e.status() == 404 || e.status() == 400)) {
                throw new InvalidParameterException(
                        "cursor", "has expired or is no longer valid; start again without it");
            }
            throw e;
        }
        List<Hit<IndexedArticle>> hits = response.hits().hits();
        // The stories' current figures: one search for the whole page, not one per hit.
        Map<String, Corroboration> figures = corroboration.current(
                ArticleIndex.ALIAS,
                hits.stream()
                        .map(h -> h.source().derived() == null
                                ? null
                                : h.source().derived().storyId())
                        .filter(java.util.Objects::nonNull)
                        .toList());
        List<Item> items =
                hits.stream().map(h -> item(h, groupByStory, figures)).toList();
        long total;
        String relation;
        if (carried) {
            total = previous.total();
            relation = previous.totalRelation() == null ? RELATION_EQ : previous.totalRelation();
        } else if (response.hits().total() == null) {
            total = items.size();
            relation = RELATION_EQ;
        } else {
            total = response.hits().total().value();
            relation = response.hits().total().relation() == TotalHitsRelation.Gte ? RELATION_GTE : RELATION_EQ;
        }
        String next = null;
        String currentPit = response.pitId() != null ? response.pitId() : pit;
        if (!groupByStory && hits.size() == size) {
            next = Cursor.of(currentPit, hits.get(hits.size() - 1).sort(), fingerprint, total, relation)
                    .encode();
        } else if (currentPit != null) {
            // Last page: free the snapshot now rather than at keep-alive expiry.
            client.closePointInTime(c -> c.id(currentPit));
        }
        Long stories = groupByStory
                ? response.aggregations().get("stories").cardinality().value()
                : null;
        return new Page(
                total, relation, stories, items, next, withFacets ? readFacets(response.aggregations(), facets) : null);
    }

    /**
     * A timeline point.
     *
     * @param time            bucket start in the requested time zone
     * @param count           matching articles published in the bucket
     * @param meanEscalation  mean escalation score, null when the bucket is empty
     * @param maxEscalation   highest escalation score, null when the bucket is empty
     * @param split           counts by signal or actor when split was asked for
     */
    public record Point(String time, long count, Double meanEscalation, Double maxEscalation, List<Bucket> split) {}

    /** Article counts and escalation per hour or day, every bucket present even when empty. */
    public record Timeline(String interval, String timeZone, long total, List<Point> points) {}

    /** Splits of a timeline. */
    public enum Split {
        SIGNAL,
        ACTOR
    }

    /** Timeline of a query; from/to give the first and last bucket, else the data does. */
    public Timeline timeline(String q, ArticleFilters filters, CalendarInterval interval, ZoneId zone, Split split)
            throws IOException {
        return timeline(q, filters, null, interval, zone, split);
    }

    /** As {@link #timeline(String, ArticleFilters, CalendarInterval, ZoneId, Split)} with a {@code minOutlets} filter. */
    public Timeline timeline(
            String q, ArticleFilters filters, Integer minOutlets, CalendarInterval interval, ZoneId zone, Split split)
            throws IOException {
        Query query = withMinOutlets(EsQueries.query(q, UserQuery.parse(q), filters), minOutlets);
        Map<String, Aggregation> sub = new LinkedHashMap<>();
        sub.put("mean", Aggregation.of(a -> a.avg(v -> v.field("analysis.escalationScore"))));
        sub.put("max", Aggregation.of(a -> a.max(v -> v.field("analysis.escalationScore"))));
        if (split == Split.SIGNAL) {
            putModalFacet(sub, "split", "analysis.signals", "type");
        } else if (split == Split.ACTOR) {
            sub.put(
                    "split",
                    Aggregation.of(a -> a.terms(t -> t.field("analysis.actors").size(FACET_SIZE))));
        }
        SearchResponse<Void> response = client.search(
                s -> s.index(ArticleIndex.ALIAS)
                        .size(0)
                        .query(query)
                        .trackTotalHits(t -> t.enabled(true))
                        .aggregations(
                                "timeline",
                                a -> a.dateHistogram(h -> {
                                            h.field("article.publishedAt")
                                                    .calendarInterval(interval)
                                                    .timeZone(zone.getId())
                                                    .minDocCount(0)
                                                    .format("yyyy-MM-dd'T'HH:mm:ssXXX");
                                            if (filters.from() != null || filters.to() != null) {
                                                // Gap-free over the whole requested range, not only between the first
                                                // and last article.
                                                h.extendedBounds(b -> {
                                                    if (filters.from() != null) {
                                                        b.min(FieldDateMath.of(m -> m.value(
                                                                filters.from().toEpochMilli())));
                                                    }
                                                    if (filters.to() != null) {
                                                        b.max(FieldDateMath.of(m -> m.value(
                                                                filters.to().toEpochMilli() - 1)));
                                                    }
                                                    return b;
                                                });
                                            }
                                            return h;
                                        })
                                        .aggregations(sub)),
                Void.class);
        List<Point> points = new ArrayList<>();
        for (DateHistogramBucket b : response.aggregations()
                .get("timeline")
                .dateHistogram()
                .buckets()
                .array()) {
            Double mean = b.docCount() == 0
                    ? null
                    : b.aggregations().get("mean").avg().value();
            Double max =
                    b.docCount() == 0 ? null : b.aggregations().get("max").max().value();
            List<Bucket> splitBuckets = null;
            if (split == Split.SIGNAL) {
                splitBuckets = modalBuckets(b.aggregations(), "split");
            } else if (split == Split.ACTOR) {
                splitBuckets = termBuckets(b.aggregations().get("split"));
            }
            points.add(new Point(b.keyAsString(), b.docCount(), mean, max, splitBuckets));
        }
        long total =
                response.hits().total() == null ? 0 : response.hits().total().value();
        return new Timeline(interval.jsonValue(), zone.getId(), total, points);
    }

    /**
     * A story: its id and its articles, first outlet (earliest published) first.
     *
     * @param id       story id (the id of the article that started it)
     * @param count    number of articles
     * @param corroboration its independent outlets, copies, first seen and first outlet now
     * @param articles up to 100 of them
     */
    public record Story(String id, long count, Corroboration corroboration, List<StoryArticle> articles) {}

    /** An article of a story, in brief. */
    public record StoryArticle(String id, String title, String sourceDomain, String url, Instant publishedAt) {}

    /** The story with this id, if any article has it. */
    public Optional<Story> story(String storyId) throws IOException {
        SearchResponse<AnalyzedArticle> response = client.search(
                s -> s.index(ArticleIndex.ALIAS)
                        .size(100)
                        .trackTotalHits(t -> t.enabled(true))
                        .query(q -> q.term(t -> t.field("derived.storyId").value(storyId)))
                        .source(src -> src.filter(f -> f.includes(
                                "article.id",
                                "article.title",
                                "article.sourceDomain",
                                "article.url",
                                "article.publishedAt")))
                        .sort(o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("article.id").order(SortOrder.Asc))),
                AnalyzedArticle.class);
        List<StoryArticle> articles = response.hits().hits().stream()
                .map(h -> h.source().article())
                .map(a -> new StoryArticle(a.id(), a.title(), a.sourceDomain(), a.url(), a.publishedAt()))
                .toList();
        if (articles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Story(
                storyId,
                response.hits().total().value(),
                corroboration.current(ArticleIndex.ALIAS, List.of(storyId)).get(storyId),
                articles));
    }

    /**
     * An article with its story's corroboration now.
     *
     * @param article       the raw article
     * @param analysis      its analysis
     * @param corroboration its story's independent outlets, copies, first seen and first outlet; null for an article
     *                      indexed without a story
     */
    public record ArticleAnswer(RawArticle article, Analysis analysis, Corroboration corroboration) {}

    /** The article with this id, if indexed. */
    public Optional<ArticleAnswer> get(String id) throws IOException {
        GetResponse<IndexedArticle> response = client.get(
                g -> g.index(ArticleIndex.ALIAS).id(id).sourceIncludes("article", "analysis", "derived.storyId"),
                IndexedArticle.class);
        if (!response.found() || response.source() == null) {
            return Optional.empty();
        }
        IndexedArticle doc = response.source();
        String storyId = doc.derived() == null ? null : doc.derived().storyId();
        Corroboration c = storyId == null
                ? null
                : corroboration.current(ArticleIndex.ALIAS, List.of(storyId)).get(storyId);
        return Optional.of(new ArticleAnswer(doc.article(), doc.analysis(), c));
    }

    /**
     * {@code query} restricted to stories with at least {@code minOutlets} independent outlets: the ids of stories
     * one of whose articles was indexed with {@code derived.outlets >= minOutlets} (a story's count only grows as
     * articles join), at most {@link #MAX_OUTLET_STORIES} of them, the most recently reported first.
     */
    private Query withMinOutlets(Query query, Integer minOutlets) throws IOException {
        if (minOutlets == null || minOutlets <= 1) {
            return query;
        }
        SearchResponse<Void> response = client.search(
                s -> s.index(ArticleIndex.ALIAS)
                        .size(0)
                        .query(q -> q.range(
                                r -> r.number(n -> n.field("derived.outlets").gte((double) minOutlets))))
                        .aggregations(
                                "stories",
                                a -> a.terms(t -> t.field("derived.storyId")
                                                .size(MAX_OUTLET_STORIES)
                                                .order(co.elastic.clients.util.NamedValue.of("latest", SortOrder.Desc)))
                                        .aggregations("latest", l -> l.max(m -> m.field("article.publishedAt")))),
                Void.class);
        List<co.elastic.clients.elasticsearch._types.FieldValue> ids = new ArrayList<>();
        for (StringTermsBucket b :
                response.aggregations().get("stories").sterms().buckets().array()) {
            ids.add(b.key());
        }
        return Query.of(q -> q.bool(b -> b.must(query)
                .filter(f -> f.terms(t -> t.field("derived.storyId").terms(v -> v.value(ids))))));
    }

    private Time time() {
        return Time.of(t -> t.time(keepAlive));
    }

    /** Every sort ends on the article id, so equal scores or dates still have one fixed order across pages. */
    private static List<SortOptions> sortOptions(Sort sort) {
        List<SortOptions> out = new ArrayList<>();
        switch (sort) {
            case RELEVANCE -> out.add(SortOptions.of(o -> o.score(s -> s.order(SortOrder.Desc))));
            case ESCALATION -> {
                out.add(SortOptions.of(
                        o -> o.field(f -> f.field("analysis.escalationScore").order(SortOrder.Desc))));
                out.add(SortOptions.of(
                        o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Desc))));
            }
            case NEWEST ->
                out.add(SortOptions.of(
                        o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Desc))));
            case OUTLETS -> {
                out.add(SortOptions.of(o -> o.field(f -> f.field("derived.outlets")
                        .order(SortOrder.Desc)
                        .missing("_last")
                        // An index from before the field existed (during a migration) has no mapping for it.
                        .unmappedType(co.elastic.clients.elasticsearch._types.mapping.FieldType.Integer))));
                out.add(SortOptions.of(
                        o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Desc))));
            }
        }
        out.add(SortOptions.of(o -> o.field(f -> f.field("article.id").order(SortOrder.Asc))));
        return out;
    }

    static Map<String, Aggregation> facets() {
        return facets(FACET_NAMES);
    }

    /** The keyword field each plain terms facet counts (signals and categories are modal, see putModalFacet). */
    private static final Map<String, String> TERM_FACET_FIELDS = Map.of(
            "actors", "analysis.actors",
            "sources", "article.sourceDomain",
            "levels", "analysis.level",
            "languages", "article.language");

    /** The aggregations of the named facets (names from {@link #FACET_NAMES}). */
    static Map<String, Aggregation> facets(Collection<String> names) {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        if (names.contains("signals")) {
            putModalFacet(aggs, "signals", "analysis.signals", "type");
        }
        if (names.contains("categories")) {
            putModalFacet(aggs, "categories", "analysis.events", "category");
        }
        for (String name : FACET_NAMES) {
            String field = TERM_FACET_FIELDS.get(name);
            if (field != null && names.contains(name)) {
                aggs.put(name, Aggregation.of(a -> a.terms(t -> t.field(field).size(FACET_SIZE))));
            }
        }
        return aggs;
    }

    static Map<String, List<Bucket>> readFacets(Map<String, Aggregate> aggs) {
        return readFacets(aggs, FACET_NAMES);
    }

    /** The named facets' buckets, in {@link #FACET_NAMES} order. */
    static Map<String, List<Bucket>> readFacets(Map<String, Aggregate> aggs, Collection<String> names) {
        Map<String, List<Bucket>> out = new LinkedHashMap<>();
        for (String name : FACET_NAMES) {
            if (names.contains(name)) {
                out.put(
                        name,
                        name.equals("signals") || name.equals("categories")
                                ? modalBuckets(aggs, name)
                                : termBuckets(aggs.get(name)));
            }
        }
        return out;
    }

    /**
     * Counts of articles per signal type (event category) as {@code name}: a terms aggregation on the flattened
     * values (articles-v4 on), and as {@code name_nested} the same counted through the nested documents of an index
     * from before v4, which the alias may still point at during a migration; {@link #modalBuckets} adds them up.
     */
    private static void putModalFacet(Map<String, Aggregation> aggs, String name, String path, String field) {
        aggs.put(
                name,
                Aggregation.of(a -> a.terms(t -> t.field(path + "." + field).size(FACET_SIZE))));
        aggs.put(
                name + "_nested",
                Aggregation.of(a -> a.nested(n -> n.path(path))
                        .aggregations(
                                "values",
                                t -> t.terms(tt -> tt.field(path + "." + field).size(FACET_SIZE))
                                        .aggregations("articles", r -> r.reverseNested(rn -> rn)))));
    }

    /** The buckets of a {@link #putModalFacet} pair, counted in articles, largest first, at most FACET_SIZE. */
    private static List<Bucket> modalBuckets(Map<String, Aggregate> aggs, String name) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Bucket b : termBuckets(aggs.get(name))) {
            counts.merge(b.key(), b.count(), Long::sum);
        }
        Aggregate nested = aggs.get(name + "_nested");
        Aggregate values = nested != null && nested.isNested()
                ? nested.nested().aggregations().get("values")
                : null;
        if (values != null && values.isSterms()) {
            for (StringTermsBucket b : values.sterms().buckets().array()) {
                counts.merge(
                        b.key().stringValue(),
                        b.aggregations().get("articles").reverseNested().docCount(),
                        Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(FACET_SIZE)
                .map(e -> new Bucket(e.getKey(), e.getValue()))
                .toList();
    }

    private static List<Bucket> termBuckets(Aggregate terms) {
        List<Bucket> out = new ArrayList<>();
        for (StringTermsBucket b : terms.sterms().buckets().array()) {
            out.add(new Bucket(b.key().stringValue(), b.docCount()));
        }
        return out;
    }

    private static Item item(Hit<IndexedArticle> hit, boolean grouped, Map<String, Corroboration> figures) {
        IndexedArticle doc = hit.source();
        String storyId = doc.derived() == null ? null : doc.derived().storyId();
        StoryGroup group = null;
        if (grouped && hit.innerHits().containsKey("story")) {
            InnerHitsResult inner = hit.innerHits().get("story");
            List<String> others = inner.hits().hits().stream()
                    .map(h -> h.id())
                    .filter(id -> !id.equals(hit.id()))
                    .limit(STORY_IDS)
                    .toList();
            long count = inner.hits().total() == null
                    ? others.size() + 1
                    : inner.hits().total().value();
            group = new StoryGroup(count, others);
        }
        // Sorted by date or escalation, Elasticsearch computes no score and the client reports NaN: say null.
        Double score = hit.score() == null || hit.score().isNaN() ? null : hit.score();
        return new Item(
                hit.id(),
                score,
                storyId,
                storyId == null ? null : figures.get(storyId),
                group,
                doc.analyzed(),
                hit.highlight());
    }

    /** How many buckets a timeline would have, to refuse absurd ranges before Elasticsearch does. */
    static long bucketCount(Instant from, Instant to, CalendarInterval interval) {
        Duration step = interval == CalendarInterval.Hour ? Duration.ofHours(1) : Duration.ofDays(1);
        return Duration.between(from, to).toMillis() / step.toMillis() + 1;
    }
}
