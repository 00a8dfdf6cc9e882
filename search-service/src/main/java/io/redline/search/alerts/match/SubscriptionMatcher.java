package io.redline.search.alerts.match;

import io.redline.contracts.AnalyzedArticle;
import io.redline.search.index.IndexedArticle;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.monitor.MatcherFactory;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorConfiguration;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.Query;
import org.jboss.logging.Logger;

/**
 * Matches each analysed article against every registered subscription in-process, through Lucene's {@link Monitor}
 * (a one-document MemoryIndex per article, a presearcher that only runs the subscriptions sharing a term or prefix
 * with it, and {@link OneDocumentMatcher} running those), with the search API's semantics: no Elasticsearch query per
 * article.
 *
 * <p>Thread-safe: any number of threads may match while others register, update or remove subscriptions (the
 * Monitor's query index is a Lucene index with a searcher manager; registrations here are serialised so the bound
 * holds). Bounded: at most {@code maxSubscriptions} subscriptions, each query at most {@code UserQuery}'s 500
 * characters / 32 terms and {@link SubscriptionQuery#MAX_VALUES} values per filter, and at most
 * {@link #MAX_HIGHLIGHTS} highlights per match. All in memory: rebuild from the subscription store at start-up.
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
    public record Highlight(String field, int start, int end, String text) {
    }

    /** A subscription an article matches, with what matched in it (empty when highlights were not asked for). */
    public record SubscriptionMatch(String subscriptionId, List<Highlight> highlights) {
    }

    private final int maxSubscriptions;
    private final Analyzer analyzer = ArticleDocument.analyzer();
    private final LuceneQueries translator = new LuceneQueries(analyzer);
    private final Monitor monitor;
    private final Map<String, SubscriptionQuery> subscriptions = new ConcurrentHashMap<>();
    /** The compiled form of each registered subscription, and the leaves they share: under this object's lock. */
    private final Map<String, CompiledQuery> compiled = new HashMap<>();
    private final CompiledQuery.Leaves leaves = new CompiledQuery.Leaves();

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
        try {
            this.monitor = new Monitor(analyzer, presearcher(), new MonitorConfiguration().setQueryDecomposer(WHOLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each subscription stays one query, not split into its top-level disjuncts (Lucene's default): a disjunct costs
     * the Monitor a candidate look-up whether or not it matches, and {@link OneDocumentMatcher} runs a whole query as
     * cheaply as its parts (measured, 10,000 subscriptions: 1,020 instead of 1,664 candidates per article).
     */
    private static final QueryDecomposer WHOLE = new QueryDecomposer() {
        @Override
        public Set<Query> decompose(Query q) {
            return Set.of(q);
        }
    };

    /**
     * The presearcher indexes, for each subscription, the terms an article must contain for it to possibly match
     * (for a conjunction, the one term of highest weight). Keyword filters with few distinct values (level,
     * language, modality) are nearly always present, so they weigh little: the selective text term, actor or
     * signal is indexed instead and fewer subscriptions run per article. Prefixes are indexed too
     * ({@link PrefixTerms}). Weights and terms only change speed, never matches. A two-pass presearcher (Lucene's
     * MultipassTermFilteredPresearcher: two terms of a conjunction required) ran 613 instead of 1,024 candidates per
     * article at 10,000 subscriptions but saved no CPU and registered four times slower: not used.
     */
    private static TermFilteredPresearcher presearcher() {
        TermWeightor weightor = TermWeightor.combine(TermFilteredPresearcher.DEFAULT_WEIGHTOR,
                TermWeightor.fieldWeightor(0.1, ArticleDocument.LEVEL, ArticleDocument.LANGUAGE,
                        ArticleDocument.SIGNAL_MODALITY, ArticleDocument.EVENT_MODALITY));
        PrefixTerms prefixes = new PrefixTerms(Set.of(ArticleDocument.TITLE, ArticleDocument.SUMMARY,
                ArticleDocument.TEXT));
        return new TermFilteredPresearcher(weightor, List.of(prefixes), Set.of());
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
        long added = byId.keySet().stream().filter(id -> !subscriptions.containsKey(id)).count();
        if (subscriptions.size() + added > maxSubscriptions) {
            throw new IllegalStateException("at most " + maxSubscriptions + " subscriptions; " + subscriptions.size()
                    + " registered, " + added + " more asked for");
        }
        Map<String, CompiledQuery> batchCompiled = new LinkedHashMap<>();
        List<MonitorQuery> queries = new ArrayList<>(translated.size());
        translated.forEach((id, query) -> {
            CompiledQuery c = leaves.compile(query);
            batchCompiled.put(id, c);
            queries.add(new MonitorQuery(id, c));
        });
        try {
            monitor.register(queries);
        } catch (IOException | RuntimeException e) {
            batchCompiled.values().forEach(leaves::release);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        batchCompiled.forEach((id, c) -> {
            CompiledQuery replaced = compiled.put(id, c);
            if (replaced != null) {
                leaves.release(replaced);
            }
        });
        subscriptions.putAll(byId);
    }

    /** Removes a subscription; false when there was none with this id. */
    public synchronized boolean remove(String id) {
        if (!subscriptions.containsKey(id)) {
            return false;
        }
        try {
            monitor.deleteById(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        subscriptions.remove(id);
        leaves.release(compiled.remove(id));
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
        return match(IndexedArticle.of(article, null));
    }

    /** Ids of the subscriptions the document of an article matches, sorted. */
    public List<String> match(IndexedArticle article) {
        return matchDetails(article).getMatches().stream().map(QueryMatch::getQueryId).sorted().toList();
    }

    /** The Monitor's own result, with how many candidate queries ran: for the benchmark. */
    MatchingQueries<OneDocumentMatcher.Match> matchDetails(IndexedArticle article) {
        return run(article, searcher -> new OneDocumentMatcher(searcher, null));
    }

    /**
     * The subscriptions an article matches with the spans that made each match (words, phrases, prefixes; a word
     * matched through its stem reports the inflected form in the article). A little costlier than {@link #match}:
     * every disjunct of a subscription runs, and the hits of the words that matched are collected.
     */
    public List<SubscriptionMatch> matchWithHighlights(IndexedArticle article) {
        ArticleHighlights highlighter = new ArticleHighlights(article.article());
        MatchingQueries<OneDocumentMatcher.Match> result = run(article,
                searcher -> new OneDocumentMatcher(searcher, highlighter));
        List<SubscriptionMatch> out = new ArrayList<>();
        for (OneDocumentMatcher.Match m : result.getMatches()) {
            out.add(new SubscriptionMatch(m.getQueryId(), highlights(m.parts)));
        }
        out.sort(Comparator.comparing(SubscriptionMatch::subscriptionId));
        return out;
    }

    private <T extends QueryMatch> MatchingQueries<T> run(IndexedArticle article, MatcherFactory<T> factory) {
        Document doc = ArticleDocument.of(article);
        MatchingQueries<T> result;
        try {
            result = monitor.match(doc, factory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!result.getErrors().isEmpty()) {
            // One failing subscription must not hide the others' matches; it is reported, not retried.
            result.getErrors().forEach((id, e) -> LOG.warnf(e, "Subscription %s failed on article %s", id,
                    article.article().id()));
        }
        return result;
    }

    /** The highlights of the leaves that matched, merged in report order, at most {@link #MAX_HIGHLIGHTS}. */
    private static List<Highlight> highlights(List<List<Highlight>> parts) {
        if (parts.size() == 1) {
            // Already ordered and distinct: most subscriptions match through one word or phrase.
            List<Highlight> only = parts.get(0);
            return only.size() <= MAX_HIGHLIGHTS ? only : List.copyOf(only.subList(0, MAX_HIGHLIGHTS));
        }
        Set<Highlight> out = ArticleHighlights.newSet();
        parts.forEach(out::addAll);
        return out.stream().limit(MAX_HIGHLIGHTS).toList();
    }

    /** Char spans of the words of a text, in order: stem position i is words.get(i). */
    static List<int[]> words(String text) {
        return ArticleHighlights.words(text);
    }

    /** Stops the Monitor's background cache purge. */
    @Override
    public void close() throws IOException {
        monitor.close();
    }
}
