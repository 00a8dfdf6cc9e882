package io.redline.ingest.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of feed polling and fetching, under {@code redline.ingest}. */
@ConfigMapping(prefix = "redline.ingest")
public interface IngestConfig {

    /**
     * Feed URLs registered at start-up when not in the registry yet (comma-separated in env
     * {@code REDLINE_INGEST_FEEDS}).
     */
    Optional<List<String>> feeds();

    /** An OPML file whose feeds are registered at start-up when not in the registry yet. */
    Optional<String> feedsFile();

    /**
     * Time between two polls of a feed when nothing better is known (no dates, adaptive off), and the base of
     * the error backoff.
     */
    @WithDefault("60s")
    Duration pollInterval();

    /** Whether the interval adapts to each feed's posting rate, TTL and cache headers. */
    @WithDefault("true")
    boolean adaptive();

    /** Shortest interval the adaptive schedule chooses. */
    @WithDefault("60s")
    Duration minInterval();

    /** Longest interval the adaptive schedule chooses. */
    @WithDefault("30m")
    Duration maxInterval();

    /** Random spread of each interval, as a fraction (0.1 = ±10 %). */
    @WithDefault("0.1")
    double jitter();

    /** This instance's name in feed state and Kafka client ids; defaults to host name and process id. */
    Optional<String> instanceId();

    /** Consumer group whose members share the registry's partitions, and so the feeds. */
    @WithDefault("redline-ingest")
    String groupId();

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

    /**
     * Shortest time between the starts of two fetches from one host (on top of one fetch in flight per host): the
     * pace the one-second scheduling tick used to give, kept now that the tick is shorter.
     */
    @WithDefault("1s")
    Duration hostInterval();

    /**
     * Groups of domains that count as one outlet when deciding whether a feed may publish a link as that link's own
     * article (beyond the feed's registered domain): each entry one group, domains separated by spaces or {@code |},
     * e.g. {@code bbc.co.uk bbci.co.uk bbc.com}; a domain covers its subdomains.
     */
    Optional<List<String>> outletGroups();

    /** How many article ids the dedupe memory keeps. */
    @WithDefault("200000")
    int dedupeCapacity();
}
