package io.redline.ingest.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What polling has learnt about one feed, stored (keyed by feed id) on the compacted {@code redline.feeds.state}
 * topic after every poll, so that a restarted or newly assigned instance continues where the last one stopped:
 * conditional-GET validators, the hash of the last body, the schedule and the health.
 *
 * @param id                feed id
 * @param etag              ETag of the last successful fetch, may be null
 * @param lastModified      Last-Modified of the last successful fetch, may be null
 * @param bodyHash          SHA-256 of the last body parsed; an identical body is not parsed again
 * @param lastFetch         start of the last poll
 * @param lastSuccess       start of the last successful poll
 * @param nextPoll          when the feed is due next
 * @param interval          the current interval between polls (before jitter)
 * @param intervalReason    why that interval (e.g. {@code posting-rate}, {@code ttl}, {@code fixed})
 * @param consecutiveErrors failed polls in a row
 * @param lastErrorKind     kind of the last error ({@code timeout}, {@code parse}, ...), null after a success
 * @param lastError         message of the last error, null after a success
 * @param articlesSeen      entries read from the feed, in total
 * @param articlesPublished articles published from the feed (new or updated), in total
 * @param seenIds           article ids of the last document parsed (at most {@link #MAX_SEEN_IDS})
 * @param entryFingerprints hashes of the raw entries of the last document, in the order of {@code seenIds}: an entry
 *                          whose hash is among them is unchanged and not normalised again
 * @param refreshHandledAt  the refresh request last acted on
 * @param polledBy          the ingest instance that polled it last
 * @param url               the URL this state was learnt from; state of another URL (the feed's URL changed) is
 *                          not applied
 * @param itemPrints        fingerprints of the raw bytes of the entries of the last document, in the order of
 *                          {@code seenIds}, each followed by {@code @} and the entry's date in epoch milliseconds when
 *                          it has one: a changed document is parsed without the entries whose bytes are among them;
 *                          empty when the pre-scan could not read the document (and in state saved before it existed)
 */
public record FeedFetchState(
        String id,
        String etag,
        String lastModified,
        String bodyHash,
        Instant lastFetch,
        Instant lastSuccess,
        Instant nextPoll,
        Duration interval,
        String intervalReason,
        int consecutiveErrors,
        String lastErrorKind,
        String lastError,
        long articlesSeen,
        long articlesPublished,
        List<String> seenIds,
        Instant refreshHandledAt,
        String polledBy,
        List<String> entryFingerprints,
        String url,
        List<String> itemPrints) {

    /** Bound on {@link #seenIds}, so that one enormous feed cannot make its state record unbounded. */
    public static final int MAX_SEEN_IDS = 500;

    public FeedFetchState {
        seenIds = seenIds == null ? List.of() : List.copyOf(seenIds);
        entryFingerprints = entryFingerprints == null ? List.of() : List.copyOf(entryFingerprints);
        itemPrints = itemPrints == null ? List.of() : List.copyOf(itemPrints);
    }
}
