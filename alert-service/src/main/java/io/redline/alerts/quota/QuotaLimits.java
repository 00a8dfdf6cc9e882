package io.redline.alerts.quota;

/**
 * The quotas in force for one owner: the configured defaults with an admin's overrides applied.
 *
 * @param subscriptionsPerOwner most subscriptions the owner may have
 * @param channelsPerSubscription most channels of one subscription
 * @param recipientsPerChannel most addresses of one e-mail channel
 * @param alertsPerHour most alerts dispatched for the owner in any hour; more are suppressed
 */
public record QuotaLimits(
        int subscriptionsPerOwner, int channelsPerSubscription, int recipientsPerChannel, int alertsPerHour) {

    /** The value of one limit. */
    public int value(Limit limit) {
        return switch (limit) {
            case SUBSCRIPTIONS_PER_OWNER -> subscriptionsPerOwner;
            case CHANNELS_PER_SUBSCRIPTION -> channelsPerSubscription;
            case RECIPIENTS_PER_CHANNEL -> recipientsPerChannel;
            case ALERTS_PER_HOUR -> alertsPerHour;
        };
    }

    /** These limits with the values {@code override} sets (null: keep). */
    public QuotaLimits with(QuotaOverride override) {
        if (override == null) {
            return this;
        }
        return new QuotaLimits(
                pick(override.subscriptionsPerOwner(), subscriptionsPerOwner),
                pick(override.channelsPerSubscription(), channelsPerSubscription),
                pick(override.recipientsPerChannel(), recipientsPerChannel),
                pick(override.alertsPerHour(), alertsPerHour));
    }

    private static int pick(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
