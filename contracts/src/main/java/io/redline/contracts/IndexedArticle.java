package io.redline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The Elasticsearch document of an article: the analysed article unchanged plus fields derived from it at index time.
 *
 * @param article  the raw article
 * @param analysis its analysis
 * @param derived  stems, dyad keys and story fields computed by search-service; null in documents of articles-v1
 */
public record IndexedArticle(RawArticle article, Analysis analysis, Derived derived) {

    /** Schema header of a record on {@code redline.articles.indexed} ({@link Topic#ARTICLES_INDEXED}). */
    public static final String SCHEMA = "indexed-article/1";

    /**
     * Index-time fields: stemmed title and body (the embedded Elasticsearch cannot stem), "SRC>TGT" dyad keys for a
     * plain terms filter and facet, the story id with the SimHash it was found with, and "TYPE|MODALITY" keys of the
     * signals ("CATEGORY|MODALITY" of the events) so "a signal of type T stated as fact" is one term on the article,
     * not a nested query over one Lucene document per signal. {@code outlets}, {@code firstSeen}, {@code firstOutlet},
     * {@code copies} and {@code outletDomains} are the story's corroboration ({@link Corroboration}) when this article
     * was indexed (this article counted); null in documents indexed before they existed (copies and outletDomains
     * came after the other three).
     */
    public record Derived(
            String titleStems,
            String bodyStems,
            List<String> dyads,
            String storyId,
            String simhash,
            List<String> simhashBands,
            List<String> signalKeys,
            List<String> eventKeys,
            Integer outlets,
            Instant firstSeen,
            String firstOutlet,
            Integer copies,
            List<String> outletDomains) {

        /**
         * Most outlet domains a document keeps, first reporters first: the list is written on every article of the
         * story and published with each on {@code redline.articles.indexed}, so an uncapped list would make a story
         * of hundreds of outlets cost quadratic bytes; an alert names the first reporters, the full list is the
         * story's search answer.
         */
        public static final int MAX_OUTLET_DOMAINS = 20;

        /** Index-time fields with the story's outlets, first seen and first outlet only (the first corroboration). */
        public Derived(
                String titleStems,
                String bodyStems,
                List<String> dyads,
                String storyId,
                String simhash,
                List<String> simhashBands,
                List<String> signalKeys,
                List<String> eventKeys,
                Integer outlets,
                Instant firstSeen,
                String firstOutlet) {
            this(
                    titleStems,
                    bodyStems,
                    dyads,
                    storyId,
                    simhash,
                    simhashBands,
                    signalKeys,
                    eventKeys,
                    outlets,
                    firstSeen,
                    firstOutlet,
                    null,
                    null);
        }

        /** Index-time fields without the story's corroboration (documents of articles-v4 and older). */
        public Derived(
                String titleStems,
                String bodyStems,
                List<String> dyads,
                String storyId,
                String simhash,
                List<String> simhashBands,
                List<String> signalKeys,
                List<String> eventKeys) {
            this(titleStems, bodyStems, dyads, storyId, simhash, simhashBands, signalKeys, eventKeys, null, null, null);
        }

        /**
         * These fields with the story's corroboration {@code c} (all five figures, outletDomains cut to
         * {@link #MAX_OUTLET_DOMAINS}); null {@code c} clears them.
         */
        public Derived withCorroboration(Corroboration c) {
            return new Derived(
                    titleStems,
                    bodyStems,
                    dyads,
                    storyId,
                    simhash,
                    simhashBands,
                    signalKeys,
                    eventKeys,
                    c == null ? null : c.outlets(),
                    c == null ? null : c.firstSeen(),
                    c == null ? null : c.firstOutlet(),
                    c == null ? null : c.copies(),
                    c == null
                            ? null
                            : List.copyOf(c.outletDomains()
                                    .subList(
                                            0,
                                            Math.min(
                                                    MAX_OUTLET_DOMAINS,
                                                    c.outletDomains().size()))));
        }
    }

    /** The key of a signal type (event category) stated with a modality: {@code RED_LINE|ASSERTED}. */
    public static String modalityKey(String value, Modality modality) {
        return value + "|" + modality.name();
    }

    /** The analysed article as the API and the contracts know it. */
    public AnalyzedArticle analyzed() {
        return new AnalyzedArticle(article, analysis);
    }

    /** The key a dyad filter matches: {@code RUS>UKR}. */
    public static String dyadKey(Dyad d) {
        return d.source() + ">" + d.target();
    }
}
