package io.redline.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.AnalyzedArticle;
import io.redline.search.index.ArticleIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs article searches and look-ups against the {@code articles} alias. */
@ApplicationScoped
public class ArticleSearch {

    private final ElasticsearchClient client;

    public ArticleSearch(ElasticsearchClient client) {
        this.client = client;
    }

    /** One page of results with the exact total. */
    public record Page(long total, List<Item> items) {
    }

    /** A hit: the article, its analysis, and highlighted fragments by field. */
    public record Item(String id, Double score, AnalyzedArticle document, Map<String, List<String>> highlights) {
    }

    /**
     * Searches with Elasticsearch's simple query syntax (AND/OR/NOT, "phrases", prefix*), which never fails
     * on user syntax and cannot reach regex or field internals, unlike {@code query_string}.
     */
    public Page search(String q, int size) throws IOException {
        Query query = q == null || q.isBlank()
                ? Query.of(b -> b.matchAll(m -> m))
                : Query.of(b -> b.simpleQueryString(s -> s.query(q)
                        .fields("article.title^3", "article.summary^2", "article.text")
                        .defaultOperator(Operator.And)));
        boolean relevance = q != null && !q.isBlank();
        SearchResponse<AnalyzedArticle> response = client.search(s -> {
            s.index(ArticleIndex.ALIAS).query(query).size(size).trackTotalHits(t -> t.enabled(true))
                    .highlight(h -> h.fields("article.title", f -> f.numberOfFragments(0))
                            .fields("article.text", f -> f.fragmentSize(200).numberOfFragments(2)));
            if (!relevance) {
                s.sort(o -> o.field(f -> f.field("article.publishedAt").order(SortOrder.Desc)));
            }
            return s;
        }, AnalyzedArticle.class);
        List<Item> items = response.hits().hits().stream().map(ArticleSearch::item).toList();
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new Page(total, items);
    }

    /** The article with this id, if indexed. */
    public Optional<AnalyzedArticle> get(String id) throws IOException {
        GetResponse<AnalyzedArticle> response = client.get(g -> g.index(ArticleIndex.ALIAS).id(id), AnalyzedArticle.class);
        return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    }

    private static Item item(Hit<AnalyzedArticle> hit) {
        return new Item(hit.id(), hit.score(), hit.source(), hit.highlight());
    }
}
