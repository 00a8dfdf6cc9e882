package io.redline.search.index;

import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Analysis;
import io.redline.contracts.Dyad;
import io.redline.contracts.Modality;
import io.redline.contracts.RawArticle;
import io.redline.search.story.SimHash;
import io.redline.search.text.EnglishStemmer;
import java.util.List;

/**
 * The Elasticsearch document of an article: the analysed article unchanged plus fields derived from it at index time.
 *
 * @param article  the raw article
 * @param analysis its analysis
 * @param derived  stems, dyad keys and story fields computed by search-service; null in documents of articles-v1
 */
public record IndexedArticle(RawArticle article, Analysis analysis, Derived derived) {

    /**
     * Index-time fields: stemmed title and body (the embedded Elasticsearch cannot stem), "SRC>TGT" dyad keys for a
     * plain terms filter and facet, the story id with the SimHash it was found with, and "TYPE|MODALITY" keys of the
     * signals ("CATEGORY|MODALITY" of the events) so "a signal of type T stated as fact" is one term on the article,
     * not a nested query over one Lucene document per signal.
     */
    public record Derived(String titleStems, String bodyStems, List<String> dyads, String storyId, String simhash,
            List<String> simhashBands, List<String> signalKeys, List<String> eventKeys) {
    }

    /** The document for an article, in the story {@code storyId}. */
    public static IndexedArticle of(AnalyzedArticle doc, String storyId) {
        RawArticle a = doc.article();
        long hash = simHash(a);
        List<String> dyads = doc.analysis().dyads() == null ? List.of()
                : doc.analysis().dyads().stream().map(IndexedArticle::dyadKey).distinct().toList();
        Analysis an = doc.analysis();
        List<String> signalKeys = an.signals() == null ? List.of() : an.signals().stream()
                .filter(s -> s.type() != null && s.modality() != null)
                .map(s -> modalityKey(s.type().name(), s.modality())).distinct().toList();
        List<String> eventKeys = an.events() == null ? List.of() : an.events().stream()
                .filter(e -> e.category() != null && e.modality() != null)
                .map(e -> modalityKey(e.category().name(), e.modality())).distinct().toList();
        return new IndexedArticle(a, an, new Derived(EnglishStemmer.stemText(a.title()),
                EnglishStemmer.stemText(join(a.summary(), a.text())), dyads, storyId, SimHash.hex(hash),
                SimHash.bands(hash), signalKeys, eventKeys));
    }

    /** The key of a signal type (event category) stated with a modality: {@code RED_LINE|ASSERTED}. */
    public static String modalityKey(String value, Modality modality) {
        return value + "|" + modality.name();
    }

    /** The SimHash the story of an article is found with (title and text, not the summary, which feeds vary). */
    public static long simHash(RawArticle a) {
        return SimHash.of(join(a.title(), a.text()));
    }

    /** The analysed article as the API and the contracts know it. */
    public AnalyzedArticle analyzed() {
        return new AnalyzedArticle(article, analysis);
    }

    /** The key a dyad filter matches: {@code RUS>UKR}. */
    public static String dyadKey(Dyad d) {
        return d.source() + ">" + d.target();
    }

    private static String join(String a, String b) {
        return (a == null ? "" : a) + "\n" + (b == null ? "" : b);
    }
}
