package io.redline.alerts.quota;

import java.time.Instant;

/**
 * An admin's quotas for one owner, as stored in the compacted topic {@code redline.quotas} (keyed by owner) and
 * sent to {@code PUT /api/quotas/{owner}}: each value replaces its default; null keeps the default.
 *
 * @param owner                   the owner (set by the store from the path)
 * @param subscriptionsPerOwner   see {@link Limit#SUBSCRIPTIONS_PER_OWNER}
 * @param channelsPerSubscription see {@link Limit#CHANNELS_PER_SUBSCRIPTION}
 * @param recipientsPerChannel    see {@link Limit#RECIPIENTS_PER_CHANNEL}
 * @param alertsPerHour           see {@link Limit#ALERTS_PER_HOUR}
 * @param updatedAt               when it was set (set by the store)
 * @param updatedBy               the admin who set it (set by the store)
 */
public record QuotaOverride(
        String owner,
        Integer subscriptionsPerOwner,
        Integer channelsPerSubscription,
        Integer recipientsPerChannel,
        Integer alertsPerHour,
        Instant updatedAt,
        String updatedBy) {

    /** The value this override sets for {@code limit}, or null. */
    public Integer value(Limit limit) {
        return switch (limit) {
            case SUBSCRIPTIONS_PER_OWNER -> subscriptionsPerOwner;
            case CHANNELS_PER_SUBSCRIPTION -> channelsPerSubscription;
            case RECIPIENTS_PER_CHANNEL -> recipientsPerChannel;
            case ALERTS_PER_HOUR -> alertsPerHour;
        };
    }
}
