package io.redline.search.bench;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.UserQuery;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Elasticsearch request an {@code /api/articles} search would be without search-service's extras: the same bool
 * query, size and _source fields, the sort without the id tiebreaker, no aggregations, no highlights, the default
 * track_total_hits.
 */
final class RawQuery {

    private RawQuery() {}

    /** The search body for an {@code /api/articles?...} path. */
    static String body(String path) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String query = URI.create("http://x" + path).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        String q = first(params.remove("q"));
        String sort = first(params.remove("sort"));
        String size = first(params.remove("size"));
        params.remove("total");
        params.remove("facets");
        ArticleFilters filters = ArticleFilters.fromParameters(params);
        Query bool = EsQueries.query(q, UserQuery.parse(q), filters);
        String order = sort != null ? sort : q == null || q.isBlank() ? "newest" : "relevance";
        String sortJson = switch (order) {
            case "relevance" -> "[\"_score\"]";
            case "newest" -> "[{\"article.publishedAt\":\"desc\"}]";
            default -> "[{\"analysis.escalationScore\":\"desc\"},{\"article.publishedAt\":\"desc\"}]";
        };
        return "{\"size\":" + (size == null ? "20" : size) + ",\"query\":"
                + JsonpUtils.toJsonString(bool, new JacksonJsonpMapper()) + ",\"sort\":" + sortJson
                + ",\"_source\":[\"article\",\"analysis\",\"derived.storyId\"]}";
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
