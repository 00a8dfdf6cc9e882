package io.redline.search.story;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.RawArticle;
import io.redline.search.index.IndexedArticle;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Gives an article its story id once: the id it already has when re-indexed, else the story of the closest
 * near-duplicate already indexed (SimHash within {@link SimHash#MAX_DISTANCE} bits), else a new story of its own.
 *
 * <p>Two near-duplicates indexed at the very same moment may each start a story; the next copy joins one of them.
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
        GetResponse<StoryFields> existing = client.get(g -> g.index(index).id(article.id())
                .sourceIncludes("derived.storyId"), StoryFields.class);
        if (existing.found() && existing.source() != null && existing.source().derived() != null
                && existing.source().derived().storyId() != null) {
            return existing.source().derived().storyId();
        }
        long hash = IndexedArticle.simHash(article);
        SearchResponse<StoryFields> candidates = client.search(s -> s.index(index).size(100)
                .source(src -> src.filter(f -> f.includes("derived.simhash", "derived.storyId")))
                .query(q -> q.bool(b -> b
                        .filter(f -> f.terms(t -> t.field("derived.simhashBands").terms(v -> v.value(
                                SimHash.bands(hash).stream().map(FieldValue::of).toList()))))
                        .mustNot(m -> m.ids(i -> i.values(article.id())))))
                .sort(o -> o.field(f -> f.field("article.publishedAt").order(
                        co.elastic.clients.elasticsearch._types.SortOrder.Asc))), StoryFields.class);
        String best = article.id();
        int bestDistance = SimHash.MAX_DISTANCE + 1;
        for (Hit<StoryFields> hit : candidates.hits().hits()) {
            IndexedArticle.Derived d = hit.source() == null ? null : hit.source().derived();
            if (d == null || d.simhash() == null || d.storyId() == null) {
                continue;
            }
            int distance = SimHash.distance(hash, SimHash.parseHex(d.simhash()));
            // Strictly closer only: among equally close candidates the earliest published (sorted first) wins.
            if (distance < bestDistance) {
                best = d.storyId();
                bestDistance = distance;
            }
        }
        return best;
    }
}
