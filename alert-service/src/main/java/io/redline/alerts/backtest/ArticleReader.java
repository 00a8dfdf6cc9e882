package io.redline.alerts.backtest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.contracts.IndexedArticle;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.UserQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the articles a query selects from the {@code articles} alias, newest first, for backtests: the same
 * Elasticsearch query {@code /api/articles} sends ({@link EsQueries} of the shared query language), and only the
 * fields a backtest counts with, never whole article texts.
 *
 * <p>alert-service reads the index directly rather than through search-service's API: it needs no API key of its own,
 * a backtest of 10,000 articles is a few small requests instead of pages of full documents through two services, and
 * in a secured cluster its Elasticsearch user needs only {@code read} on {@code articles*} besides its own indices
 * (README "Backtest").
 */
@ApplicationScoped
public class ArticleReader {

    /** The alias search-service keeps on its current articles index. */
    public static final String ALIAS = "articles";

    /** The fields a backtest needs: identity, title, time, level, score, signals (checked) and story. */
    private static final List<String> FIELDS = List.of(
            "article.id",
            "article.title",
            "article.publishedAt",
            "analysis.level",
            "analysis.escalationScore",
            "analysis.signals.type",
            "analysis.signals.modality",
            "derived.storyId");

    /** One page: the hits, and the values to continue after (null on the last page). */
    public record Page(List<IndexedArticle> items, long total, List<FieldValue> after) {}

    private final ElasticsearchClient client;

    public ArticleReader(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * One page of the articles {@code q} and {@code filters} select, newest first (then by id), continuing after
     * {@code after} (null for the first page). search_after on a total order needs no point in time to be left open.
     */
    public Page page(String q, ArticleFilters filters, int size, List<FieldValue> after) throws IOException {
        Query query = EsQueries.query(q, UserQuery.parse(q), filters);
        SearchResponse<IndexedArticle> response = client.search(
                s -> {
                    // Before search-service has created its index there is nothing to replay: an empty page, not an
                    // error.
                    s.index(ALIAS)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(query)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true))
                            .sort(
                                    SortOptions.of(o -> o.field(
                                            f -> f.field("article.publishedAt").order(SortOrder.Desc))),
                                    SortOptions.of(o ->
                                            o.field(f -> f.field("article.id").order(SortOrder.Asc))))
                            .source(src -> src.filter(f -> f.includes(FIELDS)));
                    if (after != null) {
                        s.searchAfter(after);
                    }
                    return s;
                },
                IndexedArticle.class);
        List<Hit<IndexedArticle>> hits = response.hits().hits();
        List<IndexedArticle> items = new ArrayList<>(hits.size());
        hits.forEach(h -> items.add(h.source()));
        long total = response.hits().total() == null
                ? items.size()
                : response.hits().total().value();
        List<FieldValue> next =
                hits.size() < size ? null : hits.get(hits.size() - 1).sort();
        return new Page(items, total, next);
    }
}
