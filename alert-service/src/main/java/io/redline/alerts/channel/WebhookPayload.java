package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The JSON body of a generic webhook delivery, in the Standard Webhooks envelope shape:
 * {@code {"type": "alert.created"|"alert.updated", "timestamp": "<ISO-8601>", "data": <Alert>}}; a digest travels
 * in the same envelope as a {@link Digest}.
 *
 * @param type      {@link #CREATED} for the first alert of a story, {@link #UPDATED} when its level rose or it was
 *                  corroborated
 * @param timestamp when the delivery was made
 * @param data      the alert itself
 */
public record WebhookPayload(String type, Instant timestamp, Alert data) {

    public static final String CREATED = "alert.created";
    public static final String UPDATED = "alert.updated";

    public static final String DIGEST = "alert.digest";

    /** The kind of alert sent when a held story reaches a subscription's minimum of independent outlets. */
    public static final String CORROBORATED = "corroborated";

    /** The payload of {@code alert} delivered at {@code now}. */
    public static WebhookPayload of(Alert alert, Instant now) {
        return new WebhookPayload(eventType(alert), now, alert);
    }

    /**
     * {@link #UPDATED} for an alert about a story the receiver may know already (kind {@code update}: its level rose;
     * {@code corroborated}: enough independent outlets now report it), else {@link #CREATED}; the SSE stream names
     * its events the same way. A spike alert (kind {@code spike}) is {@link #CREATED}: each is about a spike in one
     * hour, a story of its own that is never updated; receivers tell it apart by {@code data.kind} and
     * {@code data.spike}.
     */
    public static String eventType(Alert alert) {
        return AlertText.isUpdate(alert) || CORROBORATED.equalsIgnoreCase(alert.kind()) ? UPDATED : CREATED;
    }

    /** The JSON text; sign and send exactly these bytes ({@link #bytes()}), never a re-serialisation. */
    public String json() {
        return ChannelJson.write(this);
    }

    /** The UTF-8 body to send and to sign. */
    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of {@code digest} delivered at {@code now}: the same envelope, type {@link #DIGEST}. */
    public static Digest of(AlertDigest digest, Instant now) {
        return new Digest(DIGEST, now, digest);
    }

    /**
     * The body of a digest delivery: {@code {"type": "alert.digest", "timestamp": ..., "data": <AlertDigest>}}, each
     * alert in {@code data.alerts} exactly as a single alert's {@code data}.
     *
     * @param type      {@link #DIGEST}
     * @param timestamp when the delivery was made
     * @param data      the digest
     */
    public record Digest(String type, Instant timestamp, AlertDigest data) {

        /** The JSON text; sign and send exactly these bytes ({@link #bytes()}), never a re-serialisation. */
        public String json() {
            return ChannelJson.write(this);
        }

        /** The UTF-8 body to send and to sign. */
        public byte[] bytes() {
            return json().getBytes(StandardCharsets.UTF_8);
        }
    }
}
