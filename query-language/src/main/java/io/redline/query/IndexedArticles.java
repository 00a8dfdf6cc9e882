package io.redline.query;

import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Corroboration;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import java.util.List;

/** Builds the {@link IndexedArticle} of an analysed article: the fields search and matching derive at index time. */
public final class IndexedArticles {

    private IndexedArticles() {}

    /** The document for an article, in the story {@code storyId}. */
    public static IndexedArticle of(AnalyzedArticle doc, String storyId) {
        return of(doc, storyId, null);
    }

    /** The document for an article, in the story {@code storyId}, with the story's corroboration (null: none yet). */
    public static IndexedArticle of(AnalyzedArticle doc, String storyId, Corroboration corroboration) {
        RawArticle a = doc.article();
        long hash = simHash(a);
        List<String> dyads = doc.analysis().dyads() == null
                ? List.of()
                : doc.analysis().dyads().stream()
                        .map(IndexedArticle::dyadKey)
                        .distinct()
                        .toList();
        Analysis an = doc.analysis();
        List<String> signalKeys = an.signals() == null
                ? List.of()
                : an.signals().stream()
                        .filter(s -> s.type() != null && s.modality() != null)
                        .map(s -> IndexedArticle.modalityKey(s.type().name(), s.modality()))
                        .distinct()
                        .toList();
        List<String> eventKeys = an.events() == null
                ? List.of()
                : an.events().stream()
                        .filter(e -> e.category() != null && e.modality() != null)
                        .map(e -> IndexedArticle.modalityKey(e.category().name(), e.modality()))
                        .distinct()
                        .toList();
        return new IndexedArticle(
                a,
                an,
                new IndexedArticle.Derived(
                        EnglishStemmer.stemText(a.title()),
                        EnglishStemmer.stemText(join(a.summary(), a.text())),
                        dyads,
                        storyId,
                        SimHash.hex(hash),
                        SimHash.bands(hash),
                        signalKeys,
                        eventKeys,
                        corroboration == null ? null : corroboration.outlets(),
                        corroboration == null ? null : corroboration.firstSeen(),
                        corroboration == null ? null : corroboration.firstOutlet()));
    }

    /** The SimHash the story of an article is found with (title and text, not the summary, which feeds vary). */
    public static long simHash(RawArticle a) {
        return SimHash.of(join(a.title(), a.text()));
    }

    private static String join(String a, String b) {
        return (a == null ? "" : a) + "\n" + (b == null ? "" : b);
    }
}
