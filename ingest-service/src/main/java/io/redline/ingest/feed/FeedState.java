package io.redline.ingest.feed;

import io.redline.ingest.registry.FeedDefinition;
import io.redline.ingest.registry.FeedFetchState;
import io.redline.ingest.registry.FeedView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the poller knows about one feed it owns: its registry definition, its conditional-GET validators, its
 * schedule and its health. Written by the one fetch in flight for it ({@link #inFlight} guards that); saved
 * as a {@link FeedFetchState} after every poll.
 */
public final class FeedState {

    final String id;
    volatile FeedDefinition definition;
    volatile boolean inFlight;
    volatile String etag;
    volatile String lastModified;
    volatile String bodyHash;
    volatile Instant lastFetch;
    volatile Instant lastSuccess;
    volatile Instant nextPoll = Instant.EPOCH;
    volatile Duration interval;
    volatile String intervalReason;
    volatile int consecutiveErrors;
    volatile String lastError;
    volatile String lastErrorKind;
    volatile long articlesSeen;
    volatile long articlesPublished;
    volatile List<String> seenIds = List.of();
    volatile List<String> entryFingerprints = List.of();
    /** Raw fingerprints (and dates) of the entries of the last document, aligned with {@link #seenIds}. */
    volatile List<String> itemPrints = List.of();

    volatile Instant refreshHandledAt;
    /** A refresh arrived while a poll was in flight: poll again as soon as it ends. */
    volatile boolean refreshPending;
    /** Handed over while a poll was still running: that poll must not save state over the next owner's. */
    volatile boolean released;

    FeedState(FeedDefinition definition, FeedFetchState saved) {
        this.id = definition.id();
        this.definition = definition;
        if (saved != null) {
            boolean sameUrl = saved.url() == null || saved.url().equals(definition.url());
            etag = sameUrl ? saved.etag() : null;
            lastModified = sameUrl ? saved.lastModified() : null;
            bodyHash = sameUrl ? saved.bodyHash() : null;
            lastFetch = saved.lastFetch();
            lastSuccess = saved.lastSuccess();
            nextPoll = saved.nextPoll() == null || !sameUrl ? Instant.EPOCH : saved.nextPoll();
            interval = saved.interval();
            intervalReason = saved.intervalReason();
            consecutiveErrors = saved.consecutiveErrors();
            lastError = saved.lastError();
            lastErrorKind = saved.lastErrorKind();
            articlesSeen = saved.articlesSeen();
            articlesPublished = saved.articlesPublished();
            seenIds = sameUrl ? saved.seenIds() : List.of();
            entryFingerprints = sameUrl ? saved.entryFingerprints() : List.of();
            itemPrints = sameUrl ? saved.itemPrints() : List.of();
            refreshHandledAt = saved.refreshHandledAt();
        }
    }

    /** Forgets what was learnt from the last document (the URL changed). */
    void forgetDocument() {
        etag = null;
        lastModified = null;
        bodyHash = null;
        seenIds = List.of();
        entryFingerprints = List.of();
        itemPrints = List.of();
    }

    /** The feed's id in the registry. */
    public String id() {
        return id;
    }

    /** The URL polled. */
    public String url() {
        return definition.url();
    }

    /** When the feed is due next. */
    public Instant nextPoll() {
        return nextPoll;
    }

    /** Whether the feed failed at least the threshold number of polls in a row. */
    boolean failing(int threshold) {
        return consecutiveErrors >= threshold;
    }

    /** The durable copy, written to {@code redline.feeds.state}. */
    FeedFetchState toSaved(String polledBy) {
        return new FeedFetchState(
                id,
                etag,
                lastModified,
                bodyHash,
                lastFetch,
                lastSuccess,
                nextPoll,
                interval,
                intervalReason,
                consecutiveErrors,
                lastErrorKind,
                lastError,
                articlesSeen,
                articlesPublished,
                seenIds,
                refreshHandledAt,
                polledBy,
                entryFingerprints,
                definition.url(),
                itemPrints);
    }

    /** The feed as the API shows it, from this poller's copy (tests; the API reads the saved state). */
    public FeedView snapshot(int failingThreshold) {
        return FeedView.of(definition, toSaved(null), failingThreshold);
    }
}
