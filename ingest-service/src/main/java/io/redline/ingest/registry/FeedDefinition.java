package io.redline.ingest.registry;

import io.redline.ingest.normalize.ArticleNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One feed in the registry, as stored (keyed by {@link #id()}) on the compacted {@code redline.feeds} topic.
 *
 * @param id                 stable id: the first 12 hex digits of SHA-256 of the URL as first registered
 * @param url                the feed's URL
 * @param title              a human name, may be null
 * @param tags               tags / collections; published with every article of the feed
 * @param language           ISO 639-1 hint used when the feed itself declares no language, may be null
 * @param pollInterval       a fixed interval for this feed instead of the adaptive schedule, may be null
 * @param enabled            disabled feeds stay registered but are not polled
 * @param createdAt          when it was registered
 * @param updatedAt          when it was last changed
 * @param refreshRequestedAt when someone last asked for an immediate poll ({@code POST /api/feeds/{id}/refresh})
 * @param outlet             the outlet (domain) an admin declared this feed speaks for, e.g. {@code bbc.co.uk} for
 *                           an outlet's feed on a feed-hosting service; null: the feed's own host
 */
public record FeedDefinition(
        String id,
        String url,
        String title,
        List<String> tags,
        String language,
        Duration pollInterval,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        Instant refreshRequestedAt,
        String outlet) {

    public FeedDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A feed without a declared outlet. */
    public FeedDefinition(
            String id,
            String url,
            String title,
            List<String> tags,
            String language,
            Duration pollInterval,
            boolean enabled,
            Instant createdAt,
            Instant updatedAt,
            Instant refreshRequestedAt) {
        this(id, url, title, tags, language, pollInterval, enabled, createdAt, updatedAt, refreshRequestedAt, null);
    }

    /** The id a URL gets when it is registered. */
    public static String idOf(String url) {
        return ArticleNormalizer.sha256(url.trim()).substring(0, 12);
    }

    /** An enabled feed with nothing but its URL, as configuration and tests register them. */
    public static FeedDefinition of(String url, Instant now) {
        String u = url.trim();
        return new FeedDefinition(idOf(u), u, null, List.of(), null, null, true, now, now, null);
    }
}
