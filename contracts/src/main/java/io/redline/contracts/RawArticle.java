package io.redline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A normalised article as ingest-service publishes it to {@code redline.articles.raw}, keyed by {@link #id()}.
 *
 * @param id          stable hash of the canonical URL (GUID fallbacks for link-less feeds), and of the feed's outlet
 *                    when the feed may not speak for the URL's host; the Kafka key
 * @param revision    1 for the first version seen, +1 each time the content hash changes
 * @param url         canonical URL (tracking parameters stripped); may be null for link-less entries
 * @param feedId      the registry id of the feed it was first seen in
 * @param feedUrl     the URL of that feed
 * @param sourceDomain the outlet that published it, without {@code www.}: the host of {@link #url()} when the feed
 *                     belongs to that host's outlet, else the publishing feed's host (or the outlet an admin set on
 *                     the feed)
 * @param title       plain-text title
 * @param summary     plain-text summary, may be empty
 * @param contentHtml sanitised HTML body, may be empty
 * @param text        plain-text body used for analysis (title not repeated)
 * @param authors     author names as given by the feed
 * @param categories  feed-provided categories
 * @param tags        tags/collections of the feed in the registry
 * @param language    ISO 639-1 code, from the feed or detected; "und" when unknown
 * @param publishedAt publication time (fetch time when the feed gives none)
 * @param updatedAt   last update time, may equal publishedAt
 * @param fetchedAt   when ingest-service fetched it
 * @param contentHash hash of title + text, used to detect updates
 */
public record RawArticle(
        String id,
        int revision,
        String url,
        String feedId,
        String feedUrl,
        String sourceDomain,
        String title,
        String summary,
        String contentHtml,
        String text,
        List<String> authors,
        List<String> categories,
        List<String> tags,
        String language,
        Instant publishedAt,
        Instant updatedAt,
        Instant fetchedAt,
        String contentHash) {

    /** Value of the {@link ContractHeader#SCHEMA} header for this record type. */
    public static final String SCHEMA = "raw-article/1";
}
