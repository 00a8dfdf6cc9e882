package io.redline.ingest.registry;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A feed as {@code /api/feeds} shows it: its registry definition and its health.
 *
 * @param outlet the outlet an admin declared the feed speaks for, null when it is the feed's own host
 * @param status ok | erroring (failed last time) | failing (failed {@code failing-threshold} times in a row,
 *               still retried at the backoff pace) | pending (not polled yet) | disabled
 */
public record FeedView(
        String id,
        String url,
        String title,
        List<String> tags,
        String language,
        String outlet,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration pollInterval, // ISO (PT5M), as PUT accepts it back
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        String status,
        Instant lastFetch,
        Instant lastSuccess,
        Instant nextPoll,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration currentInterval,
        String intervalReason,
        int consecutiveErrors,
        String lastErrorKind,
        String lastError,
        long articlesSeen,
        long articlesPublished,
        String polledBy) {

    /** Combines a definition with its saved state (null when the feed was never polled). */
    public static FeedView of(FeedDefinition d, FeedFetchState s, int failingThreshold) {
        if (s == null) {
            return new FeedView(
                    d.id(),
                    d.url(),
                    d.title(),
                    d.tags(),
                    d.language(),
                    d.outlet(),
                    d.pollInterval(),
                    d.enabled(),
                    d.createdAt(),
                    d.updatedAt(),
                    d.enabled() ? "pending" : "disabled",
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    0,
                    0,
                    null);
        }
        String status = !d.enabled()
                ? "disabled"
                : s.consecutiveErrors() >= failingThreshold
                        ? "failing"
                        : s.consecutiveErrors() > 0 ? "erroring" : s.lastFetch() == null ? "pending" : "ok";
        return new FeedView(
                d.id(),
                d.url(),
                d.title(),
                d.tags(),
                d.language(),
                d.outlet(),
                d.pollInterval(),
                d.enabled(),
                d.createdAt(),
                d.updatedAt(),
                status,
                s.lastFetch(),
                s.lastSuccess(),
                s.nextPoll(),
                s.interval(),
                s.intervalReason(),
                s.consecutiveErrors(),
                s.lastErrorKind(),
                s.lastError(),
                s.articlesSeen(),
                s.articlesPublished(),
                s.polledBy());
    }
}
