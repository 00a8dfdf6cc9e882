package io.redline.ingest.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of feed polling and fetching, under {@code redline.ingest}. */
@ConfigMapping(prefix = "redline.ingest")
public interface IngestConfig {

    /** Feed URLs polled from start-up (comma-separated in env {@code REDLINE_INGEST_FEEDS}). */
    Optional<List<String>> feeds();

    /** Time between two polls of the same feed. */
    @WithDefault("60s")
    Duration pollInterval();

    /** Identifies Redline to feed publishers, as polite crawlers do. */
    @WithDefault("Redline/0.1 (news monitoring; +https://redline.invalid/bot)")
    String userAgent();

    /** TCP connect timeout per fetch. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest wait for any single read from a feed server. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Deadline for a whole fetch, redirects, headers and body: a server dripping bytes is cut off. */
    @WithDefault("30s")
    Duration fetchTimeout();

    /** Largest body accepted, after decompression. */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Redirects followed per fetch, each re-checked by the SSRF guard. */
    @WithDefault("5")
    int maxRedirects();

    /**
     * Host names and IP addresses/CIDRs the SSRF guard lets through although they are not public
     * (e.g. {@code 127.0.0.0/8} for the demo, or an intranet feed host).
     */
    Optional<List<String>> allow();

    /** Consecutive failures after which a feed is shown as failing (it is still retried, at the longest backoff). */
    @WithDefault("5")
    int failingThreshold();

    /** Longest wait between two polls of a failing or rate-limiting feed. */
    @WithDefault("6h")
    Duration maxBackoff();

    /** Feeds fetched at the same time (never more than one per host). */
    @WithDefault("4")
    int fetchThreads();

    /** How many article ids the dedupe memory keeps. */
    @WithDefault("200000")
    int dedupeCapacity();
}
