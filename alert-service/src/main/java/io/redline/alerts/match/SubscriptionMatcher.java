package io.redline.alerts.match;

import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.query.IndexedArticles;
import io.redline.query.SubscriptionQuery;
import io.redline.query.lucene.ArticleDocument;
import io.redline.query.lucene.LuceneQueries;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.jboss.logging.Logger;

/**
 * Matches each analysed article against every registered subscription in-process, with the search API's semantics
 * and no Elasticsearch query per article: the article becomes a one-document MemoryIndex, its distinct terms (and
 * word prefixes) are looked up in a term index of the subscriptions to find the few that can match, and
 * {@link OneDocumentMatcher} runs those.
 *
 * <p>The term index holds, for each subscription, the terms an article must contain for it to possibly match, as
 * Lucene Monitor's presearcher selects them; subscriptions without such terms (pure negatives, filters matching all)
 * are candidates for every article. It is our own hash map rather than the Monitor's query index because the
 * Monitor's search over that index and its per-candidate bookkeeping (query id from doc values, decode, cache look-up)
 * cost as much as evaluating the candidates (10,000 subscriptions: 3.4 ms CPU per article with the Monitor, 1.2 ms
 * without).
 *
 * <p>Thread-safe: any number of threads may match while others register, update or remove subscriptions (the term
 * index is an immutable snapshot, rebuilt under a lock and swapped on each change: about 10 ms per change at 10,000
 * subscriptions, so batch them with {@link #registerAll}). Bounded: at most {@code maxSubscriptions} subscriptions, each query at most
 * {@code UserQuery}'s 500 characters / 32 terms and {@link SubscriptionQuery#MAX_VALUES} values per filter, and at
 * most {@link #MAX_HIGHLIGHTS} highlights per match. All in memory: rebuild from the subscription store at start-up.
 */
public final class SubscriptionMatcher implements Closeable {

    private static final Logger LOG = Logger.getLogger(SubscriptionMatcher.class);

    /** Default most subscriptions. */
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100_000;
    /** Most highlights reported per matching subscription. */
    public static final int MAX_HIGHLIGHTS = 50;

    /**
     * A matched span of the article, for highlighting.
     *
     * @param field {@code article.title}, {@code article.summary} or {@code article.text}
     * @param start char offset of the first char in that field
     * @param end   char offset after the last char
     * @param text  the matched text, as written in the article (an inflected form when matched through a stem)
     */
    public record Highlight(String field, int start, int end, String text) {}

    /** A subscription an article matches, with what matched in it (empty when highlights were not asked for). */
    public record SubscriptionMatch(String subscriptionId, List<Highlight> highlights) {}

    /** The ids an article matches, sorted, and how many candidate subscriptions ran: for the benchmark. */
    record Details(List<String> ids, int candidates) {}

    /** A registered subscription: its compiled query and its presearch terms (null: a candidate for every article). */
    private record Registered(CompiledQuery query, Term[] terms) {}

    private final int maxSubscriptions;
    private final Analyzer analyzer = ArticleDocument.analyzer();
    private final LuceneQueries translator = new LuceneQueries(analyzer);
    private final PrefixTerms prefixes =
            new PrefixTerms(Set.of(ArticleDocument.TITLE, ArticleDocument.SUMMARY, ArticleDocument.TEXT));
    private final PresearchTerms presearcher = presearcher(prefixes);
    private final Map<String, SubscriptionQuery> subscriptions = new ConcurrentHashMap<>();
    /** Every registered subscription by id, sorted: under this object's lock. */
    private final TreeMap<String, Registered> registered = new TreeMap<>();
    /** The leaves the compiled queries share: under this object's lock. */
    private final CompiledQuery.Leaves leaves = new CompiledQuery.Leaves();
    /** What matching reads: replaced, never changed. */
    private volatile TermIndex index = TermIndex.build(new TreeMap<>(), new CompiledQuery.Leaf[0], 0);

    /** A matcher holding at most {@link #DEFAULT_MAX_SUBSCRIPTIONS}. */
    public SubscriptionMatcher() {
        this(DEFAULT_MAX_SUBSCRIPTIONS);
    }

    /** A matcher holding at most {@code maxSubscriptions}. */
    public SubscriptionMatcher(int maxSubscriptions) {
        if (maxSubscriptions < 1) {
            throw new IllegalArgumentException("maxSubscriptions must be positive");
        }
        this.maxSubscriptions = maxSubscriptions;
    }

