package io.redline.ingest.feed;

import java.time.Instant;

/**
 * What the poller knows about one feed: where it is, its conditional-GET validators and its health.
 * Mutable and confined to the poller's thread; the REST view takes {@link #snapshot()}s.
 */
public final class FeedState {

    final String id;
    final String url;
    String etag;
    String lastModified;
    Instant lastFetch;
    Instant lastSuccess;
    Instant nextPoll = Instant.EPOCH;
    int consecutiveErrors;
    String lastError;
    long articlesSeen;
    long articlesPublished;

    FeedState(String id, String url) {
        this.id = id;
        this.url = url;
    }

    /** An immutable copy for the API. */
    public Snapshot snapshot() {
        return new Snapshot(id, url, lastFetch, lastSuccess, nextPoll, consecutiveErrors, lastError, articlesSeen,
                articlesPublished);
    }

    /** Feed health as {@code GET /api/feeds} shows it. */
    public record Snapshot(String id, String url, Instant lastFetch, Instant lastSuccess, Instant nextPoll,
            int consecutiveErrors, String lastError, long articlesSeen, long articlesPublished) {
    }
}
