package io.redline.search.alerts.match;

import io.redline.search.alerts.match.SubscriptionMatcher.Highlight;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Runs the presearcher's candidates on the one-document index of an article, evaluating boolean structure itself and
 * each distinct leaf query (term, phrase, prefix, range) once per article: thousands of subscriptions share a few
 * hundred leaves, and a Lucene search per candidate (rewrite, weight, scorer, collector) was most of the match time.
 *
 * <p>Same results as Lucene's own matchers: a BooleanQuery matches when all MUST/FILTER clauses match, no MUST_NOT
 * clause does, and at least {@code minimumNumberShouldMatch} SHOULD clauses do (at least one when there is no required
 * clause); its hits are those of its matching non-prohibited clauses, as {@code BooleanWeight.matches} reports them;
 * leaves run through Lucene (a term is only looked up). SubscriptionMatcherEquivalenceTest holds it to that.
 */
final class OneDocumentMatcher extends CandidateMatcher<OneDocumentMatcher.Match> {

    /** A matching subscription; with highlights, the (shared, sorted) highlight lists of the leaves that matched. */
    static final class Match extends QueryMatch {
        final List<List<Highlight>> parts;

        Match(String queryId, List<List<Highlight>> parts) {
            super(queryId);
            this.parts = parts;
        }
    }

    /** One leaf query's result on this article; highlights computed when first asked for. */
    private static final class Leaf {
        final boolean matches;
        List<Highlight> highlights;

        Leaf(boolean matches) {
            this.matches = matches;
        }
    }

    private final LeafReaderContext context;
    private final ArticleHighlights highlighter;
    private final Map<Query, Leaf> leaves = new HashMap<>();
    private final Set<String> matched = new HashSet<>();

    /** A matcher reporting ids only when {@code highlighter} is null. */
    OneDocumentMatcher(IndexSearcher searcher, ArticleHighlights highlighter) {
        super(searcher);
        List<LeafReaderContext> contexts = searcher.getIndexReader().leaves();
        if (contexts.size() != 1 || contexts.get(0).reader().maxDoc() != 1) {
            throw new IllegalStateException("one document expected");
        }
        this.context = contexts.get(0);
        this.highlighter = highlighter;
    }

    @Override
    protected void matchQuery(String queryId, Query matchQuery, Map<String, String> metadata) throws IOException {
        if (highlighter == null) {
            // Another disjunct of this subscription already matched: ids need no more.
            if (!matched.contains(queryId) && matches(matchQuery)) {
                matched.add(queryId);
                addMatch(new Match(queryId, null), 0);
            }
            return;
        }
        if (matches(matchQuery)) {
            List<List<Highlight>> parts = new ArrayList<>(2);
            collectHits(matchQuery, parts);
            addMatch(new Match(queryId, parts), 0);
        }
    }

    @Override
    public Match resolve(Match a, Match b) {
        if (a.parts == null) {
            return a;
        }
        List<List<Highlight>> parts = new ArrayList<>(a.parts.size() + b.parts.size());
        parts.addAll(a.parts);
        parts.addAll(b.parts);
        return new Match(a.getQueryId(), parts);
    }

    private boolean matches(Query q) throws IOException {
        if (q instanceof BooleanQuery bq) {
            int should = 0;
            boolean required = false;
            List<BooleanClause> clauses = bq.clauses();
            // Indexed: the clause list is unmodifiable, and its iterators were a measurable part of the match time.
            for (int i = 0; i < clauses.size(); i++) {
                BooleanClause c = clauses.get(i);
                switch (c.getOccur()) {
                    case MUST, FILTER -> {
                        if (!matches(c.getQuery())) {
                            return false;
                        }
                        required = true;
                    }
                    case MUST_NOT -> {
                        if (matches(c.getQuery())) {
                            return false;
                        }
                    }
                    case SHOULD -> {
                        if (matches(c.getQuery())) {
                            should++;
                        }
                    }
                }
            }
            int minShould = bq.getMinimumNumberShouldMatch();
            // No positive clause at all (pure negative, or empty) matches nothing, as in Lucene.
            return minShould > 0 ? should >= minShould : required || should > 0;
        }
        return leaf(q).matches;
    }

    /** The hits of a matching query: those of its matching clauses, prohibited ones aside. */
    private void collectHits(Query q, List<List<Highlight>> out) throws IOException {
        if (q instanceof BooleanQuery bq) {
            List<BooleanClause> clauses = bq.clauses();
            for (int i = 0; i < clauses.size(); i++) {
                BooleanClause c = clauses.get(i);
                if (c.getOccur() != BooleanClause.Occur.MUST_NOT && matches(c.getQuery())) {
                    collectHits(c.getQuery(), out);
                }
            }
            return;
        }
        Leaf leaf = leaf(q);
        if (leaf.highlights == null) {
            leaf.highlights = highlights(q);
        }
        if (!leaf.highlights.isEmpty()) {
            out.add(leaf.highlights);
        }
    }

    private Leaf leaf(Query q) throws IOException {
        Leaf leaf = leaves.get(q);
        if (leaf == null) {
            leaf = new Leaf(evaluate(q));
            leaves.put(q, leaf);
        }
        return leaf;
    }

    private boolean evaluate(Query q) throws IOException {
        if (q instanceof TermQuery t) {
            Terms terms = context.reader().terms(t.getTerm().field());
            return terms != null && terms.iterator().seekExact(t.getTerm().bytes());
        }
        if (q instanceof MatchAllDocsQuery) {
            return true;
        }
        if (q instanceof MatchNoDocsQuery) {
            return false;
        }
        Scorer scorer = weight(q).scorer(context);
        if (scorer == null) {
            return false;
        }
        TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
        if (twoPhase == null) {
            return scorer.iterator().nextDoc() == 0;
        }
        return twoPhase.approximation().nextDoc() == 0 && twoPhase.matches();
    }

    /** A matching leaf's highlights, as HighlightsMatch collects its hits (sub-matches when there are). */
    private List<Highlight> highlights(Query q) throws IOException {
        if (q instanceof TermQuery t && !ArticleHighlights.highlighted(t.getTerm().field())) {
            return List.of();
        }
        Matches matches = weight(q).matches(context, 0);
        if (matches == null) {
            return List.of();
        }
        Set<Highlight> out = ArticleHighlights.newSet();
        for (String field : matches) {
            if (!ArticleHighlights.highlighted(field)) {
                continue;
            }
            MatchesIterator it = matches.getMatches(field);
            while (it != null && it.next()) {
                MatchesIterator sub = it.getSubMatches();
                if (sub == null) {
                    highlighter.add(out, field, it.startPosition(), it.endPosition(), it.startOffset(),
                            it.endOffset());
                } else {
                    while (sub.next()) {
                        highlighter.add(out, field, sub.startPosition(), sub.endPosition(), sub.startOffset(),
                                sub.endOffset());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private Weight weight(Query q) throws IOException {
        return searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
    }
}
