package io.redline.contracts;

import java.time.Duration;

/**
 * Every Kafka topic of the pipeline with the settings it is created with at start-up.
 *
 * <p>Keys are always the article id (see {@link RawArticle#id()}), so all revisions of an article land
 * in one partition in order. The raw topic is compacted so that the latest revision of every article
 * stays replayable for re-analysis and reindexing; DLQs keep records long enough for a human to look.
 */
public enum Topic {
    /** Normalised articles from ingest-service; compacted by article id, kept forever. */
    ARTICLES_RAW("redline.articles.raw", 6, "compact", -1L),
    /** Raw articles plus their analysis, from analysis-service; kept 14 days (re-creatable from raw). */
    ARTICLES_ANALYZED(
            "redline.articles.analyzed", 6, "delete", Duration.ofDays(14).toMillis()),
    /** Raw messages analysis-service could not read or analyse, with the reason in a header. */
    ARTICLES_RAW_DLQ(
            "redline.articles.raw.dlq", 1, "delete", Duration.ofDays(30).toMillis()),
    /** Analysed messages search-service could not read or Elasticsearch rejected, with the reason. */
    ARTICLES_ANALYZED_DLQ(
            "redline.articles.analyzed.dlq", 1, "delete", Duration.ofDays(30).toMillis()),
    /**
     * The feed registry: one record per feed keyed by feed id, a tombstone on delete; compacted, kept forever.
     * Its partitions are what ingest-service instances divide among themselves to poll each feed exactly once.
     */
    FEEDS("redline.feeds", 6, "compact", -1L),
    /** Per-feed fetch state (validators, body hash, schedule, health), keyed by feed id; compacted. */
    FEED_STATE("redline.feeds.state", 6, "compact", -1L),
    /**
     * ingest-service's dedupe memory: article id -> content hash and revision last published; compacted and
     * dropped after 90 days (an article that old reappearing in a feed is rare, and search ignores a stale revision).
     */
    INGEST_LEDGER(
            "redline.ingest.ledger", 6, "compact,delete", Duration.ofDays(90).toMillis()),
    /**
     * Articles search-service has written to the index (contract {@code indexed-article/1}, {@link IndexedArticle}),
     * keyed by article id, published after the index write and before the analysed record is acknowledged: the
     * input of alert-service's matcher. A revision the index refused as stale is never published. Kept 7 days.
     */
    ARTICLES_INDEXED("redline.articles.indexed", 6, "delete", Duration.ofDays(7).toMillis()),
    /** Indexed-article records alert-service could not read, with the reason in a header. */
    ARTICLES_INDEXED_DLQ(
            "redline.articles.indexed.dlq", 1, "delete", Duration.ofDays(30).toMillis()),
    /** Alert subscriptions, keyed by subscription id, a tombstone on delete; compacted, kept forever. */
    SUBSCRIPTIONS("redline.subscriptions", 6, "compact", -1L),
    /** Per-owner quota overrides set by admins (alert-service), keyed by owner, a tombstone on delete; compacted. */
    QUOTAS("redline.quotas", 1, "compact", -1L),
    /** Alerts between matching and delivery (the durable queue), keyed {@code <subscriptionId>|<storyId>}. */
    ALERTS("redline.alerts", 6, "delete", Duration.ofDays(7).toMillis()),
    /** Deliveries that failed every attempt, with the reason in a header. */
    ALERTS_DLQ("redline.alerts.dlq", 1, "delete", Duration.ofDays(30).toMillis()),
    /**
     * API keys (id, owner, role, salted hash; never the key), keyed by key id; a revoked key stays as a record with
     * its revocation time. Compacted, kept forever; every instance of every service reads it in full.
     */
    API_KEYS("redline.api-keys", 1, "compact", -1L),
    /** The audit log: who created, changed or deleted feeds, subscriptions and keys; kept a year. */
    AUDIT("redline.audit", 1, "delete", Duration.ofDays(365).toMillis());

    private final String topicName;
    private final int partitions;
    private final String cleanupPolicy;
    private final long retentionMs;

    Topic(String topicName, int partitions, String cleanupPolicy, long retentionMs) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.cleanupPolicy = cleanupPolicy;
        this.retentionMs = retentionMs;
    }

    /** The topic's name on the broker. */
    public String topicName() {
        return topicName;
    }

    /** Partition count at creation; also the most consumer instances that can share the topic. */
    public int partitions() {
        return partitions;
    }

    /** Kafka {@code cleanup.policy}. */
    public String cleanupPolicy() {
        return cleanupPolicy;
    }

    /** Kafka {@code retention.ms}; -1 keeps records forever. */
    public long retentionMs() {
        return retentionMs;
    }

    /** Finds a topic by its broker name. */
    public static Topic byName(String topicName) {
        for (Topic t : values()) {
            if (t.topicName.equals(topicName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic " + topicName);
    }
}
