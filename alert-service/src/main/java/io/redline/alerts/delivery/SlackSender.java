package io.redline.alerts.delivery;

import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.channel.SlackMessage;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Delivers an alert or a digest to a Slack incoming-webhook URL as a {@link SlackMessage}. */
@ApplicationScoped
public class SlackSender {

    private final WebhookTransport transport;

    public SlackSender(WebhookTransport transport) {
        this.transport = transport;
    }

    /** Slack answers 200 "ok"; 404/403 name a bad or revoked URL, 410 an archived channel (disable it). */
    public DeliveryOutcome send(String url, Alert alert) {
        return transport.post(url, SlackMessage.json(alert).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A digest, answered like a single alert. */
    public DeliveryOutcome send(String url, AlertDigest digest) {
        return transport.post(url, SlackMessage.json(digest).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A morning brief, answered like a single alert. */
    public DeliveryOutcome send(String url, io.redline.alerts.brief.BriefMessage brief) {
        return transport.post(
                url, io.redline.alerts.channel.BriefMessages.slack(brief).getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
