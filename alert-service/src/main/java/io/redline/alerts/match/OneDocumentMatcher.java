package io.redline.alerts.match;

import io.redline.alerts.match.CompiledQuery.Leaf;
import io.redline.alerts.match.SubscriptionMatcher.Highlight;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Runs the candidates of an article ({@link CompiledQuery}) on its one-document index, evaluating the boolean
 * structure itself and each distinct leaf query (term, phrase, prefix, range) once per article: thousands of
 * subscriptions share a few hundred leaves, and a Lucene search per candidate (rewrite, weight, scorer, collector) was
 * most of the match time. One instance per article and thread; the leaves' results live in the instance, so threads matching other
 * articles at the same time share nothing but the (immutable) programs and leaves.
 *
 * <p>Same results as Lucene's own matchers: a BooleanQuery matches when all MUST/FILTER clauses match, no MUST_NOT
 * clause does, and at least {@code minimumNumberShouldMatch} SHOULD clauses do (at least one when there is no required
 * clause); its hits are those of its matching non-prohibited clauses, as {@code BooleanWeight.matches} reports them;
 * leaves run through Lucene (a term is only looked up, a prefix only sought). SubscriptionMatcherEquivalenceTest
 * holds it to that.
 */
final class OneDocumentMatcher {

    private static final byte UNKNOWN = 0;
    private static final byte NO = 1;
    private static final byte YES = 2;

    private final IndexSearcher searcher;
    private final LeafReaderContext context;
    private final ArticleHighlights highlighter;
    /** The snapshot's leaf table, by id. */
    private final Leaf[] leaves;
    /** Each leaf's result for this article, by id: a small array that stays in cache. */
    private final byte[] state;

    private final Map<Leaf, List<Highlight>> leafHighlights = new IdentityHashMap<>();
    private final Map<String, TermsEnum> termsEnums = new HashMap<>();

    /**
     * A matcher over the one-document index of {@code searcher} for programs over {@code leaves} (by id);
     * {@code highlighter} only for {@link #hits}.
     */
    OneDocumentMatcher(IndexSearcher searcher, Leaf[] leaves, ArticleHighlights highlighter) {
        List<LeafReaderContext> contexts = searcher.getIndexReader().leaves();
        if (contexts.size() != 1 || contexts.get(0).reader().maxDoc() != 1) {
            throw new IllegalStateException("one document expected");
        }
        this.searcher = searcher;
        this.context = contexts.get(0);
        this.highlighter = highlighter;
        this.leaves = leaves;
        this.state = new byte[leaves.length];
    }

    /** Whether the document matches the program (see {@link CompiledQuery}) starting at {@code at}. */
    boolean matches(int[] code, int at) throws IOException {
        int op = code[at];
        if (op >= 0) {
            return matches(op);
        }
        int clause = at + CompiledQuery.BOOL_HEADER;
        for (int i = code[at + 1]; i > 0; i--) {
            if (!matches(code, clause)) {
                return false;
            }
            clause += CompiledQuery.size(code, clause);
        }
        for (int i = code[at + 2]; i > 0; i--) {
            if (matches(code, clause)) {
                return false;
            }
            clause += CompiledQuery.size(code, clause);
        }
        int needed = code[at + 4];
        if (needed == 0) {
            return true;
        }
        for (int i = code[at + 3]; i > 0; i--) {
            if (matches(code, clause) && --needed == 0) {
                return true;
            }
            clause += CompiledQuery.size(code, clause);
        }
        return false;
    }

    /** The (shared, sorted) highlight lists of the leaves that made a matching program match. */
    List<List<Highlight>> hits(int[] code, int at) throws IOException {
        List<List<Highlight>> parts = new ArrayList<>(2);
        collectHits(code, at, parts);
        return parts;
    }

    private boolean matches(int id) throws IOException {
        byte known = state[id];
        if (known != UNKNOWN) {
            return known == YES;
        }
        Leaf leaf = leaves[id];
        boolean matches = true;
        for (int i = 0; matches && i < leaf.requires.length; i++) {
            matches = matches(leaf.requires[i].id);
        }
        matches = matches && evaluate(leaf.query);
        state[id] = matches ? YES : NO;
        return matches;
    }

    /** The hits of a matching node: those of its matching clauses, prohibited ones aside. */
    private void collectHits(int[] code, int at, List<List<Highlight>> out) throws IOException {
        int op = code[at];
        if (op >= 0) {
            Leaf leaf = leaves[op];
            List<Highlight> highlights = leafHighlights.get(leaf);
            if (highlights == null) {
                highlights = highlights(leaf.query);
                leafHighlights.put(leaf, highlights);
            }
            if (!highlights.isEmpty()) {
                out.add(highlights);
            }
            return;
        }
        int clause = at + CompiledQuery.BOOL_HEADER;
        for (int i = code[at + 1]; i > 0; i--) {
            collectHits(code, clause, out);
            clause += CompiledQuery.size(code, clause);
        }
        for (int i = code[at + 2]; i > 0; i--) {
            clause += CompiledQuery.size(code, clause);
        }
        for (int i = code[at + 3]; i > 0; i--) {
            if (matches(code, clause)) {
                collectHits(code, clause, out);
            }
            clause += CompiledQuery.size(code, clause);
        }
    }

    private boolean evaluate(Query q) throws IOException {
        if (q instanceof TermQuery t) {
            TermsEnum te = terms(t.getTerm().field());
            return te != null && te.seekExact(t.getTerm().bytes());
        }
        if (q instanceof PrefixQuery p) {
            // What the prefix automaton accepts: a term of the field starting with the prefix's bytes.
            TermsEnum te = terms(p.getField());
            BytesRef prefix = p.getPrefix().bytes();
            return te != null
                    && te.seekCeil(prefix) != TermsEnum.SeekStatus.END
                    && StringHelper.startsWith(te.term(), prefix);
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

    /** One reusable terms enum per field (null: no such field): look-ups are most of what leaves cost. */
    private TermsEnum terms(String field) throws IOException {
        TermsEnum te = termsEnums.get(field);
        if (te == null && !termsEnums.containsKey(field)) {
            Terms terms = context.reader().terms(field);
            te = terms == null ? null : terms.iterator();
            termsEnums.put(field, te);
        }
        return te;
    }

    /** A matching leaf's highlights, as HighlightsMatch collects its hits (sub-matches when there are). */
    private List<Highlight> highlights(Query q) throws IOException {
        if (q instanceof TermQuery t) {
            // What TermWeight.matches reports (each position with its offsets), without building a weight.
            String field = t.getTerm().field();
            TermsEnum te = ArticleHighlights.highlighted(field) ? terms(field) : null;
            if (te == null || !te.seekExact(t.getTerm().bytes())) {
                return List.of();
            }
            PostingsEnum postings = te.postings(null, PostingsEnum.OFFSETS);
            if (postings.nextDoc() != 0) {
                return List.of();
            }
            Set<Highlight> out = ArticleHighlights.newSet();
            for (int i = postings.freq(); i > 0; i--) {
                int position = postings.nextPosition();
                highlighter.add(out, field, position, position, postings.startOffset(), postings.endOffset());
            }
            return List.copyOf(out);
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
                    highlighter.add(out, field, it.startPosition(), it.endPosition(), it.startOffset(), it.endOffset());
                } else {
                    while (sub.next()) {
                        highlighter.add(
                                out, field, sub.startPosition(), sub.endPosition(), sub.startOffset(), sub.endOffset());
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
