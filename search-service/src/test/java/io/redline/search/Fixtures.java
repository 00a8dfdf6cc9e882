package io.redline.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.search.index.ArticleIndex;
import io.redline.search.index.DocumentVersion;
import io.redline.search.story.StoryAssigner;
import java.io.IOException;

/** Indexes test articles (built with {@link ArticleSpec}) directly, refreshed, the way the indexer writes them. */
public final class Fixtures {

    private Fixtures() {}

    /** A fresh 32-hex-digit id. */
    public static String newId() {
        return ArticleSpec.newId();
    }

    /** Indexes an article into the current index as the indexer would (story look-up, external version), refreshed. */
    public static void index(ElasticsearchClient client, StoryAssigner stories, AnalyzedArticle doc)
            throws IOException {
        IndexedArticle indexed = IndexedArticles.of(doc, stories.storyIdFor(ArticleIndex.INDEX, doc.article()));
        client.index(i -> i.index(ArticleIndex.INDEX)
                .id(doc.article().id())
                .version(DocumentVersion.of(doc))
                .versionType(VersionType.ExternalGte)
                .document(indexed)
                .refresh(Refresh.True));
    }
}
