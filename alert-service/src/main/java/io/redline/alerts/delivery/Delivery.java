package io.redline.alerts.delivery;

import io.redline.alerts.brief.BriefMessage;
import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.contracts.Alert;
import java.time.Instant;

/**
 * One alert (or digest) for one channel of a subscription, as the delivery log in Elasticsearch keeps it: what to
 * send, where it stands, and what the receiver last answered. The log is also the durable retry queue.
 *
 * @param id             {@code dlv_} + hash of the alert (or digest) id and the channel id: one per pair
 * @param kind           {@link #ALERT}, {@link #DIGEST} or {@link #BRIEF}
 * @param subscriptionId the subscription
 * @param channelId      the channel of that subscription
 * @param channelType    its type when the delivery was made
 * @param status         where it stands
 * @param attempts       sending attempts made so far
 * @param lastStatus     the receiver's last HTTP status (0: no reply), or null before the first attempt
 * @param lastError      why the last attempt failed (or what disabled the channel), or null
 * @param createdAt      when the delivery was made
 * @param matchedAt      when the article was matched (for a digest: the earliest of its alerts)
 * @param nextAttemptAt  when it is due (pending, scheduled, retrying), else null
 * @param leaseUntil     until when one worker holds it; another may take it over afterwards (crash recovery)
 * @param deliveredAt    when the receiver accepted it, or null
 * @param latencyMs      deliveredAt - matchedAt, or null
 * @param digestDueAt    for a queued alert of a digest subscription: when its digest goes out
 * @param digestId       for an alert sent in a digest: that digest's id
 * @param alert          the alert (kind alert)
 * @param digest         the digest (kind digest)
 * @param brief          the morning brief (kind brief)
 */
public record Delivery(
        String id,
        String kind,
        String subscriptionId,
        String channelId,
        ChannelType channelType,
        Status status,
        int attempts,
        Integer lastStatus,
        String lastError,
        Instant createdAt,
        Instant matchedAt,
        Instant nextAttemptAt,
        Instant leaseUntil,
        Instant deliveredAt,
        Long latencyMs,
        Instant digestDueAt,
        String digestId,
        Alert alert,
        AlertDigest digest,
        BriefMessage brief) {

    public static final String ALERT = "alert";
    public static final String DIGEST = "digest";
    public static final String BRIEF = "brief";

    /** An alert or digest delivery (the form before briefs existed). */
    public Delivery(
            String id,
            String kind,
            String subscriptionId,
            String channelId,
            ChannelType channelType,
            Status status,
            int attempts,
            Integer lastStatus,
            String lastError,
            Instant createdAt,
            Instant matchedAt,
            Instant nextAttemptAt,
            Instant leaseUntil,
            Instant deliveredAt,
            Long latencyMs,
            Instant digestDueAt,
            String digestId,
            Alert alert,
            AlertDigest digest) {
        this(
                id,
                kind,
                subscriptionId,
                channelId,
                channelType,
                status,
                attempts,
                lastStatus,
                lastError,
                createdAt,
                matchedAt,
                nextAttemptAt,
                leaseUntil,
                deliveredAt,
                latencyMs,
                digestDueAt,
                digestId,
                alert,
                digest,
                null);
    }

    /** Where a delivery stands. */
    public enum Status {
        /** Due now: a worker sends it as soon as it is made, or takes it over once its lease expired. */
        PENDING,
        /** Waiting for the end of the subscription's quiet hours ({@code nextAttemptAt}). */
        SCHEDULED,
        /** A failed attempt; the next one is at {@code nextAttemptAt}. */
        RETRYING,
        /** Waiting for its digest ({@code digestDueAt}). */
        QUEUED,
        /** Sent as part of the digest {@code digestId}. */
        DIGESTED,
        /** The receiver accepted it. */
        DELIVERED,
        /** Gave up: a permanent refusal or too many attempts; also written to {@code redline.alerts.dlq}. */
        FAILED,
        /** The receiver answered 410 Gone: the channel was disabled. */
        GONE,
        /** Not sent: the subscription or channel was deleted or disabled before it was due. */
        SKIPPED;

        /** Whether a worker may still send it. */
        public boolean open() {
            return this == PENDING || this == SCHEDULED || this == RETRYING;
        }
    }

    /** The delivery id of an alert or digest id for one channel. */
    public static String idFor(String messageId, String channelId) {
        return "dlv_" + AlertFactory.hash(messageId + "|" + channelId).substring(0, 32);
    }

    /** The message id the receiver sees ({@code webhook-id}). */
    public String messageId() {
        return DIGEST.equals(kind) ? digest.id() : BRIEF.equals(kind) ? brief.id() : alert.id();
    }

    /** A copy in another state. */
    public Delivery with(
            Status status,
            int attempts,
            Integer lastStatus,
            String lastError,
            Instant nextAttemptAt,
            Instant leaseUntil,
            Instant deliveredAt,
            Long latencyMs) {
        return new Delivery(
                id,
                kind,
                subscriptionId,
                channelId,
                channelType,
                status,
                attempts,
                lastStatus,
                lastError,
                createdAt,
                matchedAt,
                nextAttemptAt,
                leaseUntil,
                deliveredAt,
                latencyMs,
                digestDueAt,
                digestId,
                alert,
                digest,
                brief);
    }

    /** A copy held by a worker until {@code until}. */
    public Delivery leased(Instant until) {
        return with(status, attempts, lastStatus, lastError, nextAttemptAt, until, deliveredAt, latencyMs);
    }

    /** A queued alert marked as sent in the digest {@code id}. */
    public Delivery digested(String id) {
        return new Delivery(
                this.id,
                kind,
                subscriptionId,
                channelId,
                channelType,
                Status.DIGESTED,
                attempts,
                lastStatus,
                lastError,
                createdAt,
                matchedAt,
                null,
                leaseUntil,
                deliveredAt,
                latencyMs,
                digestDueAt,
                id,
                alert,
                digest,
                brief);
    }
}
