package io.redline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One alert: a subscription matched an analysed article, as search-service's matcher publishes it to
 * {@code redline.alerts} (key {@code <subscriptionId>|<storyId>}, so every alert of one story for one
 * subscription is handled in order by one dispatcher) and as every channel renders it.
 *
 * @param id               stable alert id, also the Standard Webhooks {@code webhook-id}: the same alert
 *                         re-delivered carries the same id, so receivers can dedupe
 * @param subscriptionId   the subscription that matched
 * @param subscriptionName its human name
 * @param kind             {@code new} for the first alert of a story, {@code update} when the story's level rose
 * @param previousLevel    for an update, the level last alerted; null for a new alert
 * @param article          the article that fired it
 * @param storyId          the story the article belongs to (one alert per story and subscription)
 * @param level            the article's escalation level
 * @param score            its escalation score 0-100
 * @param signals          its signals, each with the evidence sentence that proves it
 * @param highlights       passages with the subscription's matched terms marked {@code <em>...</em>}
 * @param matchedTerms     the query terms that matched
 * @param articleLink      the article in the search API
 * @param storyLink        the story in the search API
 * @param matchedAt        when the matcher saw the article
 * @param corroboration    the story's independent outlets when the alert fired; null in alerts made before it existed
 * @param spike            for a spike alert (kind {@code spike}), the spike; null otherwise
 */
public record Alert(
        String id,
        String subscriptionId,
        String subscriptionName,
        String kind,
        EscalationLevel previousLevel,
        AlertArticle article,
        String storyId,
        EscalationLevel level,
        int score,
        List<Signal> signals,
        List<String> highlights,
        List<String> matchedTerms,
        String articleLink,
        String storyLink,
        Instant matchedAt,
        Corroboration corroboration,
        SpikeSummary spike) {

    /** Value of the {@link ContractHeader#SCHEMA} header for this record type. */
    public static final String SCHEMA = "alert/1";

    public Alert {
        signals = signals == null ? List.of() : List.copyOf(signals);
        highlights = highlights == null ? List.of() : List.copyOf(highlights);
        matchedTerms = matchedTerms == null ? List.of() : List.copyOf(matchedTerms);
    }

    /** An alert without corroboration or spike figures. */
    public Alert(
            String id,
            String subscriptionId,
            String subscriptionName,
            String kind,
            EscalationLevel previousLevel,
            AlertArticle article,
            String storyId,
            EscalationLevel level,
            int score,
            List<Signal> signals,
            List<String> highlights,
            List<String> matchedTerms,
            String articleLink,
            String storyLink,
            Instant matchedAt) {
        this(
                id,
                subscriptionId,
                subscriptionName,
                kind,
                previousLevel,
                article,
                storyId,
                level,
                score,
                signals,
                highlights,
                matchedTerms,
                articleLink,
                storyLink,
                matchedAt,
                null,
                null);
    }

    /**
     * The part of the article an alert carries: enough to read it and go to it, without its whole text.
     * {@code fetchedAt} is when ingest-service fetched it, so a receiver can tell how long the alert took from the
     * feed; null in alerts that are not about a fetched article (a test alert).
     */
    public record AlertArticle(
            String id,
            int revision,
            String url,
            String title,
            String summary,
            String sourceDomain,
            String language,
            Instant publishedAt,
            List<String> tags,
            Instant fetchedAt) {

        public AlertArticle {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        /** An article without a fetch time. */
        public AlertArticle(
                String id,
                int revision,
                String url,
                String title,
                String summary,
                String sourceDomain,
                String language,
                Instant publishedAt,
                List<String> tags) {
            this(id, revision, url, title, summary, sourceDomain, language, publishedAt, tags, null);
        }
    }
}
