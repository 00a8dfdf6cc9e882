package io.redline.contracts;

/**
 * A raw article with its analysis, as analysis-service publishes it to {@code redline.articles.analyzed}.
 *
 * @param article  the raw article, unchanged
 * @param analysis what the tagger found in it
 */
public record AnalyzedArticle(RawArticle article, Analysis analysis) {

    /** Value of the {@link ContractHeader#SCHEMA} header for this record type. */
    public static final String SCHEMA = "analyzed-article/1";
}
