package io.redline.alerts.quota;

/** One per-owner quota: its name in problems and settings, and its field in {@code /api/quotas}. */
public enum Limit {
    SUBSCRIPTIONS_PER_OWNER("subscriptions-per-owner", "subscriptionsPerOwner"),
    CHANNELS_PER_SUBSCRIPTION("channels-per-subscription", "channelsPerSubscription"),
    RECIPIENTS_PER_CHANNEL("recipients-per-channel", "recipientsPerChannel"),
    ALERTS_PER_HOUR("alerts-per-hour", "alertsPerHour");

    private final String limitName;
    private final String field;

    Limit(String limitName, String field) {
        this.limitName = limitName;
        this.field = field;
    }

    /** The name problems carry in {@code limit}, e.g. {@code subscriptions-per-owner}. */
    public String limitName() {
        return limitName;
    }

    /** The JSON field of an override. */
    public String field() {
        return field;
    }

    /** The configuration property of the default, e.g. {@code redline.alerts.quota.subscriptions-per-owner}. */
    public String setting() {
        return "redline.alerts.quota." + limitName;
    }
}