    /**
     * The presearch terms of each subscription are those Lucene's presearcher would index: the terms an article must
     * contain for it to possibly match (for a conjunction, the one term of highest weight). Keyword filters with few
     * distinct values (level, language, modality) are nearly always present, so they weigh little: the selective
     * text term, actor or signal is indexed instead and fewer subscriptions run per article. Prefixes are indexed too
     * ({@link PrefixTerms}). Weights and terms only change speed, never matches. A two-pass presearcher (Lucene's
     * MultipassTermFilteredPresearcher: two terms of a conjunction required) ran 613 instead of 1,024 candidates per
     * article at 10,000 subscriptions but saved no CPU and registered four times slower: not used.
     */
    private static PresearchTerms presearcher(PrefixTerms prefixes) {
        TermWeightor weightor = TermWeightor.combine(
                TermFilteredPresearcher.DEFAULT_WEIGHTOR,
                TermWeightor.fieldWeightor(
                        0.1,
                        ArticleDocument.LEVEL,
                        ArticleDocument.LANGUAGE,
                        ArticleDocument.SIGNAL_MODALITY,
                        ArticleDocument.EVENT_MODALITY));
        return new PresearchTerms(weightor, List.of(prefixes));
    }

    /**
     * Adds a subscription, or replaces the one with its id. Throws {@code InvalidParameterException} when its query
     * or filters are invalid (as the API would answer 400), {@link IllegalStateException} when full.
     */
    public void register(SubscriptionQuery subscription) {
        registerAll(List.of(subscription));
    }

    /**
     * Adds or replaces many subscriptions in one index update (much cheaper than one by one); all are validated
     * first, so an invalid one leaves the matcher unchanged.
     */
    public synchronized void registerAll(Collection<SubscriptionQuery> batch) {
        Map<String, SubscriptionQuery> byId = new LinkedHashMap<>();
        Map<String, Query> translated = new LinkedHashMap<>();
        for (SubscriptionQuery s : batch) {
            translated.put(s.id(), translator.subscription(s));
            byId.put(s.id(), s);
        }
        long added = byId.keySet().stream()
                .filter(id -> !subscriptions.containsKey(id))
                .count();
        if (subscriptions.size() + added > maxSubscriptions) {
            throw new IllegalStateException("at most " + maxSubscriptions + " subscriptions; " + subscriptions.size()
                    + " registered, " + added + " more asked for");
        }
        Map<String, Registered> batchRegistered = new LinkedHashMap<>();
        try {
            translated.forEach((id, query) -> {
                Term[] terms = presearchTerms(query);
                batchRegistered.put(id, new Registered(leaves.compile(query), terms));
            });
        } catch (RuntimeException e) {
            batchRegistered.values().forEach(r -> leaves.release(r.query()));
            throw e;
        }
        batchRegistered.forEach((id, r) -> {
            Registered replaced = registered.put(id, r);
            if (replaced != null) {
                leaves.release(replaced.query());
            }
        });
        subscriptions.putAll(byId);
        index = TermIndex.build(registered, leaves.table(), prefixes.lengths());
    }

    /** The terms the presearcher indexes for a query; null when it has to run on every article. */
    private Term[] presearchTerms(Query query) {
        Set<Term> terms = presearcher.terms(query);
        for (Term t : terms) {
            if (t.field().equals(TermFilteredPresearcher.ANYTOKEN_FIELD)) {
                return null;
            }
        }
        // No term at all cannot be found by any article either; kept as a candidate everywhere to stay safe.
        return terms.isEmpty() ? null : terms.toArray(Term[]::new);
    }

    /**
     * The presearcher's terms of a query taken straight from its query tree: the Monitor's own path puts them in a
     * BytesRefHash per field (a 32 KB block each) and a Document, which was a third of the registration time.
     */
    private static final class PresearchTerms extends TermFilteredPresearcher {
        /** The terms of the query being indexed; used under the matcher's registration lock only. */
        private Set<Term> collected;

        PresearchTerms(TermWeightor weightor, List<CustomQueryHandler> handlers) {
            super(weightor, handlers, Set.of());
        }

        Set<Term> terms(Query query) {
            collected = new LinkedHashSet<>();
            indexQuery(query, Map.of());
            Set<Term> out = collected;
            collected = null;
            return out;
        }

        @Override
        protected Document buildQueryDocument(QueryTree tree) {
            Set<Term> out = collected;
            tree.collectTerms((field, term) -> out.add(new Term(field, BytesRef.deepCopyOf(term))));
            return new Document();
        }
    }

    /** Removes a subscription; false when there was none with this id. */
    public synchronized boolean remove(String id) {
        Registered removed = registered.remove(id);
        if (removed == null) {
            return false;
        }
        index = TermIndex.build(registered, leaves.table(), prefixes.lengths());
        subscriptions.remove(id);
        leaves.release(removed.query());
        return true;
    }

