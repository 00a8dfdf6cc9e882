package io.redline.alerts.quota;

import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.common.kafka.CompactedTable;
import io.redline.contracts.Topic;
import io.redline.query.InvalidParameterException;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The per-owner quotas: the defaults of {@code redline.alerts.quota.*} and the admins' per-owner overrides, kept in
 * the compacted topic {@code redline.quotas} that every instance reads in full and follows, so an override set
 * through any instance applies on all of them.
 */
@ApplicationScoped
public class Quotas implements AutoCloseable {

    /** Highest channel and recipient counts an override may set: the validator's structural ceilings. */
    public static final int MAX_CHANNELS = 50;

    public static final int MAX_RECIPIENTS = 100;

    private final QuotaLimits defaults;
    private final int maxSubscriptions;
    private final Clock clock;
    private final CompactedTable<QuotaOverride> table;

    @Inject
    public Quotas(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AlertsConfig config) {
        this(kafkaConfig, "quotas-" + instanceId(), defaults(config), config.maxSubscriptions(), Clock.systemUTC());
    }

    /** Quotas with their own Kafka clients named {@code clientId}; call {@link #start()} to read the topic. */
    public Quotas(
            Map<String, Object> kafkaConfig, String clientId, QuotaLimits defaults, int maxSubscriptions, Clock clock) {
        this.defaults = defaults;
        this.maxSubscriptions = maxSubscriptions;
        this.clock = clock;
        this.table = new CompactedTable<>(
                Topic.QUOTAS.topicName(), QuotaOverride.class, "QuotaOverride", kafkaConfig, clientId);
    }

    /** The configured defaults. */
    public static QuotaLimits defaults(AlertsConfig config) {
        AlertsConfig.Quota q = config.quota();
        return new QuotaLimits(
                q.subscriptionsPerOwner(), q.channelsPerSubscription(), q.recipientsPerChannel(), q.alertsPerHour());
    }

    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "alert";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** After the topics were created (TopicInitializer runs at priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        start();
    }

    /** Starts reading the topic. */
    public void start() {
        table.start();
    }

    /** The defaults every owner without an override has. */
    public QuotaLimits defaults() {
        return defaults;
    }

    /**
     * The limits in force for {@code owner} (subscriptions without an owner, made before API keys, share the
     * defaults). Until the topic has been read the defaults apply: overrides usually raise limits, and the API
     * answers 503 until the subscriptions are read anyway.
     */
    public QuotaLimits limitsFor(String owner) {
        return defaults.with(override(owner));
    }

    /** The admin's override of {@code owner}, or null. */
    public QuotaOverride override(String owner) {
        return owner == null ? null : table.get(owner);
    }

    /** Every override, by owner. */
    public List<QuotaOverride> overrides() {
        requireLoaded();
        return table.values().stream()
                .sorted(Comparator.comparing(QuotaOverride::owner))
                .toList();
    }

    /** Sets the override of {@code owner} (values validated here, 400 naming the field); returns what was stored. */
    public QuotaOverride put(String owner, QuotaOverride request, String by) {
        requireLoaded();
        if (request == null) {
            throw new InvalidParameterException("body", "a JSON object with at least one limit is required");
        }
        Integer subs = value(Limit.SUBSCRIPTIONS_PER_OWNER, request.subscriptionsPerOwner(), 0, maxSubscriptions);
        Integer channels = value(Limit.CHANNELS_PER_SUBSCRIPTION, request.channelsPerSubscription(), 1, MAX_CHANNELS);
        Integer recipients = value(Limit.RECIPIENTS_PER_CHANNEL, request.recipientsPerChannel(), 1, MAX_RECIPIENTS);
        Integer alerts = value(Limit.ALERTS_PER_HOUR, request.alertsPerHour(), 0, 10_000_000);
        if (subs == null && channels == null && recipients == null && alerts == null) {
            throw new InvalidParameterException(
                    "body",
                    "set at least one of subscriptionsPerOwner, channelsPerSubscription, "
                            + "recipientsPerChannel, alertsPerHour (DELETE removes the override)");
        }
        QuotaOverride stored = new QuotaOverride(owner, subs, channels, recipients, alerts, clock.instant(), by);
        try {
            table.put(owner, stored);
        } catch (CompactedTable.WriteFailedException e) {
            throw new ServiceUnavailableException(e.getMessage(), 5L);
        }
        return stored;
    }

    /** Removes the override of {@code owner}; false when there was none. */
    public boolean delete(String owner) {
        requireLoaded();
        if (!table.containsKey(owner)) {
            return false;
        }
        try {
            table.delete(owner);
        } catch (CompactedTable.WriteFailedException e) {
            throw new ServiceUnavailableException(e.getMessage(), 5L);
        }
        return true;
    }

    /**
     * Refuses (422) a subscription that would take {@code owner} past a count quota, or that would match every
     * article without being a digest.
     *
     * @param owned how many other subscriptions {@code owner} has (this one not counted); negative: not checked (an
     *              update that keeps the owner never counts against the limit, even one lowered since)
     */
    public void checkSubscription(String owner, Subscription s, long owned) {
        QuotaLimits limits = limitsFor(owner);
        QuotaOverride o = override(owner);
        if (owned >= 0 && owned >= limits.subscriptionsPerOwner()) {
            throw QuotaExceededException.count(
                    Limit.SUBSCRIPTIONS_PER_OWNER,
                    limits,
                    overridden(o, Limit.SUBSCRIPTIONS_PER_OWNER),
                    owner,
                    "owner '" + owner + "' already has " + owned + " subscriptions");
        }
        if (s.channels().size() > limits.channelsPerSubscription()) {
            throw QuotaExceededException.count(
                    Limit.CHANNELS_PER_SUBSCRIPTION,
                    limits,
                    overridden(o, Limit.CHANNELS_PER_SUBSCRIPTION),
                    owner,
                    "channels has " + s.channels().size() + " channels");
        }
        for (int i = 0; i < s.channels().size(); i++) {
            Channel c = s.channels().get(i);
            if (c.to().size() > limits.recipientsPerChannel()) {
                throw QuotaExceededException.count(
                        Limit.RECIPIENTS_PER_CHANNEL,
                        limits,
                        overridden(o, Limit.RECIPIENTS_PER_CHANNEL),
                        owner,
                        "channels[" + i + "].to has " + c.to().size() + " addresses");
            }
        }
        if (MatchEverything.refused(s)) {
            throw new QuotaExceededException(422, "match-everything", null, null, null, MatchEverything.detail());
        }
    }

    private static boolean overridden(QuotaOverride o, Limit limit) {
        return o != null && o.value(limit) != null;
    }

    private static Integer value(Limit limit, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidParameterException(limit.field(), "must be from " + min + " to " + max);
        }
        return value;
    }

    private void requireLoaded() {
        if (!table.isLoaded()) {
            throw new ServiceUnavailableException("quotas are still being read from Kafka; retry shortly", 5L);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        table.close();
    }
}
