package io.redline.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.query.UserQuery.Term;
import java.util.ArrayList;
import java.util.List;

/** Builds the Elasticsearch queries for a parsed {@code q} and the filters. */
public final class EsQueries {

    private static final List<String> ALL_FIELDS = List.of("article.title^3", "article.summary^2", "article.text");
    private static final List<String> ALL_STEMS = List.of("derived.titleStems^3", "derived.bodyStems");
    private static final List<String> TITLE_FIELDS = List.of("article.title");
    private static final List<String> TITLE_STEMS = List.of("derived.titleStems");

    private EsQueries() {}

    /**
     * The whole query: the text tree restricted by the filters, which do not score. Without {@code q} every article
     * matches; a {@code q} with no searchable term (only punctuation) matches none, as simple_query_string would.
     */
    public static Query query(String q, UserQuery.Node node, ArticleFilters filters) {
        Query text = node != null
                ? text(node)
                : q == null || q.isBlank() ? Query.of(m -> m.matchAll(a -> a)) : Query.of(m -> m.matchNone(a -> a));
        return Query.of(x -> x.bool(b -> {
            b.must(text);
            filters(filters).forEach(b::filter);
            return b;
        }));
    }

    public static Query text(UserQuery.Node node) {
        if (node instanceof Term t) {
            return term(t);
        }
        if (node instanceof UserQuery.And and) {
            return Query.of(q -> q.bool(b -> {
                for (UserQuery.Node n : and.nodes()) {
                    if (n instanceof UserQuery.Not not) {
                        b.mustNot(text(not.node()));
                    } else {
                        b.must(text(n));
                    }
                }
                return b;
            }));
        }
        if (node instanceof UserQuery.Or or) {
            return Query.of(q -> q.bool(b ->
                    b.should(or.nodes().stream().map(EsQueries::text).toList()).minimumShouldMatch("1")));
        }
        UserQuery.Not not = (UserQuery.Not) node;
        return Query.of(q -> q.bool(b -> b.must(m -> m.matchAll(a -> a)).mustNot(text(not.node()))));
    }

    /**
     * One term: the surface form on the analysed fields, or its stems on the stem fields (same stemmer as at index
     * time), so "missile" finds "missiles". Operators are turned off in each {@code simple_query_string}, so nothing
     * the user typed is interpreted beyond what the parser allowed.
     */
    private static Query term(Term t) {
        List<String> fields = t.scope() == UserQuery.Scope.TITLE ? TITLE_FIELDS : ALL_FIELDS;
        List<String> stems = t.scope() == UserQuery.Scope.TITLE ? TITLE_STEMS : ALL_STEMS;
        String stemmed = EnglishStemmer.stemText(t.text());
        return switch (t.kind()) {
            case PREFIX -> sqs(t.text() + "*", fields, SimpleQueryStringFlag.Prefix);
            case PHRASE ->
                either(
                        sqs('"' + t.text() + '"', fields, SimpleQueryStringFlag.Phrase),
                        stemmed.isEmpty() ? null : sqs('"' + stemmed + '"', stems, SimpleQueryStringFlag.Phrase));
            case WORD ->
                either(
                        sqs(t.text(), fields, SimpleQueryStringFlag.None),
                        stemmed.isEmpty() ? null : sqs(stemmed, stems, SimpleQueryStringFlag.None));
        };
    }

    private static Query either(Query a, Query b) {
        if (b == null) {
            return a;
        }
        return Query.of(q -> q.bool(o -> o.should(a, b).minimumShouldMatch("1")));
    }

    private static Query sqs(String text, List<String> fields, SimpleQueryStringFlag flag) {
        return Query.of(q -> q.simpleQueryString(
                s -> s.query(text).fields(fields).defaultOperator(Operator.And).flags(flag)));
    }

    /**
     * What the highlighter marks in {@code field}: each positive term as typed, plus a prefix on each stem so that
     * "missile" also marks "missiles" and "strike" marks "striking" (the stem field itself holds stems, not text).
     */
    public static Query highlight(UserQuery.Node node, String field) {
        List<Query> should = new ArrayList<>();
        for (Term t : UserQuery.positiveTerms(node)) {
            if (t.scope() == UserQuery.Scope.TITLE && !field.equals("article.title")) {
                continue;
            }
            SimpleQueryStringFlag flag = switch (t.kind()) {
                case PREFIX -> SimpleQueryStringFlag.Prefix;
                case PHRASE -> SimpleQueryStringFlag.Phrase;
                case WORD -> SimpleQueryStringFlag.None;
            };
            String text = switch (t.kind()) {
                case PREFIX -> t.text() + "*";
                case PHRASE -> '"' + t.text() + '"';
                case WORD -> t.text();
            };
            should.add(sqs(text, List.of(field), flag));
            if (t.kind() == UserQuery.Kind.WORD) {
                for (String stem : EnglishStemmer.stemText(t.text()).split(" ")) {
                    if (stem.length() >= 3) {
                        should.add(Query.of(q -> q.prefix(p -> p.field(field).value(stem))));
                    }
                }
            }
        }
        return Query.of(q -> q.bool(b -> b.should(should)));
    }

