package io.redline.search.story;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.redline.contracts.Corroboration;
import io.redline.contracts.RawArticle;
import io.redline.query.IndexedArticles;
import io.redline.query.Outlets;
import io.redline.query.SimHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the articles of some stories with one search (doc values only) and counts their independent outlets. */
@ApplicationScoped
public class StoryCorroboration {

    /**
     * Most articles one read takes over all its stories, earliest first: beyond it a story's later copies are not
     * counted (outlets is then a lower bound; first seen and first outlet stay exact).
     */
    public static final int MAX_ARTICLES = 10_000;

    private static final String ID = "article.id";
    private static final String DOMAIN = "article.sourceDomain";
    private static final String CONTENT_HASH = "article.contentHash";
    private static final String PUBLISHED = "article.publishedAt";
    private static final String SIMHASH = "derived.simhash";
    private static final String STORY_ID = "derived.storyId";

    private final ElasticsearchClient client;

    public StoryCorroboration(ElasticsearchClient client) {
        this.client = client;
    }

    /** The member an article counts as. */
    public static Outlets.Member member(RawArticle a) {
        return new Outlets.Member(
                a.id(), a.sourceDomain(), IndexedArticles.simHash(a), a.contentHash(), a.publishedAt());
    }

    /** The current corroboration of each story in {@code storyIds} that has articles in {@code index} (alias). */
    public Map<String, Corroboration> current(String index, Collection<String> storyIds) throws IOException {
        return with(index, storyIds, Map.of());
    }

    /**
     * The corroboration of each story in {@code storyIds}, counting its indexed articles and {@code added} (articles
     * not searchable yet, by story id; an indexed article of the same id is replaced by the added one).
     */
    public Map<String, Corroboration> with(
            String index, Collection<String> storyIds, Map<String, List<Outlets.Member>> added) throws IOException {
        Map<String, Map<String, Outlets.Member>> byStory = new LinkedHashMap<>();
        List<String> ids = storyIds.stream().distinct().toList();
        if (!ids.isEmpty()) {
            SearchResponse<Void> response = client.search(
                    s -> s.index(index)
                            .size(MAX_ARTICLES)
                            .storedFields("_none_")
                            .trackTotalHits(t -> t.enabled(false))
                            .docvalueFields(f -> f.field(ID))
                            .docvalueFields(f -> f.field(DOMAIN))
                            .docvalueFields(f -> f.field(CONTENT_HASH))
                            .docvalueFields(f -> f.field(PUBLISHED).format("epoch_millis"))
                            .docvalueFields(f -> f.field(SIMHASH))
                            .docvalueFields(f -> f.field(STORY_ID))
                            .query(q -> q.terms(t -> t.field(STORY_ID)
                                    .terms(v -> v.value(
                                            ids.stream().map(FieldValue::of).toList()))))
                            .sort(o -> o.field(f -> f.field(PUBLISHED).order(SortOrder.Asc))),
                    Void.class);
            for (Hit<Void> hit : response.hits().hits()) {
                String story = string(hit, STORY_ID);
                String id = string(hit, ID);
                if (story == null || id == null) {
                    continue;
                }
                String simhash = string(hit, SIMHASH);
                String published = string(hit, PUBLISHED);
                byStory.computeIfAbsent(story, k -> new LinkedHashMap<>())
                        .put(
                                id,
                                new Outlets.Member(
                                        id,
                                        string(hit, DOMAIN),
                                        simhash == null ? null : SimHash.parseHex(simhash),
                                        string(hit, CONTENT_HASH),
                                        published == null
                                                ? null
                                                : Instant.ofEpochMilli((long) Double.parseDouble(published))));
            }
        }
        for (Map.Entry<String, List<Outlets.Member>> e : added.entrySet()) {
            Map<String, Outlets.Member> members = byStory.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
            for (Outlets.Member m : e.getValue()) {
                members.put(m.id(), m);
            }
        }
        Map<String, Corroboration> result = new HashMap<>();
        byStory.forEach((story, members) -> {
            Corroboration c = Outlets.of(new ArrayList<>(members.values()));
            if (c != null) {
                result.put(story, c);
            }
        });
        return result;
    }

    /** The first doc value of a field as a string (numbers as their decimal form), or null. */
    private static String string(Hit<?> hit, String field) {
        JsonData values = hit.fields().get(field);
        if (values == null) {
            return null;
        }
        JsonArray array = values.toJson().asJsonArray();
        if (array.isEmpty()) {
            return null;
        }
        JsonValue v = array.get(0);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        return v.toString();
    }
}
