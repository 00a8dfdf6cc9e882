package io.redline.alerts.delivery;

import io.redline.alerts.brief.BriefMessage;
import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.channel.EmailSender;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Sends an alert or a digest through one channel of a subscription with the sender of the channel's type. */
@ApplicationScoped
public class ChannelSenders {

    private static final Logger LOG = Logger.getLogger(ChannelSenders.class);

    private final StandardWebhookSender webhook;
    private final SlackSender slack;
    private final TeamsSender teams;
    private final EmailSender email;

    public ChannelSenders(StandardWebhookSender webhook, SlackSender slack, TeamsSender teams, EmailSender email) {
        this.webhook = webhook;
        this.slack = slack;
        this.teams = teams;
        this.email = email;
    }

    /** Sends what {@code d} carries through channel {@code c} of {@code s}, signing webhooks with its secrets. */
    public DeliveryOutcome send(Subscription s, Channel c, Delivery d, Instant now) {
        if (Delivery.BRIEF.equals(d.kind())) {
            return send(s, c, d.brief(), now);
        }
        return Delivery.DIGEST.equals(d.kind()) ? send(s, c, d.digest(), now) : send(s, c, d.alert(), now);
    }

    /** Sends one alert through a channel. */
    public DeliveryOutcome send(Subscription s, Channel c, Alert alert, Instant now) {
        return switch (c.type()) {
            case WEBHOOK -> webhook.send(c.url(), alert, s.activeWebhookSecrets(now), now);
            case SLACK -> slack.send(c.url(), alert);
            case TEAMS -> teams.send(c.url(), alert);
            case EMAIL -> mail(() -> email.send(alert, c.to()));
        };
    }

    /** Sends one digest through a channel. */
    public DeliveryOutcome send(Subscription s, Channel c, AlertDigest digest, Instant now) {
        return switch (c.type()) {
            case WEBHOOK -> webhook.send(c.url(), digest, s.activeWebhookSecrets(now), now);
            case SLACK -> slack.send(c.url(), digest);
            case TEAMS -> teams.send(c.url(), digest);
            case EMAIL -> mail(() -> email.send(digest, c.to()));
        };
    }

    /** Sends one morning brief through a channel (webhook type {@code brief.created}). */
    public DeliveryOutcome send(Subscription s, Channel c, BriefMessage brief, Instant now) {
        return switch (c.type()) {
            case WEBHOOK -> webhook.send(c.url(), brief, s.activeWebhookSecrets(now), now);
            case SLACK -> slack.send(c.url(), brief);
            case TEAMS -> teams.send(c.url(), brief);
            case EMAIL -> mail(() -> email.send(brief, c.to()));
        };
    }

    /**
     * An SMTP hand-over as an outcome: accepted is success; no recipient is permanent; anything the mailer throws
     * (server down, refused, time-out) is retried, since SMTP servers refuse temporarily far more often than for good.
     */
    private static DeliveryOutcome mail(Runnable send) {
        try {
            send.run();
            return DeliveryOutcome.success(250, "");
        } catch (IllegalArgumentException e) {
            return DeliveryOutcome.permanent(0, "e-mail: " + e.getMessage(), "");
        } catch (RuntimeException e) {
            // The mailer's message names the SMTP server (an internal host): the log keeps it, users get none of it.
            LOG.warnf("E-mail delivery failed: %s", e.toString());
            return DeliveryOutcome.retryable(0, null, "SMTP: the mail server did not accept the message", "");
        }
    }
}