    public static List<Query> filters(ArticleFilters f) {
        List<Query> out = new ArrayList<>();
        if (f.from() != null || f.to() != null) {
            out.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("article.publishedAt");
                if (f.from() != null) {
                    d.gte(f.from().toString());
                }
                if (f.to() != null) {
                    d.lt(f.to().toString());
                }
                return d;
            }))));
        }
        terms(out, "article.sourceDomain", f.sources());
        terms(out, "article.feedId", f.feeds());
        terms(out, "article.tags", f.tags());
        terms(out, "article.language", f.languages());
        terms(out, "derived.dyads", f.dyads());
        terms(out, "analysis.level", f.levels().stream().map(Enum::name).toList());
        for (String actor : f.actors()) {
            out.add(Query.of(q -> q.term(t -> t.field("analysis.actors").value(actor))));
        }
        if (f.minScore() != null) {
            out.add(Query.of(q -> q.range(
                    r -> r.number(n -> n.field("analysis.escalationScore").gte((double) f.minScore())))));
        }
        if (!f.signals().isEmpty()) {
            out.add(modal(
                    "analysis.signals",
                    "type",
                    "derived.signalKeys",
                    f.signals().stream().map(Enum::name).toList(),
                    f.assertedOnly()));
        }
        if (!f.categories().isEmpty()) {
            out.add(modal(
                    "analysis.events",
                    "category",
                    "derived.eventKeys",
                    f.categories().stream().map(Enum::name).toList(),
                    f.assertedOnly()));
        }
        if (f.assertedOnly() && f.signals().isEmpty() && f.categories().isEmpty()) {
            // Only modality given: the article must state at least one signal or event as fact.
            out.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(modal("analysis.signals", null, null, List.of(), true))
                    .should(modal("analysis.events", null, null, List.of(), true)))));
        }
        return out;
    }

    /**
     * "One signal (event) whose type is one of {@code values}, and ASSERTED when asked". From articles-v4 on, the type
     * alone is a terms query on the flattened values and type with modality a terms query on the derived
     * {@code TYPE|ASSERTED} keys, which hold exactly the pairs some one signal has. The nested clause beside it
     * answers the same on an index from before v4 (nested signals), which the alias may still point at while a
     * migration copies it; on v4 it is unmapped and matches nothing.
     */
    private static Query modal(String path, String field, String keyField, List<String> values, boolean assertedOnly) {
        Query flat;
        if (field == null) {
            flat = Query.of(q -> q.term(t -> t.field(path + ".modality").value(Modality.ASSERTED.name())));
        } else {
            List<FieldValue> terms = values.stream()
                    .map(v -> FieldValue.of(assertedOnly ? IndexedArticle.modalityKey(v, Modality.ASSERTED) : v))
                    .toList();
            String on = assertedOnly ? keyField : path + "." + field;
            flat = Query.of(q -> q.terms(t -> t.field(on).terms(v -> v.value(terms))));
        }
        Query legacy = Query.of(q -> q.nested(n -> n.path(path)
                .ignoreUnmapped(true)
                .query(inner -> inner.bool(b -> {
                    if (field != null) {
                        b.filter(t -> t.terms(ts -> ts.field(path + "." + field)
                                .terms(v -> v.value(
                                        values.stream().map(FieldValue::of).toList()))));
                    }
                    if (assertedOnly) {
                        b.filter(t -> t.term(tt -> tt.field(path + ".modality").value(Modality.ASSERTED.name())));
                    }
                    return b;
                }))));
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1").should(flat).should(legacy)));
    }

    private static void terms(List<Query> out, String field, List<String> values) {
        if (!values.isEmpty()) {
            out.add(Query.of(q -> q.terms(t -> t.field(field)
                    .terms(v -> v.value(values.stream().map(FieldValue::of).toList())))));
        }
    }
}
