package io.redline.alerts.delivery;

import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.channel.StandardWebhooks;
import io.redline.alerts.channel.WebhookPayload;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Delivers an alert or a digest to a generic webhook channel: the {@link WebhookPayload} JSON, signed per Standard Webhooks. */
@ApplicationScoped
public class StandardWebhookSender {

    private final WebhookTransport transport;

    public StandardWebhookSender(WebhookTransport transport) {
        this.transport = transport;
    }

    /**
     * Sends {@code alert} to {@code url} signed with every secret in {@code secrets} (the subscription's
     * {@code activeSecrets}); {@code now} is the payload and signature timestamp. The webhook-id is the alert id,
     * the same on every retry, so a receiver can drop a repeat.
     */
    public DeliveryOutcome send(String url, Alert alert, List<String> secrets, Instant now) {
        // Sign and send the very same bytes: a re-serialisation could differ and break the signature.
        byte[] body = WebhookPayload.of(alert, now).bytes();
        Map<String, String> headers = StandardWebhooks.headers(secrets, alert.id(), now, body);
        return transport.post(url, body, headers);
    }

    /**
     * Sends {@code digest} as a {@link WebhookPayload.Digest} ({@code alert.digest}), signed like a single alert; the
     * webhook-id is the digest id, the same on every retry.
     */
    public DeliveryOutcome send(String url, AlertDigest digest, List<String> secrets, Instant now) {
        byte[] body = WebhookPayload.of(digest, now).bytes();
        Map<String, String> headers = StandardWebhooks.headers(secrets, digest.id(), now, body);
        return transport.post(url, body, headers);
    }

    /**
     * Sends a morning brief as {@code {"type": "brief.created", "timestamp", "data": <Brief>}}, signed like an alert;
     * the webhook-id is the brief id, the same on every retry.
     */
    public DeliveryOutcome send(
            String url, io.redline.alerts.brief.BriefMessage brief, List<String> secrets, Instant now) {
        byte[] body =
                io.redline.alerts.channel.BriefMessages.Payload.of(brief, now).bytes();
        Map<String, String> headers = StandardWebhooks.headers(secrets, brief.id(), now, body);
        return transport.post(url, body, headers);
    }
}
