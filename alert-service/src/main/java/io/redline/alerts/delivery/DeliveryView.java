package io.redline.alerts.delivery;

import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.contracts.EscalationLevel;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A delivery as the API shows it: state, attempts, the receiver's last answer and the latency, with enough of the
 * alert to recognise it (the full alert is what the receiver got; replay sends it again).
 *
 * @param id            delivery id (for {@code POST /api/deliveries/{id}/replay})
 * @param kind          {@code alert} or {@code digest}
 * @param messageId     the alert or digest id, the {@code webhook-id} the receiver saw
 * @param subscriptionId the subscription
 * @param channelId     the channel
 * @param channelType   webhook, slack, teams or email
 * @param status        pending, scheduled, retrying, queued, digested, delivered, failed, gone or skipped
 * @param attempts      attempts made
 * @param lastStatus    the receiver's last HTTP status (0: no reply; 250 for an accepted e-mail), or null
 * @param lastError     why the last attempt failed, or null
 * @param createdAt     when the delivery was made
 * @param matchedAt     when the article was matched
 * @param nextAttemptAt when it is due next, or null
 * @param deliveredAt   when the receiver accepted it, or null
 * @param latencyMs     from match to acceptance, or null
 * @param digestId      for an alert sent in a digest: the digest delivery's message id
 * @param title         the article title (alert) or the number of alerts (digest)
 * @param storyId       the story (alert), or null
 * @param level         the alert's level, or null for a digest
 * @param alertKind     {@code new} or {@code update} (alert), or null
 */
public record DeliveryView(
        String id,
        String kind,
        String messageId,
        String subscriptionId,
        String channelId,
        ChannelType channelType,
        String status,
        int attempts,
        Integer lastStatus,
        String lastError,
        Instant createdAt,
        Instant matchedAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Long latencyMs,
        String digestId,
        String title,
        String storyId,
        EscalationLevel level,
        String alertKind) {

    /** An IPv4 or IPv6 literal, with the port after it if any (":8080", "/10.1.2.3:8080", "[::1]:80"). */
    private static final Pattern ADDRESS = Pattern.compile(
            "/?(?:\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|\\[[0-9A-Fa-f:.]+]|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b|\\b(?:[0-9A-Fa-f]{1,4}:)+:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?|::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)(?::\\d{1,5})?");

    /**
     * {@code error} with any IP address (and its port) masked: errors are written for users without addresses
     * ({@link WebhookTransport}), and this keeps older records, and any text a library let through, from showing
     * the network's layout.
     */
    static String withoutAddresses(String error) {
        return error == null ? null : ADDRESS.matcher(error).replaceAll("<address>");
    }

    /** The view of a stored delivery. */
    public static DeliveryView of(Delivery d) {
        // A brief carries no single alert: shown like a digest, with no story, level or alert kind.
        boolean digest = Delivery.DIGEST.equals(d.kind()) || Delivery.BRIEF.equals(d.kind());
        String title = Delivery.BRIEF.equals(d.kind())
                ? "Brief of " + d.brief().brief().hours() + " hours"
                : digest
                        ? d.digest().alerts().size() + " alerts"
                        : d.alert().article() == null
                                ? null
                                : d.alert().article().title();
        return new DeliveryView(
                d.id(),
                d.kind(),
                d.messageId(),
                d.subscriptionId(),
                d.channelId(),
                d.channelType(),
                d.status() == null ? null : d.status().name().toLowerCase(),
                d.attempts(),
                d.lastStatus(),
                withoutAddresses(d.lastError()),
                d.createdAt(),
                d.matchedAt(),
                d.status() == Status.QUEUED ? d.digestDueAt() : d.nextAttemptAt(),
                d.deliveredAt(),
                d.latencyMs(),
                d.digestId(),
                title,
                digest ? null : d.alert().storyId(),
                digest ? null : d.alert().level(),
                digest ? null : d.alert().kind());
    }
}
