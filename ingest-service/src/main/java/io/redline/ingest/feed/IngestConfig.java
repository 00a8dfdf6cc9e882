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

    /** Deadline for a whole fetch, headers and body: a server dripping bytes is cut off. */
    @WithDefault("30s")
    Duration fetchTimeout();

    /** Largest body accepted, after decompression. */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** How many article ids the dedupe memory keeps. */
    @WithDefault("200000")
    int dedupeCapacity();
}