    /** The registered subscription with this id, or null. */
    public SubscriptionQuery get(String id) {
        return subscriptions.get(id);
    }

    /** Number of registered subscriptions. */
    public int size() {
        return subscriptions.size();
    }

    /** Ids of the subscriptions an analysed article matches, sorted. */
    public List<String> match(AnalyzedArticle article) {
        return match(IndexedArticles.of(article, null));
    }

    /** Ids of the subscriptions the document of an article matches, sorted. */
    public List<String> match(IndexedArticle article) {
        return matchDetails(article).ids();
    }

    /** The ids an article matches, with how many candidates ran. */
    Details matchDetails(IndexedArticle article) {
        TermIndex snapshot = index;
        IndexSearcher searcher = searcher(article);
        OneDocumentMatcher matcher = new OneDocumentMatcher(searcher, snapshot.leaves, null);
        List<String> out = new ArrayList<>();
        int candidates = 0;
        long[] marked = snapshot.candidates(reader(searcher), prefixes);
        for (int w = 0; w < marked.length; w++) {
            for (long bits = marked[w]; bits != 0; bits &= bits - 1) {
                int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                candidates++;
                try {
                    if (matcher.matches(snapshot.code, snapshot.start[slot])) {
                        out.add(snapshot.ids[slot]);
                    }
                } catch (IOException | RuntimeException e) {
                    failed(snapshot.ids[slot], article, e);
                }
            }
        }
        // Slots are in id order: already sorted.
        return new Details(out, candidates);
    }

    /**
     * The subscriptions an article matches with the spans that made each match (words, phrases, prefixes; a word
     * matched through its stem reports the inflected form in the article). A little costlier than {@link #match}:
     * the hits of the words that matched are collected.
     */
    public List<SubscriptionMatch> matchWithHighlights(IndexedArticle article) {
        TermIndex snapshot = index;
        IndexSearcher searcher = searcher(article);
        OneDocumentMatcher matcher =
                new OneDocumentMatcher(searcher, snapshot.leaves, new ArticleHighlights(article.article()));
        List<SubscriptionMatch> out = new ArrayList<>();
        long[] marked = snapshot.candidates(reader(searcher), prefixes);
        for (int w = 0; w < marked.length; w++) {
            for (long bits = marked[w]; bits != 0; bits &= bits - 1) {
                int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                try {
                    int at = snapshot.start[slot];
                    if (matcher.matches(snapshot.code, at)) {
                        out.add(new SubscriptionMatch(snapshot.ids[slot], highlights(matcher.hits(snapshot.code, at))));
                    }
                } catch (IOException | RuntimeException e) {
                    failed(snapshot.ids[slot], article, e);
                }
            }
        }
        return out;
    }

    /** The article's one-document index, built as Lucene Monitor builds it (offsets and payloads kept). */
    private IndexSearcher searcher(IndexedArticle article) {
        MemoryIndex memory = new MemoryIndex(true, true);
        for (IndexableField field : ArticleDocument.of(article)) {
            memory.addField(field, analyzer);
        }
        memory.freeze();
        return memory.createSearcher();
    }

    private static LeafReader reader(IndexSearcher searcher) {
        return (LeafReader) searcher.getIndexReader();
    }

    /** One failing subscription must not hide the others' matches; it is reported, not retried. */
    private static void failed(String id, IndexedArticle article, Exception e) {
        LOG.warnf(
                e, "Subscription %s failed on article %s", id, article.article().id());
    }

