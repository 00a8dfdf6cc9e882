package io.redline.search.story;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.RawArticle;
import io.redline.search.index.IndexedArticle;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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

    /** Only the fields the look-up needs, so candidates are read cheaply. */
    record StoryFields(IndexedArticle.Derived derived) {
    }

    private final ElasticsearchClient client;

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
        String[] result = new String[articles.size()];
        if (articles.isEmpty()) {
            return List.of();
        }
        List<String> ids = articles.stream().map(RawArticle::id).distinct().toList();
        MgetResponse<StoryFields> existing = client.mget(m -> m.index(index).ids(ids)
                .sourceIncludes("derived.storyId"), StoryFields.class);
        Map<String, String> known = new HashMap<>();
        for (MultiGetResponseItem<StoryFields> item : existing.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null
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
            hashes[i] = IndexedArticle.simHash(articles.get(i));
        }
        MsearchResponse<StoryFields> candidates = client.msearch(m -> {
            m.index(index);
            for (int i : fresh) {
                long hash = hashes[i];
                String id = articles.get(i).id();
                m.searches(s -> s.header(h -> h.index(index)).body(b -> b.size(100)
                        .source(src -> src.filter(f -> f.includes("derived.simhash", "derived.storyId")))
                        .query(q -> q.bool(bq -> bq
                                .filter(f -> f.terms(t -> t.field("derived.simhashBands").terms(v -> v.value(
                                        SimHash.bands(hash).stream().map(FieldValue::of).toList()))))
                                .mustNot(mn -> mn.ids(x -> x.values(id)))))
                        .sort(o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Asc)))));
            }
            return m;
        }, StoryFields.class);
        List<MultiSearchResponseItem<StoryFields>> responses = candidates.responses();
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            RawArticle article = articles.get(i);
            MultiSearchResponseItem<StoryFields> response = responses.get(k);
            if (response.isFailure()) {
                // One failed search fails the batch: the indexer retries it (a story must not be guessed).
                throw new IOException("story candidates search failed for " + article.id() + ": "
                        + response.failure().error().reason());
            }
            String best = null;
            int bestDistance = SimHash.MAX_DISTANCE + 1;
            for (Hit<StoryFields> hit : response.result().hits().hits()) {
                IndexedArticle.Derived d = hit.source() == null ? null : hit.source().derived();
                if (d == null || d.simhash() == null || d.storyId() == null) {
                    continue;
                }
                int distance = SimHash.distance(hashes[i], SimHash.parseHex(d.simhash()));
                // Strictly closer only: among equally close candidates the earliest published (sorted first) wins.
                if (distance < bestDistance) {
                    best = d.storyId();
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
                long earlierHash = known.containsKey(earlier.id()) ? IndexedArticle.simHash(earlier) : hashes[j];
                int distance = SimHash.distance(hashes[i], earlierHash);
                if (distance < bestDistance) {
                    best = result[j];
                    bestDistance = distance;
                }
            }
            result[i] = best == null ? article.id() : best;
        }
        return Arrays.asList(result);
    }
}
