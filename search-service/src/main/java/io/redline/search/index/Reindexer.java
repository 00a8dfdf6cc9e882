package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.query.IndexedArticles;
import io.redline.search.story.StoryAssigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves an alias from an older articles index to a new one without search downtime: copy every document
 * (recomputing the derived fields in Java, since the embedded Elasticsearch has no painless for a reindex script),
 * switch the alias atomically, then copy again to catch writes an older instance made to the old index meanwhile.
 *
 * <p>Copies use the indexer's external {@link DocumentVersion}, so a copy never overwrites a newer revision
 * the indexer already wrote to the new index, and copying twice is harmless. The old index is kept for the operator
 * to delete once satisfied.
 */
@ApplicationScoped
public class Reindexer {

    private static final Logger LOG = Logger.getLogger(Reindexer.class);
    private static final int PAGE = 500;

    private final ElasticsearchClient client;
    private final StoryAssigner stories;

    public Reindexer(ElasticsearchClient client, StoryAssigner stories) {
        this.client = client;
        this.stories = stories;
    }

    /** The indices an alias points to; empty when the alias does not exist. */
    public List<String> aliasTargets(String alias) throws IOException {
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            return List.of();
        }
        return new ArrayList<>(
                client.indices().getAlias(a -> a.name(alias)).result().keySet());
    }

    /** Copies {@code from} into the existing index {@code to}, switches {@code alias} to it, and copies again. */
    public void migrate(String alias, String from, String to) throws IOException {
        LOG.infof("Migrating alias %s from %s to %s", alias, from, to);
        long first = copy(from, to);
        // Make the copies visible before searches move over, or the first searches after the switch would miss them.
        client.indices().refresh(r -> r.index(to));
        client.indices()
                .updateAliases(u -> u.actions(a -> a.remove(r -> r.index(from).alias(alias)))
                        .actions(a -> a.add(r -> r.index(to).alias(alias).isWriteIndex(true))));
        long second = copy(from, to);
        LOG.infof(
                "Alias %s now points to %s (%d documents copied, %d re-checked after the switch); %s can be deleted",
                alias, to, first, second, from);
    }

    /** Copies every document of {@code from} into {@code to} with derived fields recomputed; returns how many. */
    public long copy(String from, String to) throws IOException {
        String pit = client.openPointInTime(p -> p.index(from).keepAlive(Time.of(t -> t.time("2m"))))
                .id();
        long copied = 0;
        List<FieldValue> after = null;
        try {
            while (true) {
                String pitId = pit;
                List<FieldValue> searchAfter = after;
                SearchResponse<IndexedArticle> page = client.search(
                        s -> {
                            s.size(PAGE)
                                    .pit(p -> p.id(pitId).keepAlive(Time.of(t -> t.time("2m"))))
                                    .sort(o -> o.field(f -> f.field("_shard_doc")))
                                    .source(src -> src.filter(f -> f.includes(
                                            "article",
                                            "analysis",
                                            "derived.storyId",
                                            "derived.outlets",
                                            "derived.firstSeen",
                                            "derived.firstOutlet",
                                            "derived.copies",
                                            "derived.outletDomains")));
                            if (searchAfter != null) {
                                s.searchAfter(searchAfter);
                            }
                            return s;
                        },
                        IndexedArticle.class);
                pit = page.pitId() == null ? pit : page.pitId();
                List<Hit<IndexedArticle>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    return copied;
                }
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Hit<IndexedArticle> hit : hits) {
                    AnalyzedArticle doc = hit.source().analyzed();
                    // A story id is computed once per article: keep it when the old index has one.
                    String storyId = hit.source().derived() != null
                                    && hit.source().derived().storyId() != null
                            ? hit.source().derived().storyId()
                            : stories.storyIdFor(to, doc.article());
                    IndexedArticle.Derived old = hit.source().derived();
                    // The figure recorded when the article was indexed is history: carried over, not recomputed
                    // (copies and outletDomains stay null on documents indexed before they existed).
                    IndexedArticle fresh = IndexedArticles.of(doc, storyId);
                    IndexedArticle indexed =
                            new IndexedArticle(fresh.article(), fresh.analysis(), carryOver(fresh.derived(), old));
                    bulk.operations(op -> op.index(i -> i.index(to)
                            .id(doc.article().id())
                            .version(DocumentVersion.of(doc))
                            .versionType(VersionType.ExternalGte)
                            .document(indexed)));
                }
                BulkResponse response = client.bulk(bulk.build());
                for (BulkResponseItem item : response.items()) {
                    // 409: the indexer already wrote a newer revision to the new index, which must win.
                    if (item.error() != null && item.status() != 409) {
                        throw new IOException("copy of " + item.id() + " into " + to + " failed: "
                                + item.error().reason());
                    }
                }
                copied += hits.size();
                after = hits.get(hits.size() - 1).sort();
            }
        } finally {
            String pitId = pit;
            client.closePointInTime(c -> c.id(pitId));
        }
    }

    /** {@code fresh} with the story figures of {@code old} (none when {@code old} has none). */
    static IndexedArticle.Derived carryOver(IndexedArticle.Derived fresh, IndexedArticle.Derived old) {
        if (old == null) {
            return fresh;
        }
        return new IndexedArticle.Derived(
                fresh.titleStems(),
                fresh.bodyStems(),
                fresh.dyads(),
                fresh.storyId(),
                fresh.simhash(),
                fresh.simhashBands(),
                fresh.signalKeys(),
                fresh.eventKeys(),
                old.outlets(),
                old.firstSeen(),
                old.firstOutlet(),
                old.copies(),
                old.outletDomains());
    }
}
