package io.redline.search.story;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.query.IndexedArticles;
import io.redline.query.SameEvent;
import io.redline.query.SimHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives an article its story id once: the id it already has when re-indexed, else the story of the closest
 * near-duplicate already indexed (SimHash within {@link SimHash#MAX_DISTANCE} bits), else a new story of its own.
 *
 * <p>Near-duplicates in one indexing batch join one story; two indexed by different instances at the very same
 * moment may each start a story, and the next copy joins one of them.
 */
@ApplicationScoped
public class StoryAssigner {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StoryAssigner.class);

    /** Only the fields the look-up needs, so candidates are read cheaply. */
    record StoryFields(IndexedArticle.Derived derived) {}

    private static final String ID = "article.id";
    private static final String SIMHASH = "derived.simhash";
    private static final String STORY_ID = "derived.storyId";
    /** The fields a same-event comparison reads of an indexed article. */
    private static final String[] EVENT_FIELDS = {
        "article.id", "article.title", "article.summary", "article.text", "analysis.actors"
    };

    /** Articles whose candidates one search looks for. */
    static final int GROUP = 25;
    /** Most hits one group search returns; a group that reaches it is asked again article by article. */
    static final int GROUP_HITS = 5_000;

    private final ElasticsearchClient client;
    private final RecentStories recent = new RecentStories();

    public StoryAssigner(ElasticsearchClient client) {
        this.client = client;
    }

    /** The story id of {@code article} for the index {@code index}. */
    public String storyIdFor(String index, RawArticle article) throws IOException {
        return storyIdsFor(index, List.of(article)).get(0);
    }

    /**
     * The story ids of a batch of articles for the index {@code index}, in the order given, with two round trips
     * whatever the batch size: one multi-get for the ids the articles already have, one multi-search for the
     * near-duplicate candidates of the others. An article may also join the story of an earlier one in the same
     * batch, so near-duplicates arriving together end in one story.
     */
    public List<String> storyIdsFor(String index, List<RawArticle> articles) throws IOException {
        return storyIdsFor(index, articles, null);
    }

    /**
     * As {@link #storyIdsFor(String, List)}, and an article with no near-duplicate joins the story of an independent
     * report of the same event ({@link SameEvent}) published within {@link #EVENT_WINDOW} of it, found with one more
     * multi-search for the whole batch. {@code actors} (same order as the articles, null for unknown) are their
     * analysis' actor codes, which the same-event test compares.
     */
    public List<String> storyIdsFor(String index, List<RawArticle> articles, List<List<String>> actors)
            throws IOException {
        String[] result = new String[articles.size()];
        if (articles.isEmpty()) {
            return List.of();
        }
        List<String> ids = articles.stream().map(RawArticle::id).distinct().toList();
        MgetResponse<StoryFields> existing =
                client.mget(m -> m.index(index).ids(ids).sourceIncludes("derived.storyId"), StoryFields.class);
        Map<String, String> known = new HashMap<>();
        for (MultiGetResponseItem<StoryFields> item : existing.docs()) {
            if (item.isResult()
                    && item.result().found()
                    && item.result().source() != null
                    && item.result().source().derived() != null
                    && item.result().source().derived().storyId() != null) {
                known.put(item.result().id(), item.result().source().derived().storyId());
            }
        }
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < result.length; i++) {
            if (known.containsKey(articles.get(i).id())) {
                result[i] = known.get(articles.get(i).id());
            } else {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return Arrays.asList(result);
        }
        long[] hashes = new long[result.length];
        for (int i : fresh) {
            hashes[i] = IndexedArticles.simHash(articles.get(i));
        }
        Map<Integer, List<Candidate>> candidates = candidates(index, articles, fresh, hashes);
        for (int i : fresh) {
            RawArticle article = articles.get(i);
            String best = null;
            int bestDistance = SimHash.MAX_DISTANCE + 1;
            for (Candidate c : candidates.getOrDefault(i, List.of())) {
                int distance = SimHash.distance(hashes[i], c.hash());
                // Strictly closer only: among equally close candidates the earliest published (sorted first) wins.
                if (distance < bestDistance) {
                    best = c.storyId();
                    bestDistance = distance;
                }
            }
            // Earlier articles of this batch are not searchable yet: compare with them here. An indexed candidate
            // wins a tie, as the older story.
            for (int j = 0; j < i; j++) {
                RawArticle earlier = articles.get(j);
                if (earlier.id().equals(article.id())) {
                    best = result[j];
                    break;
                }
                long earlierHash = known.containsKey(earlier.id()) ? IndexedArticles.simHash(earlier) : hashes[j];
                int distance = SimHash.distance(hashes[i], earlierHash);
                if (distance < bestDistance) {
                    best = result[j];
                    bestDistance = distance;
                }
            }
            result[i] = best;
        }
        List<Integer> alone = fresh.stream()
                .filter(i -> result[i] == null && articles.get(i).publishedAt() != null)
                .toList();
        // An article that reports the same event as an earlier one of the batch takes that article's final story:
        // the earlier one may still join an indexed or a recent story below (fresh-clone CI: two outlets' reports
        // took the id of a third, which then joined the indexed story, so one event became two stories).
        Map<Integer, Integer> joinsEarlier = new HashMap<>();
        Map<Integer, String> sameEvent = sameEvent(index, articles, actors, alone, joinsEarlier);
        Instant now = Instant.now();
        // In batch order: an earlier article's story is final before a later one that joins it is given one.
        for (int i : fresh) {
            if (result[i] == null && joinsEarlier.containsKey(i)) {
                result[i] = result[joinsEarlier.get(i)];
            } else if (result[i] == null) {
                RawArticle a = articles.get(i);
                String story = sameEvent.get(i);
                if (story == null) {
                    // Not found in the index: maybe an article given a story a moment ago, not searchable yet.
                    story = recent.storyOf(
                            index, hashes[i], text(a, actorsOf(actors, i)), a.publishedAt(), EVENT_WINDOW, now);
                }
                result[i] = story != null ? story : a.id();
            }
        }
        for (int i : fresh) {
            RawArticle a = articles.get(i);
            recent.add(
                    index,
                    new RecentStories.Recent(
                            a.id(), hashes[i], text(a, actorsOf(actors, i)), a.publishedAt(), result[i], now));
        }
        return Arrays.asList(result);
    }

    /** How far apart in publication time two reports of one event may be. */
    static final Duration EVENT_WINDOW = Duration.ofHours(36);
    /** Salient stems one same-event candidate search asks for. */
    static final int EVENT_STEMS = 16;
    /** Candidates read per article: the best-scoring few are enough, the test is strict anyway. */
    static final int EVENT_HITS = 5;

    private static SameEvent.Text text(RawArticle a, List<String> actors) {
        return SameEvent.Text.of(a.title(), a.summary(), a.text(), actors);
    }

    private static List<String> actorsOf(List<List<String>> actors, int i) {
        return actors == null || actors.get(i) == null ? List.of() : actors.get(i);
    }

    /**
     * The story of an independent report of the same event for each article at the positions {@code alone} (those
     * with no near-duplicate): an earlier article of the batch that reports it first (its position is put in
     * {@code joinsEarlier}: its story is known only once that article's is final), else the best-scoring indexed
     * candidate within {@link #EVENT_WINDOW} that {@link SameEvent#same} accepts. One multi-search for all of them.
     */
    private Map<Integer, String> sameEvent(
            String index,
            List<RawArticle> articles,
            List<List<String>> actors,
            List<Integer> alone,
            Map<Integer, Integer> joinsEarlier)
            throws IOException {
        if (alone.isEmpty()) {
            return new HashMap<>();
        }
        List<Integer> search = new ArrayList<>();
        for (int i : alone) {
            SameEvent.Text text = text(articles.get(i), actorsOf(actors, i));
            for (int j = 0; j < i; j++) {
                RawArticle earlier = articles.get(j);
                if (earlier.publishedAt() != null
                        && Duration.between(
                                                earlier.publishedAt(),
                                                articles.get(i).publishedAt())
                                        .abs()
                                        .compareTo(EVENT_WINDOW)
                                <= 0
                        && SameEvent.same(text, text(earlier, actorsOf(actors, j)))) {
                    joinsEarlier.put(i, j);
                    break;
                }
            }
            if (!joinsEarlier.containsKey(i)
                    && !SameEvent.salientStems(text, EVENT_STEMS).isEmpty()) {
                search.add(i);
            }
        }
        return search.isEmpty() ? new HashMap<>() : searchIndexedEvents(index, articles, actors, search);
    }

    /**
     * The story of the best-scoring indexed candidate within {@link #EVENT_WINDOW} that {@link SameEvent#same} accepts,
     * together with its story's first report, for each article at the positions {@code search} that has one: one
     * multi-search for all of them, and one multi-get for the first reports not among the candidates.
     */
    private Map<Integer, String> searchIndexedEvents(
            String index, List<RawArticle> articles, List<List<String>> actors, List<Integer> search)
            throws IOException {
        MsearchResponse<IndexedArticle> response = client.msearch(
                m -> {
                    m.index(index);
                    for (int i : search) {
                        RawArticle a = articles.get(i);
                        String stems =
                                String.join(" ", SameEvent.salientStems(text(a, actorsOf(actors, i)), EVENT_STEMS));
                        String from = a.publishedAt().minus(EVENT_WINDOW).toString();
                        String to = a.publishedAt().plus(EVENT_WINDOW).toString();
                        m.searches(s -> s.header(h -> h.index(index))
                                .body(b -> b.size(EVENT_HITS)
                                        .trackTotalHits(t -> t.enabled(false))
                                        .source(src -> src.filter(f -> f.includes(STORY_ID, EVENT_FIELDS)))
                                        .query(q -> q.bool(bq -> bq.should(
                                                        sh -> sh.match(mt -> mt.field("derived.titleStems")
                                                                .query(stems)
                                                                .boost(2.0f)
                                                                .minimumShouldMatch("3")))
                                                .should(sh -> sh.match(mt -> mt.field("derived.bodyStems")
                                                        .query(stems)
                                                        .minimumShouldMatch("30%")))
                                                .minimumShouldMatch("1")
                                                .filter(f -> f.range(r -> r.date(d -> d.field("article.publishedAt")
                                                        .gte(from)
                                                        .lte(to))))
                                                .mustNot(n -> n.ids(ids -> ids.values(a.id())))))));
                    }
                    return m;
                },
                IndexedArticle.class);
        // Per article, the indexed reports SameEvent accepts, best-scoring first.
        Map<Integer, List<IndexedArticle>> accepted = new HashMap<>();
        for (int k = 0; k < search.size(); k++) {
            MultiSearchResponseItem<IndexedArticle> item = response.responses().get(k);
            int i = search.get(k);
            if (item.isFailure()) {
                // Unlike a near-duplicate miss, a same-event miss only undercounts outlets; an article Elasticsearch
                // cannot search around (a date it refuses) must not hold up its batch: it keeps a story of its own,
                // and its write fails or succeeds on its own merits.
                LOG.debugf(
                        "Same-event candidates of %s not searched: %s",
                        articles.get(i).id(), item.failure().error().reason());
                continue;
            }
            SameEvent.Text text = text(articles.get(i), actorsOf(actors, i));
            for (Hit<IndexedArticle> hit : item.result().hits().hits()) {
                IndexedArticle c = hit.source();
                if (c != null
                        && c.article() != null
                        && c.derived() != null
                        && c.derived().storyId() != null
                        && SameEvent.same(text, text(c))) {
                    accepted.computeIfAbsent(i, x -> new ArrayList<>()).add(c);
                }
            }
        }
        // A report joins a story only if it also reports the event of the story's first report: accepting any
        // member would chain (A like B, B like C, so C joins A's story although A and C are different events), and
        // a story could drift through a day's news gathering unrelated reports and outlets that never corroborated
        // its event. Fillers sharing common words chained 600 test articles into 12 stories, one of 240.
        Map<String, SameEvent.Text> firstReports = firstReports(index, accepted);
        Map<Integer, String> found = new HashMap<>();
        accepted.forEach((i, reports) -> {
            SameEvent.Text text = text(articles.get(i), actorsOf(actors, i));
            for (IndexedArticle c : reports) {
                String story = c.derived().storyId();
                SameEvent.Text first = firstReports.get(story);
                if (story.equals(c.article().id()) || first == null || SameEvent.same(text, first)) {
                    found.put(i, story);
                    break;
                }
            }
        });
        return found;
    }

    /**
     * The texts of the first reports of the stories that {@code accepted} reports belong to, where that first report
     * is not itself among them: a story's id is its first article's id. One multi-get; a story whose first article
     * is no longer indexed (retention) is left out, and its members are trusted as they are.
     */
    private Map<String, SameEvent.Text> firstReports(String index, Map<Integer, List<IndexedArticle>> accepted)
            throws IOException {
        List<String> ids = accepted.values().stream()
                .flatMap(List::stream)
                .filter(c -> !c.derived().storyId().equals(c.article().id()))
                .map(c -> c.derived().storyId())
                .distinct()
                .toList();
        Map<String, SameEvent.Text> texts = new HashMap<>();
        if (ids.isEmpty()) {
            return texts;
        }
        MgetResponse<IndexedArticle> response =
                client.mget(m -> m.index(index).ids(ids).sourceIncludes(List.of(EVENT_FIELDS)), IndexedArticle.class);
        for (MultiGetResponseItem<IndexedArticle> item : response.docs()) {
            if (item.isResult()
                    && item.result().found()
                    && item.result().source() != null
                    && item.result().source().article() != null) {
                texts.put(item.result().id(), text(item.result().source()));
            }
        }
        return texts;
    }

    /** The same-event text of an indexed article. */
    private static SameEvent.Text text(IndexedArticle c) {
        return text(
                c.article(),
                c.analysis() == null || c.analysis().actors() == null
                        ? List.of()
                        : c.analysis().actors());
    }

    /** The single value of a keyword field that a hit returned from doc values, or null. */
    private static String docValue(Hit<?> hit, String field) {
        JsonData values = hit.fields().get(field);
        if (values == null) {
            return null;
        }
        JsonArray array = values.toJson().asJsonArray();
        return array.isEmpty() ? null : array.getString(0);
    }

    /** An indexed article that may be of the same story: its id, SimHash and story id. */
    private record Candidate(String id, long hash, String storyId) {}

    /**
     * The indexed near-duplicates (within {@link SimHash#MAX_DISTANCE}) of each article at the positions
     * {@code fresh}, earliest published first. One search per {@link #GROUP} articles, all in one multi-search: a
     * hit within the distance of an article shares one of its bands (pigeonhole), so searching the union of a group's
     * bands and measuring each hit against each article of the group finds the same candidates as a search per
     * article, at a fraction of the searches. A group whose search hits {@link #GROUP_HITS} (a huge index, or very
     * common bands) is asked again article by article, each for its 100 earliest candidates.
     */
    private Map<Integer, List<Candidate>> candidates(
            String index, List<RawArticle> articles, List<Integer> fresh, long[] hashes) throws IOException {
        List<List<Integer>> groups = new ArrayList<>();
        for (int from = 0; from < fresh.size(); from += GROUP) {
            groups.add(fresh.subList(from, Math.min(fresh.size(), from + GROUP)));
        }
        List<List<Candidate>> grouped = search(
                index,
                groups.stream()
                        .map(g -> g.stream()
                                .flatMap(i -> SimHash.bands(hashes[i]).stream())
                                .distinct()
                                .toList())
                        .toList(),
                GROUP_HITS);
        Map<Integer, List<Candidate>> result = new HashMap<>();
        List<Integer> oneByOne = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Candidate> hits = grouped.get(g);
            if (hits.size() >= GROUP_HITS) {
                oneByOne.addAll(groups.get(g));
                continue;
            }
            for (int i : groups.get(g)) {
                result.put(i, near(articles.get(i).id(), hashes[i], hits));
            }
        }
        if (!oneByOne.isEmpty()) {
            List<List<Candidate>> single = search(
                    index, oneByOne.stream().map(i -> SimHash.bands(hashes[i])).toList(), 100);
            for (int k = 0; k < oneByOne.size(); k++) {
                int i = oneByOne.get(k);
                result.put(i, near(articles.get(i).id(), hashes[i], single.get(k)));
            }
        }
        return result;
    }

    /** The hits within {@link SimHash#MAX_DISTANCE} of {@code hash}, other than the article itself, in order. */
    private static List<Candidate> near(String id, long hash, List<Candidate> hits) {
        List<Candidate> near = new ArrayList<>();
        for (Candidate c : hits) {
            if (!id.equals(c.id()) && SimHash.distance(hash, c.hash()) <= SimHash.MAX_DISTANCE) {
                near.add(c);
            }
        }
        return near;
    }

    /** One multi-search: per band list, up to {@code size} indexed articles having any of the bands, oldest first. */
    private List<List<Candidate>> search(String index, List<List<String>> bandLists, int size) throws IOException {
        MsearchResponse<StoryFields> response = client.msearch(
                m -> {
                    m.index(index);
                    for (List<String> bands : bandLists) {
                        m.searches(s -> s.header(h -> h.index(index))
                                .body(b -> b.size(size)
                                        // Doc values only, no stored fields (not even _id, which sits in the
                                        // same compressed block as _source): a group can return thousands of
                                        // hits, and decompressing each one's stored document was most of
                                        // Elasticsearch's CPU per indexed article (IndexingCostBench).
                                        .storedFields("_none_")
                                        .docvalueFields(f -> f.field(ID))
                                        .docvalueFields(f -> f.field(SIMHASH))
                                        .docvalueFields(f -> f.field(STORY_ID))
                                        .trackTotalHits(t -> t.enabled(false))
                                        .query(q ->
                                                q.bool(bq -> bq.filter(f -> f.terms(t -> t.field("derived.simhashBands")
                                                        .terms(v -> v.value(bands.stream()
                                                                .map(FieldValue::of)
                                                                .toList()))))))
                                        .sort(o -> o.field(f ->
                                                f.field("article.publishedAt").order(SortOrder.Asc)))));
                    }
                    return m;
                },
                StoryFields.class);
        List<List<Candidate>> result = new ArrayList<>();
        for (MultiSearchResponseItem<StoryFields> item : response.responses()) {
            if (item.isFailure()) {
                // One failed search fails the batch: the indexer retries it (a story must not be guessed).
                throw new IOException("story candidates search failed: "
                        + item.failure().error().reason());
            }
            List<Candidate> hits = new ArrayList<>();
            for (Hit<StoryFields> hit : item.result().hits().hits()) {
                String simhash = docValue(hit, SIMHASH);
                String storyId = docValue(hit, STORY_ID);
                if (simhash != null && storyId != null) {
                    hits.add(new Candidate(docValue(hit, ID), SimHash.parseHex(simhash), storyId));
                }
            }
            result.add(hits);
        }
        return result;
    }
}
