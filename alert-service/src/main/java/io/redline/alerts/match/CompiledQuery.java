package io.redline.alerts.match;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * A subscription's Lucene query with its boolean structure compiled for {@link OneDocumentMatcher}: plain node
 * arrays, and leaves shared by every subscription that has an equal leaf, so each is evaluated once per article
 * without a hash look-up.
 */
final class CompiledQuery {

    /** A node of the boolean structure. */
    abstract static sealed class Node permits Bool, Leaf {}

    /** A BooleanQuery: MUST and FILTER clauses are required, and at least {@code minShould} SHOULD clauses. */
    static final class Bool extends Node {
        final Node[] required;
        final Node[] prohibited;
        final Node[] optional;
        /** SHOULD clauses needed: minimumNumberShouldMatch, else one when nothing is required (Lucene's rule). */
        final int minShould;

        Bool(Node[] required, Node[] prohibited, Node[] optional, int minimumNumberShouldMatch) {
            this.required = required;
            this.prohibited = prohibited;
            this.optional = optional;
            this.minShould = minimumNumberShouldMatch > 0 ? minimumNumberShouldMatch : required.length > 0 ? 0 : 1;
        }
    }

    /** Any other query (term, phrase, prefix, range, match-all), run through Lucene. */
    static final class Leaf extends Node {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Leaf.class, "state", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Query query;
        /** Leaves that must match for this one to (the words of a phrase): cheap to check, and shared. */
        final Leaf[] requires;
        /** Uses by subscriptions and other leaves, under the matcher's registration lock. */
        private int refs;
        /**
         * The result for the article being matched: its stamp shifted left, and the match bit. Read and written as
         * one (opaque) long, so a thread matching another article at the same time can only make it recompute.
         */
        @SuppressWarnings("unused")
        private long state;

        Leaf(Query query, Leaf[] requires) {
            this.query = query;
            this.requires = requires;
        }

        long state() {
            return (long) STATE.getOpaque(this);
        }

        void state(long value) {
            STATE.setOpaque(this, value);
        }
    }

    /** The distinct leaves of the registered subscriptions; used under the matcher's registration lock only. */
    static final class Leaves {
        private static final Leaf[] NONE = {};
        private final Map<Query, Leaf> leaves = new HashMap<>();

        CompiledQuery compile(Query query) {
            List<Leaf> used = new ArrayList<>();
            Node root = node(query, used);
            return new CompiledQuery(query, root, used.toArray(Leaf[]::new));
        }

        /** Forgets the leaves no registered subscription uses any more (matches in flight keep their own). */
        void release(CompiledQuery query) {
            for (Leaf leaf : query.leaves) {
                release(leaf);
            }
        }

        private void release(Leaf leaf) {
            if (--leaf.refs == 0) {
                leaves.remove(leaf.query);
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
                leaf = new Leaf(query, requires);
                leaves.put(query, leaf);
            }
            leaf.refs++;
            return leaf;
        }

        int size() {
            return leaves.size();
        }

        private Node node(Query query, List<Leaf> used) {
            if (query instanceof BooleanQuery bq) {
                List<Node> required = new ArrayList<>();
                List<Node> prohibited = new ArrayList<>();
                List<Node> optional = new ArrayList<>();
                for (BooleanClause c : bq.clauses()) {
                    Node n = node(c.getQuery(), used);
                    switch (c.getOccur()) {
                        case MUST, FILTER -> required.add(n);
                        case MUST_NOT -> prohibited.add(n);
                        case SHOULD -> optional.add(n);
                    }
                }
                return new Bool(
                        required.toArray(Node[]::new),
                        prohibited.toArray(Node[]::new),
                        optional.toArray(Node[]::new),
                        bq.getMinimumNumberShouldMatch());
            }
            Leaf leaf = acquire(query);
            used.add(leaf);
            return leaf;
        }
    }

    final Query query;
    final Node root;
    /** Every leaf occurrence, to release them. */
    private final Leaf[] leaves;

    private CompiledQuery(Query query, Node root, Leaf[] leaves) {
        this.query = query;
        this.root = root;
        this.leaves = leaves;
    }
}
