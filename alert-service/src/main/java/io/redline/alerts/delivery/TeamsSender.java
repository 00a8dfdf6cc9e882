package io.redline.alerts.delivery;

import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.channel.TeamsCard;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Delivers an alert or a digest to a Microsoft Teams Workflows webhook URL as a {@link TeamsCard}. */
@ApplicationScoped
public class TeamsSender {

    private final WebhookTransport transport;

    public TeamsSender(WebhookTransport transport) {
        this.transport = transport;
    }

    /** Workflows answer 202 Accepted once the flow is queued. */
    public DeliveryOutcome send(String url, Alert alert) {
        return transport.post(url, TeamsCard.json(alert).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A digest, answered like a single alert. */
    public DeliveryOutcome send(String url, AlertDigest digest) {
        return transport.post(url, TeamsCard.json(digest).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A morning brief, answered like a single alert. */
    public DeliveryOutcome send(String url, io.redline.alerts.brief.BriefMessage brief) {
        return transport.post(
                url, io.redline.alerts.channel.BriefMessages.teams(brief).getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
