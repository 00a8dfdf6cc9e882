package io.redline.alerts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** Settings of matching, delivery, the alert log and the alert stream, under {@code redline.alerts}. */
@ConfigMapping(prefix = "redline.alerts")
public interface AlertsConfig {

    /** Whether indexed articles are matched against subscriptions at all (off: read and acknowledged, no alerts). */
    @WithDefault("true")
    boolean enabled();

    /** Public base URL of search-service's API, for the article and story links in alerts. */
    @WithDefault("http://localhost:8080")
    String apiBaseUrl();

    /** Most subscriptions: the matcher holds them all in every instance. */
    @WithDefault("100000")
    int maxSubscriptions();

    /** How long a rotated webhook secret stays valid. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** Non-public hosts and CIDRs deliveries may reach; the SSRF guard refuses all others. */
    Optional<List<String>> allow();

    /** Whether channel URLs may be plain http on loopback and on the hosts in {@link #allow()} (demo only). */
    @WithDefault("false")
    boolean allowHttp();

    /** Connect timeout of a webhook, Slack or Teams delivery. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Deadline of a whole delivery: connect, send, reply. */
    @WithDefault("10s")
    Duration timeout();

    /** Attempts before a delivery goes to {@code redline.alerts.dlq}. */
    @WithDefault("8")
    int maxAttempts();

    /** First retry wait; it doubles with each attempt. */
    @WithDefault("10s")
    Duration backoff();

    /** Longest computed retry wait. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** Longest {@code Retry-After} of a receiver that is honoured. */
    @WithDefault("6h")
    Duration maxRetryAfter();

    /** Local time of daily digests, in each subscription's time zone. */
    @WithDefault("08:00")
    LocalTime digestDailyAt();

    /** How long one attempt holds a delivery before another instance may take it over. */
    @WithDefault("60s")
    Duration lease();

    /** Concurrent delivery attempts per instance. */
    @WithDefault("8")
    int deliveryThreads();

    /** How often due retries, quiet-hour ends, digests and expired leases are looked for. */
    @WithDefault("1s")
    Duration schedulerInterval();

    /** How long finished deliveries, logged alerts and untouched story states are kept. */
    @WithDefault("30d")
    Duration retention();

    /** The alert log ({@code redline.alerts.log.*}). */
    Log log();

    /** Retries of a failed match ({@code redline.alerts.match.*}). */
    Match match();

    /** Retries of a failed dispatch ({@code redline.alerts.dispatch.*}). */
    Dispatch dispatch();

    /** How matching an article that throws is retried before it is dead-lettered. */
    interface Match {

        /** Attempts at matching one article before it goes to {@code redline.articles.indexed.dlq}. */
        @WithDefault("5")
        int attempts();

        /** Wait after the first failed attempt; it doubles with each one, to at most 10 s. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }

    /** How dispatching an alert that throws is retried before it is dead-lettered to {@code redline.alerts.dlq}. */
    interface Dispatch {

        /** Attempts at a failure no retry can fix (a refused document, a bug) before it is dead-lettered. */
        @WithDefault("3")
        int attempts();

        /**
         * How long a failure that may pass (Elasticsearch away or overloaded) is retried, holding its partition,
         * before the alert is dead-lettered; 0 retries it for as long as it takes.
         */
        @WithDefault("10m")
        Duration retryFor();

        /** Wait after the first failed attempt; it doubles with each one, to at most 30 s. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }

    /** Per-owner quotas ({@code redline.alerts.quota.*}); an admin overrides them per owner at /api/quotas. */
    Quota quota();

    /** Default per-owner quotas (io.redline.alerts.quota). */
    interface Quota {

        /** Most subscriptions of one owner (more: 422); checked before the global max-subscriptions. */
        @WithDefault("100")
        int subscriptionsPerOwner();

        /** Most channels of one subscription (more: 422; at most 50 even by override). */
        @WithDefault("10")
        int channelsPerSubscription();

        /** Most addresses of one e-mail channel (more: 422; at most 100 even by override). */
        @WithDefault("20")
        int recipientsPerChannel();

        /** Most alerts dispatched for one owner in any hour; further alerts are suppressed and counted. */
        @WithDefault("1000")
        int alertsPerHour();

        /** The per-owner delivery lanes ({@code redline.alerts.quota.delivery.*}). */
        Delivery delivery();

        /** Per-owner shares of one instance's delivery pool. */
        interface Delivery {

            /** Most delivery attempts of one owner running at once on one instance. */
            @WithDefault("2")
            int inFlightPerOwner();

            /** Most attempts of one owner waiting in memory on one instance; more stay in the log for the scheduler. */
            @WithDefault("100")
            int queuedPerOwner();
        }
    }

    /** The SSE alert stream ({@code redline.alerts.stream.*}). */
    Stream stream();

    /** Settings of the alert log index. */
    interface Log {

        /** How long writing an alert to the log retries while Elasticsearch is away. */
        @WithDefault("30s")
        Duration writeRetry();
    }

    /** Settings of the SSE alert stream. */
    interface Stream {

        /** Most open streams per instance; more are refused with 503. */
        @WithDefault("200")
        int maxClients();

        /** How often the stream's poller reads the alert log. */
        @WithDefault("400ms")
        Duration pollInterval();

        /** How far back each poll re-reads: alerts from several instances become visible out of order. */
        @WithDefault("10s")
        Duration overlap();

        /** Heartbeat comment interval on idle streams. */
        @WithDefault("15s")
        Duration heartbeat();
    }
}
