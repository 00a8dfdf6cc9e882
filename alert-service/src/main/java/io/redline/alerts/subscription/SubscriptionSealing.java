package io.redline.alerts.subscription;

import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.common.secrets.SecretSealer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Seals the credentials of a subscription for its record in {@code redline.subscriptions} and opens them when read:
 * the webhook signing secrets and every channel URL (Slack and Teams URLs are bearer credentials, and webhook URLs
 * often embed a token too). E-mail addresses, queries and the rest stay readable.
 *
 * <p>Each value is bound to its subscription's id, so a sealed value copied into another record does not open.
 * Values written in clear (before sealing existed) are read as they are and reported by {@link #needsResealing}.
 */
final class SubscriptionSealing {

    private final SecretSealer sealer;

    SubscriptionSealing(SecretSealer sealer) {
        this.sealer = sealer;
    }

    /** The stored form: credentials sealed with the current key. */
    Subscription seal(Subscription s) {
        String context = context(s);
        return with(s, v -> v == null ? null : sealer.seal(v, context));
    }

    /**
     * The in-memory form: credentials opened (values in clear are taken as they are).
     *
     * @throws io.redline.common.secrets.SecretsException when a value does not open (unknown or wrong key, altered)
     */
    Subscription open(Subscription stored) {
        String context = context(stored);
        return with(stored, v -> SecretSealer.isSealed(v) ? sealer.open(v, context) : v);
    }

    /** Whether a stored record holds a credential in clear or sealed with a key other than the current one. */
    boolean needsResealing(Subscription stored) {
        return stored.channels().stream().anyMatch(c -> sealer.needsResealing(c.url()))
                || stored.webhookSecrets().stream().anyMatch(w -> sealer.needsResealing(w.secret()));
    }

    /** The id of the key new records are sealed with. */
    String currentKeyId() {
        return sealer.keys().current().id();
    }

    private static String context(Subscription s) {
        return "redline.subscriptions/" + s.id();
    }

    private static Subscription with(Subscription s, UnaryOperator<String> f) {
        List<Channel> channels = s.channels().stream()
                .map(c -> c.url() == null
                        ? c
                        : new Channel(c.id(), c.type(), f.apply(c.url()), c.to(), c.enabled(), c.disabledReason()))
                .toList();
        List<WebhookSecret> secrets = s.webhookSecrets().stream()
                .map(w -> new WebhookSecret(f.apply(w.secret()), w.createdAt(), w.expiresAt()))
                .toList();
        return new Subscription(
                s.id(),
                s.name(),
                s.owner(),
                s.query(),
                s.filters(),
                s.minLevel(),
                s.minScore(),
                s.signals(),
                s.actors(),
                s.mode(),
                s.timeZone(),
                s.quietHours(),
                channels,
                secrets,
                s.createdAt(),
                s.updatedAt(),
                s.enabled(),
                s.kind(),
                s.spike(),
                s.minOutlets(),
                s.brief());
    }
}
