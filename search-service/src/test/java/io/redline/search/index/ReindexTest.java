package io.redline.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.search.Fixtures;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The mapping-change path: an alias on a v1 index moves to a new index with every document, search never down. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReindexTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    Reindexer reindexer;

    @Inject
    ArticleIndex articleIndex;

    @Test
    void currentIndexIsBehindTheAlias() throws Exception {
        assertThat(reindexer.aliasTargets(ArticleIndex.ALIAS)).containsExactly(ArticleIndex.INDEX);
    }

    @Test
    void migrationCopiesEveryDocumentSwitchesTheAliasAndKeepsSearchAnswering() throws Exception {
        String run = Fixtures.newId().substring(0, 8).toLowerCase(Locale.ROOT);
        String alias = "mig-" + run;
        String old = alias + "-v1";
        String next = alias + "-v2";
        try (InputStream v1 = getClass().getResourceAsStream("/elasticsearch/articles-v1.json")) {
            client.indices()
                    .create(CreateIndexRequest.of(
                            b -> b.index(old).withJson(v1).aliases(alias, a -> a.isWriteIndex(true))));
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        AnalyzedArticle first = null;
        for (int i = 0; i < 600; i++) {
            ArticleSpec s = new ArticleSpec();
            s.title = "Missiles number " + i;
            s.text = "Body " + i + " " + Fixtures.newId();
            AnalyzedArticle doc = s.build();
            first = first == null ? doc : first;
            // The v1 document shape: the analysed article as it was, without derived fields.
            bulk.operations(op -> op.index(x -> x.index(old)
                    .id(doc.article().id())
                    .version(1L)
                    .versionType(VersionType.External)
                    .document(doc)));
        }
        client.bulk(bulk.build());
        articleIndex.createIndex(next, null);
        // The indexer already wrote a newer revision of one article into the new index: the copy must not undo it.
        ArticleSpec newer = new ArticleSpec();
        newer.id = first.article().id();
        newer.revision = 2;
        newer.title = "Newer revision";
        AnalyzedArticle newerDoc = newer.build();
        client.index(i -> i.index(next)
                .id(newer.id)
                .version(DocumentVersion.of(newerDoc))
                .versionType(VersionType.ExternalGte)
                .document(IndexedArticles.of(newerDoc, newer.id))
                .refresh(Refresh.True));

        AtomicBoolean done = new AtomicBoolean();
        List<Long> counts = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread searcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    counts.add(client.count(c -> c.index(alias)).count());
                } catch (Exception e) {
                    errors.add(e);
                }
            }
        });
        searcher.start();
        try {
            reindexer.migrate(alias, old, next);
        } finally {
            done.set(true);
            searcher.join(30_000);
        }
        client.indices().refresh(r -> r.index(next));
        assertThat(errors).isEmpty();
        assertThat(counts).isNotEmpty().allMatch(c -> c == 600);
        assertThat(reindexer.aliasTargets(alias)).containsExactly(next);
        assertThat(client.count(c -> c.index(alias)).count()).isEqualTo(600);
        // Derived fields were computed during the copy: the stem field finds the inflected title.
        assertThat(client.count(c -> c.index(alias)
                                .query(q -> q.match(
                                        m -> m.field("derived.titleStems").query("missil"))))
                        .count())
                .isEqualTo(599);
        assertThat(client.get(g -> g.index(alias).id(newer.id), IndexedArticle.class)
                        .source()
                        .article()
                        .title())
                .isEqualTo("Newer revision");
        client.indices().delete(d -> d.index(old, next));
    }
}
