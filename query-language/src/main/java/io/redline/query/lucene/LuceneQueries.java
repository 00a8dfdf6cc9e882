package io.redline.query.lucene;

import io.redline.contracts.EscalationLevel;
import io.redline.query.ArticleFilters;
import io.redline.query.EnglishStemmer;
import io.redline.query.SubscriptionQuery;
import io.redline.query.UserQuery;
import io.redline.query.UserQuery.Term;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * Turns the parsed {@code q} tree and the filters into the Lucene query Elasticsearch itself runs for
 * {@code query.EsQueries}, clause for clause, over an {@link ArticleDocument}; only match sets matter, not scores.
 *
 * <p>What each Elasticsearch clause becomes in Lucene, and why it is the same:
 * <ul>
 * <li>{@code simple_query_string} with all operators off (a word) analyses the whole text as one token run and, with
 *     {@code default_operator: and}, requires every token in one field ({@code most_fields} over the listed fields:
 *     per field a conjunction, across fields a disjunction) - {@link QueryBuilder#createBooleanQuery} per field;</li>
 * <li>with only the phrase operator: a {@code match_phrase} per field, slop 0 -
 *     {@link QueryBuilder#createPhraseQuery}; a field whose analysis yields no token matches nothing;</li>
 * <li>with only the prefix operator: the text normalised by the field's analyzer (lowercase) as a
 *     {@link PrefixQuery} per field, no analysis beyond that ({@code analyze_wildcard} is off);</li>
 * <li>a {@code bool} with only {@code must_not} clauses matches every other document (Elasticsearch's
 *     {@code adjust_pure_negative}), where a bare Lucene BooleanQuery would match none: a match-all is added;</li>
 * <li>{@code terms} / {@code term} on keywords: exact terms; {@code range} on the date: epoch milliseconds,
 *     {@code lt} as {@code <= upper - 1}; {@code nested} on signals and events: the pair terms of the document.</li>
 * </ul>
 */
public final class LuceneQueries {

    private static final List<String> ALL_FIELDS =
            List.of(ArticleDocument.TITLE, ArticleDocument.SUMMARY, ArticleDocument.TEXT);
    private static final List<String> ALL_STEMS = List.of(ArticleDocument.TITLE_STEMS, ArticleDocument.BODY_STEMS);
    private static final List<String> TITLE_FIELDS = List.of(ArticleDocument.TITLE);
    private static final List<String> TITLE_STEMS = List.of(ArticleDocument.TITLE_STEMS);

    private final Analyzer analyzer;
    private final QueryBuilder builder;

    /** A translator analysing query text with {@code analyzer}, which must be {@link ArticleDocument#analyzer()}. */
    public LuceneQueries(Analyzer analyzer) {
        this.analyzer = analyzer;
        this.builder = new QueryBuilder(analyzer);
        // Elasticsearch's match query settings: positions kept (no stop words here anyway), and no synonym graphs
        // arise from these analyzers, so graph handling never changes a query.
        builder.setEnablePositionIncrements(true);
    }

    /** The whole subscription: its {@code q} and API filters as a search would run them, and its own conditions. */
    public Query subscription(SubscriptionQuery s) {
        ArticleFilters filters = s.articleFilters();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(query(s.query(), UserQuery.parse(s.query()), filters), Occur.MUST);
        for (Query extra : extras(s, filters.assertedOnly())) {
            b.add(extra, Occur.FILTER);
        }
        return b.build();
    }

    /** Mirror of {@code EsQueries.query}: no {@code q} matches all, a {@code q} without a term matches none. */
    public Query query(String q, UserQuery.Node node, ArticleFilters filters) {
        Query text = node != null
                ? text(node)
                : q == null || q.isBlank() ? new MatchAllDocsQuery() : new MatchNoDocsQuery("q without a term");
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(text, Occur.MUST);
        filters(filters).forEach(f -> b.add(f, Occur.FILTER));
        return b.build();
    }

    /** Mirror of {@code EsQueries.text}. */
    public Query text(UserQuery.Node node) {
        if (node instanceof Term t) {
            return term(t);
        }
        if (node instanceof UserQuery.And and) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            boolean positive = false;
            for (UserQuery.Node n : and.nodes()) {
                if (n instanceof UserQuery.Not not) {
                    b.add(text(not.node()), Occur.MUST_NOT);
                } else {
                    b.add(text(n), Occur.MUST);
                    positive = true;
                }
            }
            if (!positive) {
                // "-a -b": Elasticsearch's pure-negative bool matches everything else; Lucene's would match nothing.
                b.add(new MatchAllDocsQuery(), Occur.FILTER);
            }
            return b.build();
        }
        if (node instanceof UserQuery.Or or) {
            BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
            or.nodes().forEach(n -> b.add(text(n), Occur.SHOULD));
            return b.build();
        }
        UserQuery.Not not = (UserQuery.Not) node;
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.MUST)
                .add(text(not.node()), Occur.MUST_NOT)
                .build();
    }

    /** Mirror of {@code EsQueries.term}: the surface form on the text fields or its stems on the stem fields. */
    private Query term(Term t) {
        List<String> fields = t.scope() == UserQuery.Scope.TITLE ? TITLE_FIELDS : ALL_FIELDS;
        List<String> stems = t.scope() == UserQuery.Scope.TITLE ? TITLE_STEMS : ALL_STEMS;
        String stemmed = EnglishStemmer.stemText(t.text());
        return switch (t.kind()) {
            case PREFIX -> prefix(t.text(), fields);
            case PHRASE -> either(phrase(t.text(), fields), stemmed.isEmpty() ? null : phrase(stemmed, stems));
            case WORD -> either(words(t.text(), fields), stemmed.isEmpty() ? null : words(stemmed, stems));
        };
    }

    private static Query either(Query a, Query b) {
        if (b == null) {
            return a;
        }
        return new BooleanQuery.Builder()
                .setMinimumNumberShouldMatch(1)
                .add(a, Occur.SHOULD)
                .add(b, Occur.SHOULD)
                .build();
    }

    /** {@code simple_query_string}, no operators, {@code default_operator: and}: all tokens in one of the fields. */
    private Query words(String text, List<String> fields) {
        return anyField(fields, f -> builder.createBooleanQuery(f, text, Occur.MUST));
    }

    /** {@code simple_query_string} with the phrase operator: an exact phrase (slop 0) in one of the fields. */
    private Query phrase(String text, List<String> fields) {
        return anyField(fields, f -> builder.createPhraseQuery(f, text, 0));
    }

    /** {@code simple_query_string} with the prefix operator: the normalised (lowercased) text as a prefix. */
    private Query prefix(String text, List<String> fields) {
        return anyField(fields, f -> {
            BytesRef normalized = analyzer.normalize(f, text);
            return new PrefixQuery(new org.apache.lucene.index.Term(f, normalized));
        });
    }

    private static Query anyField(List<String> fields, java.util.function.Function<String, Query> perField) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        for (String f : fields) {
            Query q = perField.apply(f);
            // No token in this field's analysis: Elasticsearch's match gives match_none (zero_terms_query: none).
            b.add(q == null ? new MatchNoDocsQuery("no token") : q, Occur.SHOULD);
        }
        return b.build();
    }

    /** Mirror of {@code EsQueries.filters}. */
    public static List<Query> filters(ArticleFilters f) {
        List<Query> out = new ArrayList<>();
        if (f.from() != null || f.to() != null) {
            // Elasticsearch: gte -> >= millis; lt -> <= millis - 1 (both via Instant.toEpochMilli).
            long lower = f.from() == null ? Long.MIN_VALUE : f.from().toEpochMilli();
            long upper = f.to() == null ? Long.MAX_VALUE : f.to().toEpochMilli() - 1;
            out.add(LongPoint.newRangeQuery(ArticleDocument.PUBLISHED_AT, lower, upper));
        }
        terms(out, ArticleDocument.SOURCE, f.sources());
        terms(out, ArticleDocument.FEED, f.feeds());
        terms(out, ArticleDocument.TAGS, f.tags());
        terms(out, ArticleDocument.LANGUAGE, f.languages());
        terms(out, ArticleDocument.DYADS, f.dyads());
        terms(out, ArticleDocument.LEVEL, f.levels().stream().map(Enum::name).toList());
        for (String actor : f.actors()) {
            out.add(new TermQuery(new org.apache.lucene.index.Term(ArticleDocument.ACTORS, actor)));
        }
        if (f.minScore() != null) {
            out.add(IntPoint.newRangeQuery(ArticleDocument.SCORE, f.minScore(), Integer.MAX_VALUE));
        }
        if (!f.signals().isEmpty()) {
            out.add(signals(f.signals().stream().map(Enum::name).toList(), f.assertedOnly()));
        }
        if (!f.categories().isEmpty()) {
            out.add(nested(
                    ArticleDocument.EVENT_CATEGORY,
                    ArticleDocument.EVENT_CATEGORY_MODALITY,
                    f.categories().stream().map(Enum::name).toList(),
                    f.assertedOnly()));
        }
        if (f.assertedOnly() && f.signals().isEmpty() && f.categories().isEmpty()) {
            // Only modality given: at least one signal or event stated as fact.
            out.add(new BooleanQuery.Builder()
                    .setMinimumNumberShouldMatch(1)
                    .add(
                            new TermQuery(
                                    new org.apache.lucene.index.Term(ArticleDocument.SIGNAL_MODALITY, "ASSERTED")),
                            Occur.SHOULD)
                    .add(
                            new TermQuery(new org.apache.lucene.index.Term(ArticleDocument.EVENT_MODALITY, "ASSERTED")),
                            Occur.SHOULD)
                    .build());
        }
        return out;
    }

    /**
     * The subscription's own conditions, each and-ed like one more API filter: minimum level as {@code level} of
     * that level and above, minimum score as {@code minScore}, signal types as {@code signal} (so the filters'
     * {@code modality=asserted} applies to them too), actors as {@code actor} (all required).
     */
    public static List<Query> extras(SubscriptionQuery s, boolean assertedOnly) {
        List<Query> out = new ArrayList<>();
        if (s.minLevel() != null) {
            terms(
                    out,
                    ArticleDocument.LEVEL,
                    Arrays.stream(EscalationLevel.values())
                            .filter(l -> l.compareTo(s.minLevel()) >= 0)
                            .map(Enum::name)
                            .toList());
        }
        if (s.minScore() != null) {
            out.add(IntPoint.newRangeQuery(ArticleDocument.SCORE, s.minScore(), Integer.MAX_VALUE));
        }
        if (!s.signals().isEmpty()) {
            out.add(signals(s.signals().stream().map(Enum::name).toList(), assertedOnly));
        }
        for (String actor : s.actors()) {
            out.add(new TermQuery(new org.apache.lucene.index.Term(ArticleDocument.ACTORS, actor)));
        }
        return out;
    }

    private static Query signals(List<String> types, boolean assertedOnly) {
        return nested(ArticleDocument.SIGNAL_TYPE, ArticleDocument.SIGNAL_TYPE_MODALITY, types, assertedOnly);
    }

    /**
     * The nested clause "a signal (event) whose value is one of {@code values}, and ASSERTED when asked": the pair
     * term {@code VALUE|ASSERTED} exists exactly when one signal has both, as the nested query requires.
     */
    private static Query nested(String valueField, String pairField, List<String> values, boolean assertedOnly) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        for (String v : values) {
            b.add(
                    assertedOnly
                            ? new TermQuery(
                                    new org.apache.lucene.index.Term(pairField, ArticleDocument.pair(v, "ASSERTED")))
                            : new TermQuery(new org.apache.lucene.index.Term(valueField, v)),
                    Occur.SHOULD);
        }
        return b.build();
    }

    private static void terms(List<Query> out, String field, List<String> values) {
        if (!values.isEmpty()) {
            BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
            values.stream()
                    .distinct()
                    .forEach(v -> b.add(new TermQuery(new org.apache.lucene.index.Term(field, v)), Occur.SHOULD));
            out.add(b.build());
        }
    }
}
