package io.redline.alerts.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A subscription's Lucene query with its boolean structure compiled for {@link OneDocumentMatcher} into a flat int
 * program over numbered leaves shared by every subscription that has an equal leaf, so each leaf is evaluated once per
 * article and a candidate is read from one contiguous array (a tree of node objects scattered over the heap made
 * evaluation memory-bound: 70 % of the match time at 100,000 subscriptions).
 *
 * <p>The program of a node: a leaf is its id ({@code >= 0}); a BooleanQuery is {@code ~size} (the node's length in
 * ints, negative), then the counts of required (MUST and FILTER), prohibited (MUST_NOT) and optional (SHOULD)
 * clauses, then the SHOULD clauses needed ({@code minimumNumberShouldMatch}, else one when nothing is required:
 * Lucene's rule), then the clauses' programs in that order.
 */
final class CompiledQuery {

    /** Header ints of a BooleanQuery node before its clauses. */
    static final int BOOL_HEADER = 5;

    /** The length in ints of the node at {@code at}. */
    static int size(int[] code, int at) {
        int op = code[at];
        return op >= 0 ? 1 : ~op;
    }

    /** Any other query (term, phrase, prefix, range, match-all), run through Lucene. */
    static final class Leaf {
        final Query query;
        /** Index into the per-article state; unique among the registered leaves, reused once released. */
        final int id;
        /** Leaves that must match for this one to (the words of a phrase): cheap to check, and shared. */
        final Leaf[] requires;
        /** Uses by subscriptions and other leaves, under the matcher's registration lock. */
        private int refs;

        Leaf(Query query, int id, Leaf[] requires) {
            this.query = query;
            this.id = id;
            this.requires = requires;
        }
    }

    /** The distinct leaves of the registered subscriptions; used under the matcher's registration lock only. */
    static final class Leaves {
        private static final Leaf[] NONE = {};
        private final Map<Query, Leaf> leaves = new HashMap<>();
        /** Leaf by id (null: a free id). */
        private Leaf[] byId = new Leaf[16];
        /** Ids released, reused first so that the table stays as small as the leaves in use. */
        private final ArrayDeque<Integer> free = new ArrayDeque<>();

        private int next;

        CompiledQuery compile(Query query) {
            List<Leaf> used = new ArrayList<>();
            IntList code = new IntList();
            node(query, used, code);
            return new CompiledQuery(query, code.toArray(), used.toArray(Leaf[]::new));
        }

        /** Forgets the leaves no registered subscription uses any more (matches in flight keep their own table). */
        void release(CompiledQuery query) {
            for (Leaf leaf : query.leaves) {
                release(leaf);
            }
        }

        private void release(Leaf leaf) {
            if (--leaf.refs == 0) {
                leaves.remove(leaf.query);
                byId[leaf.id] = null;
                free.push(leaf.id);
                for (Leaf required : leaf.requires) {
                    release(required);
                }
            }
        }

        private Leaf acquire(Query query) {
            Leaf leaf = leaves.get(query);
            if (leaf == null) {
                Leaf[] requires = NONE;
                if (query instanceof PhraseQuery phrase && phrase.getTerms().length > 1) {
                    // A phrase whose words are not all in the field cannot match: looked up before the positions.
                    requires = Arrays.stream(phrase.getTerms())
                            .distinct()
                            .map(t -> acquire(new TermQuery(t)))
                            .toArray(Leaf[]::new);
                }
                int id = free.isEmpty() ? next++ : free.pop();
                if (id == byId.length) {
                    byId = Arrays.copyOf(byId, id * 2);
                }
                leaf = new Leaf(query, id, requires);
                byId[id] = leaf;
                leaves.put(query, leaf);
            }
            leaf.refs++;
            return leaf;
        }

        int size() {
            return leaves.size();
        }

        /** A copy of the leaf table (index = id) for a snapshot: later changes do not reach it. */
        Leaf[] table() {
            return Arrays.copyOf(byId, next);
        }

        private void node(Query query, List<Leaf> used, IntList code) {
            if (query instanceof BooleanQuery bq) {
                int at = code.size();
                for (int i = 0; i < BOOL_HEADER; i++) {
                    code.add(0);
                }
                int[] counts = new int[3];
                BooleanClause.Occur[][] order = {
                    {BooleanClause.Occur.MUST, BooleanClause.Occur.FILTER},
                    {BooleanClause.Occur.MUST_NOT},
                    {BooleanClause.Occur.SHOULD}
                };
                for (int k = 0; k < order.length; k++) {
                    for (BooleanClause c : bq.clauses()) {
                        if (Arrays.asList(order[k]).contains(c.getOccur())) {
                            node(c.getQuery(), used, code);
                            counts[k]++;
                        }
                    }
                }
                int minimum = bq.getMinimumNumberShouldMatch();
                code.set(at, ~(code.size() - at));
                code.set(at + 1, counts[0]);
                code.set(at + 2, counts[1]);
                code.set(at + 3, counts[2]);
                code.set(at + 4, minimum > 0 ? minimum : counts[0] > 0 ? 0 : 1);
                return;
            }
            Leaf leaf = acquire(query);
            used.add(leaf);
            code.add(leaf.id);
        }
    }

    /** A growable int array. */
    static final class IntList {
        private static final int[] NONE = {};
        private int[] values = new int[8];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void set(int index, int value) {
            values[index] = value;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return size == 0 ? NONE : Arrays.copyOf(values, size);
        }
    }

    final Query query;
    /** The program of the root node. */
    final int[] code;
    /** Every leaf occurrence, to release them. */
    private final Leaf[] leaves;

    private CompiledQuery(Query query, int[] code, Leaf[] leaves) {
        this.query = query;
        this.code = code;
        this.leaves = leaves;
    }
}
