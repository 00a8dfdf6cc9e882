package io.redline.query;

import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import io.redline.query.lucene.LuceneQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an alert subscription matches: the {@code q} and filter parameters of {@code /api/articles}, in the API's own
 * form, plus the subscription's minimum level and score, signal types (any) and actors (all).
 *
 * <p>{@code query} and {@code filters} go through the API's parsers ({@link UserQuery}, {@link ArticleFilters}), so
 * a subscription is valid exactly when the same search is, and fails with the same {@link InvalidParameterException}
 * naming the parameter. The extra conditions are and-ed, each like one more API filter (see
 * {@link LuceneQueries#extras}).
 *
 * @param id       subscription id, unique in a {@link SubscriptionMatcher}
 * @param query    the {@code q} parameter, or null / blank for none
 * @param filters  filter parameters by API name ({@code source}, {@code from}, {@code signal}, ...), values as the
 *                 query string would carry them (repeated or comma-separated)
 * @param minLevel lowest escalation level, or null
 * @param minScore lowest escalation score 0-100, or null
 * @param signals  signal types, any of them; empty for no condition
 * @param actors   actor codes, all of them; empty for no condition
 */
public record SubscriptionQuery(
        String id,
        String query,
        Map<String, List<String>> filters,
        EscalationLevel minLevel,
        Integer minScore,
        List<SignalType> signals,
        List<String> actors) {

    /** Most values in one filter parameter or condition list: keeps each compiled query small. */
    public static final int MAX_VALUES = 100;

    public SubscriptionQuery {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("subscription id is required");
        }
        filters = filters == null ? Map.of() : copy(filters);
        signals = signals == null ? List.of() : List.copyOf(signals);
        // Actor codes are upper-cased as the API's actor filter does, so "rus" finds RUS in both.
        actors = actors == null
                ? List.of()
                : actors.stream()
                        .filter(a -> a != null && !a.isBlank())
                        .map(a -> a.trim().toUpperCase(Locale.ROOT))
                        .toList();
        if (minScore != null && (minScore < 0 || minScore > 100)) {
            throw new InvalidParameterException("minScore", "must be between 0 and 100");
        }
        if (signals.size() > MAX_VALUES || actors.size() > MAX_VALUES) {
            throw new InvalidParameterException(
                    signals.size() > MAX_VALUES ? "signal" : "actor", "has more than " + MAX_VALUES + " values");
        }
    }

    /** A subscription with only a query and filters. */
    public static SubscriptionQuery of(String id, String query, Map<String, List<String>> filters) {
        return new SubscriptionQuery(id, query, filters, null, null, List.of(), List.of());
    }

    /** The filters, validated as the API validates them. */
    public ArticleFilters articleFilters() {
        return ArticleFilters.fromParameters(filters);
    }

    /** The parsed {@code q}, or null when it holds no term. */
    public UserQuery.Node parsedQuery() {
        return UserQuery.parse(query);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> filters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        filters.forEach((name, values) -> {
            List<String> v = values == null
                    ? List.of()
                    : values.stream().filter(x -> x != null).toList();
            if (v.size() > MAX_VALUES) {
                throw new InvalidParameterException(name, "has more than " + MAX_VALUES + " values");
            }
            out.put(name, v);
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
