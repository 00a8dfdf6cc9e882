package io.redline.ingest.feed;

import java.time.Instant;

/**
 * What the poller knows about one feed: where it is, its conditional-GET validators and its health.
 * Written by the one fetch in flight for it ({@link #inFlight} guards that); the REST view takes
 * {@link #snapshot()}s.
 */
public final class FeedState {

    final String id;
    final String url;
    volatile boolean inFlight;
    volatile String etag;
    volatile String lastModified;
    volatile Instant lastFetch;
    volatile Instant lastSuccess;
    volatile Instant nextPoll = Instant.EPOCH;
    volatile int consecutiveErrors;
    volatile String lastError;
    volatile String lastErrorKind;
    volatile long articlesSeen;
    volatile long articlesPublished;

    FeedState(String id, String url) {
        this.id = id;
        this.url = url;
    }

    /** Whether the feed failed at least the threshold number of polls in a row. */
    boolean failing(int threshold) {
        return consecutiveErrors >= threshold;
    }

    /** An immutable copy for the API. */
    public Snapshot snapshot(int failingThreshold) {
        return new Snapshot(id, url, failing(failingThreshold) ? "failing" : consecutiveErrors > 0 ? "erroring" : "ok",
                lastFetch, lastSuccess, nextPoll, consecutiveErrors, lastErrorKind, lastError, articlesSeen,
                articlesPublished);
    }

    /** Feed health as {@code GET /api/feeds} shows it; {@code status} is ok, erroring or failing. */
    public record Snapshot(String id, String url, String status, Instant lastFetch, Instant lastSuccess,
            Instant nextPoll, int consecutiveErrors, String lastErrorKind, String lastError, long articlesSeen,
            long articlesPublished) {
    }
}