    /** The highlights of the leaves that matched, merged in report order, at most {@link #MAX_HIGHLIGHTS}. */
    private static List<Highlight> highlights(List<List<Highlight>> parts) {
        if (parts.isEmpty()) {
            return List.of();
        }
        if (parts.size() == 1) {
            // Already ordered and distinct: most subscriptions match through one word or phrase.
            List<Highlight> only = parts.get(0);
            return only.size() <= MAX_HIGHLIGHTS ? only : List.copyOf(only.subList(0, MAX_HIGHLIGHTS));
        }
        // Each part is ordered and distinct: sorting their concatenation merges runs (cheaper than a TreeSet).
        List<Highlight> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(ArticleHighlights.ORDER);
        List<Highlight> out = new ArrayList<>(Math.min(all.size(), MAX_HIGHLIGHTS));
        Highlight last = null;
        for (Highlight h : all) {
            if (last == null || ArticleHighlights.ORDER.compare(last, h) != 0) {
                out.add(h);
                last = h;
                if (out.size() == MAX_HIGHLIGHTS) {
                    break;
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Char spans of the words of a text, in order: stem position i is words.get(i). */
    static List<int[]> words(String text) {
        return ArticleHighlights.words(text);
    }

    /** Nothing to release: kept so that callers need not change when it holds resources again. */
    @Override
    public void close() {}

    /**
     * An immutable snapshot of the registered subscriptions: slot i (in id order) holds one subscription, and each
     * presearch term, by field, the slots that indexed it.
     */
    private static final class TermIndex {
        private static final int[] NONE = {};

        final String[] ids;
        /** The programs of all slots, in slot order (one array: candidates are read in order). */
        final int[] code;
        /** Where each slot's program starts in {@link #code}. */
        final int[] start;
        /** The leaf table the programs refer to, by id. */
        final CompiledQuery.Leaf[] leaves;
        /** Field, then term bytes, to slots. */
        private final Map<String, Map<BytesRef, int[]>> postings;
        /** Slots that run on every article. */
        private final int[] always;
        /** {@link PrefixTerms#lengths()} when built. */
        private final int prefixLengths;

        private TermIndex(
                String[] ids,
                int[] code,
                int[] start,
                CompiledQuery.Leaf[] leaves,
                Map<String, Map<BytesRef, int[]>> postings,
                int[] always,
                int prefixLengths) {
            this.ids = ids;
            this.code = code;
            this.start = start;
            this.leaves = leaves;
            this.postings = postings;
            this.always = always;
            this.prefixLengths = prefixLengths;
        }

        static TermIndex build(TreeMap<String, Registered> registered, CompiledQuery.Leaf[] leaves, int prefixLengths) {
            int n = registered.size();
            String[] ids = new String[n];
            int[] start = new int[n];
            int length = 0;
            for (Registered r : registered.values()) {
                length += r.query().code.length;
            }
            int[] code = new int[length];
            int at = 0;
            Map<String, Map<BytesRef, IntList>> lists = new HashMap<>();
            IntList always = new IntList();
            int slot = 0;
            for (Map.Entry<String, Registered> e : registered.entrySet()) {
                ids[slot] = e.getKey();
                int[] program = e.getValue().query().code;
                System.arraycopy(program, 0, code, at, program.length);
                start[slot] = at;
                at += program.length;
                Term[] terms = e.getValue().terms();
                if (terms == null) {
                    always.add(slot);
                } else {
                    for (Term t : terms) {
                        lists.computeIfAbsent(t.field(), f -> new HashMap<>())
                                .computeIfAbsent(t.bytes(), b -> new IntList())
                                .add(slot);
                    }
                }
                slot++;
            }
            Map<String, Map<BytesRef, int[]>> postings = new HashMap<>();
            lists.forEach((field, byTerm) -> {
                Map<BytesRef, int[]> out = new HashMap<>(byTerm.size() * 4 / 3 + 1);
                byTerm.forEach((term, slots) -> out.put(term, slots.toArray()));
                postings.put(field, out);
            });
            return new TermIndex(ids, code, start, leaves, postings, always.toArray(), prefixLengths);
        }

        /** The slots of the subscriptions that may match the document: a bit per slot. */
        long[] candidates(LeafReader reader, PrefixTerms prefixes) {
            long[] marked = new long[(ids.length + 63) >>> 6];
            for (int slot : always) {
                marked[slot >>> 6] |= 1L << slot;
            }
            BytesRefBuilder scratch = null;
            Consumer<BytesRef> mark = null;
            try {
                for (FieldInfo field : reader.getFieldInfos()) {
                    Map<BytesRef, int[]> byTerm = postings.get(field.name);
                    Terms terms = byTerm == null ? null : reader.terms(field.name);
                    if (terms == null) {
                        continue;
                    }
                    boolean expand = prefixLengths != 0 && prefixes.expands(field.name);
                    if (expand && mark == null) {
                        scratch = new BytesRefBuilder();
                        mark = prefix -> mark(marked, byTerm.get(prefix));
                    }
                    TermsEnum te = terms.iterator();
                    for (BytesRef term = te.next(); term != null; term = te.next()) {
                        mark(marked, byTerm.get(term));
                        if (expand) {
                            PrefixTerms.prefixes(term, prefixLengths, scratch, mark);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return marked;
        }

        private static void mark(long[] marked, int[] slots) {
            if (slots != null) {
                for (int slot : slots) {
                    marked[slot >>> 6] |= 1L << slot;
                }
            }
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[2];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return size == 0 ? TermIndex.NONE : Arrays.copyOf(values, size);
        }
    }
}
