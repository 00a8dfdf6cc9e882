package io.redline.query.lucene;

import io.redline.contracts.Analysis;
import io.redline.contracts.Event;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;

/**
 * The one-article Lucene document subscriptions are matched against, built like the Elasticsearch document of
 * {@code articles-v3.json}: same field names, same analyzers, same values.
 *
 * <p>Only what a search can query is here. Nested {@code analysis.signals} / {@code analysis.events} cannot be
 * nested in a single in-memory document, so each signal (event) also indexes its {@code type|modality}
 * ({@code category|modality}) pair: the only nested conditions the API builds are "type in V" and "type in V and
 * ASSERTED" on the same signal, and a pair term answers the second exactly.
 */
public final class ArticleDocument {

    /** Text fields, {@code standard} analyzer in the mapping. */
    public static final String TITLE = "article.title";

    public static final String SUMMARY = "article.summary";
    public static final String TEXT = "article.text";
    /** Stem fields, {@code whitespace} analyzer in the mapping, values from {@code text.EnglishStemmer}. */
    public static final String TITLE_STEMS = "derived.titleStems";

    public static final String BODY_STEMS = "derived.bodyStems";

    /** Keyword fields (exact terms). */
    public static final String SOURCE = "article.sourceDomain";

    public static final String FEED = "article.feedId";
    public static final String TAGS = "article.tags";
    public static final String LANGUAGE = "article.language";
    public static final String DYADS = "derived.dyads";
    public static final String LEVEL = "analysis.level";
    public static final String ACTORS = "analysis.actors";
    public static final String SIGNAL_TYPE = "analysis.signals.type";
    public static final String SIGNAL_MODALITY = "analysis.signals.modality";
    /** {@code TYPE|MODALITY} of each signal: stands in for the nested query on the same signal. */
    public static final String SIGNAL_TYPE_MODALITY = "analysis.signals.type|modality";

    public static final String EVENT_CATEGORY = "analysis.events.category";
    public static final String EVENT_MODALITY = "analysis.events.modality";
    /** {@code CATEGORY|MODALITY} of each event: stands in for the nested query on the same event. */
    public static final String EVENT_CATEGORY_MODALITY = "analysis.events.category|modality";

    /** Point fields: epoch milliseconds (a {@code date} field stores milliseconds) and the integer score. */
    public static final String PUBLISHED_AT = "article.publishedAt";

    public static final String SCORE = "analysis.escalationScore";

    /** Text fields keep offsets so that matched terms can be reported for highlighting. */
    private static final FieldType TEXT_TYPE = new FieldType(TextField.TYPE_NOT_STORED);

    static {
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_TYPE.freeze();
    }

    private ArticleDocument() {}

    /**
     * The analyzers of the mapping: {@code standard} (Lucene's StandardAnalyzer: standard tokenizer, lowercase, no
     * stop words, tokens up to 255 chars, exactly what Elasticsearch's {@code standard} analyzer is) for the text
     * fields, {@code whitespace} for the stem fields, and keywords untouched. Elasticsearch runs the same Lucene
     * 9.12.2 classes, so tokens and positions are identical.
     */
    public static Analyzer analyzer() {
        Map<String, Analyzer> perField = new HashMap<>();
        Analyzer whitespace = new WhitespaceAnalyzer();
        perField.put(TITLE_STEMS, whitespace);
        perField.put(BODY_STEMS, whitespace);
        Analyzer keyword = new KeywordAnalyzer();
        for (String f : List.of(
                SOURCE,
                FEED,
                TAGS,
                LANGUAGE,
                DYADS,
                LEVEL,
                ACTORS,
                SIGNAL_TYPE,
                SIGNAL_MODALITY,
                SIGNAL_TYPE_MODALITY,
                EVENT_CATEGORY,
                EVENT_MODALITY,
                EVENT_CATEGORY_MODALITY)) {
            perField.put(f, keyword);
        }
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField);
    }

    /** The document of an article, from the very {@link IndexedArticle} the indexer writes to Elasticsearch. */
    public static Document of(IndexedArticle indexed) {
        Document doc = new Document();
        RawArticle a = indexed.article();
        text(doc, TITLE, a.title());
        text(doc, SUMMARY, a.summary());
        text(doc, TEXT, a.text());
        if (indexed.derived() != null) {
            text(doc, TITLE_STEMS, indexed.derived().titleStems());
            text(doc, BODY_STEMS, indexed.derived().bodyStems());
            keywords(doc, DYADS, indexed.derived().dyads());
        }
        keyword(doc, SOURCE, a.sourceDomain());
        keyword(doc, FEED, a.feedId());
        keywords(doc, TAGS, a.tags());
        keyword(doc, LANGUAGE, a.language());
        if (a.publishedAt() != null) {
            // Instant.toEpochMilli, as Elasticsearch's millisecond date resolution converts.
            doc.add(new LongPoint(PUBLISHED_AT, a.publishedAt().toEpochMilli()));
        }
        Analysis an = indexed.analysis();
        if (an != null) {
            doc.add(new IntPoint(SCORE, an.escalationScore()));
            if (an.level() != null) {
                keyword(doc, LEVEL, an.level().name());
            }
            keywords(doc, ACTORS, an.actors());
            if (an.signals() != null) {
                for (Signal s : an.signals()) {
                    String type = s.type() == null ? null : s.type().name();
                    String modality = s.modality() == null ? null : s.modality().name();
                    nested(doc, SIGNAL_TYPE, SIGNAL_MODALITY, SIGNAL_TYPE_MODALITY, type, modality);
                }
            }
            if (an.events() != null) {
                for (Event e : an.events()) {
                    String category = e.category() == null ? null : e.category().name();
                    String modality = e.modality() == null ? null : e.modality().name();
                    nested(doc, EVENT_CATEGORY, EVENT_MODALITY, EVENT_CATEGORY_MODALITY, category, modality);
                }
            }
        }
        return doc;
    }

    /** The pair term of a nested value and its modality. */
    public static String pair(String value, String modality) {
        return value + "|" + modality;
    }

    private static void nested(
            Document doc, String valueField, String modalityField, String pairField, String value, String modality) {
        keyword(doc, valueField, value);
        keyword(doc, modalityField, modality);
        if (value != null && modality != null) {
            keyword(doc, pairField, pair(value, modality));
        }
    }

    private static void text(Document doc, String field, String value) {
        // A null value is no field in Elasticsearch either; "" is a field without tokens, which matches nothing.
        if (value != null) {
            doc.add(new Field(field, value, TEXT_TYPE));
        }
    }

    private static void keyword(Document doc, String field, String value) {
        if (value != null) {
            doc.add(new StringField(field, value, Field.Store.NO));
        }
    }

    private static void keywords(Document doc, String field, List<String> values) {
        if (values != null) {
            values.forEach(v -> keyword(doc, field, v));
        }
    }
}
