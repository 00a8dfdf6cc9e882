package io.redline.alerts.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.alerts.subscription.Subscription.QuietHours;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the API shows it: everything but the webhook secrets, of which only the dates are shown; the
 * responses that create a secret (create, an update adding the first webhook channel, rotate-secret) carry it once
 * in {@code webhookSecret}.
 *
 * @param webhookSecrets when each secret was made and, for the previous one during a rotation, when it stops
 *                       being signed with
 * @param webhookSecret  the secret just created, only in the response that created it; otherwise absent
 */
public record SubscriptionView(
        String id,
        String name,
        String owner,
        String query,
        Map<String, List<String>> filters,
        EscalationLevel minLevel,
        Integer minScore,
        List<SignalType> signals,
        List<String> actors,
        Mode mode,
        String timeZone,
        QuietHours quietHours,
        List<Channel> channels,
        List<SecretInfo> webhookSecrets,
        Instant createdAt,
        Instant updatedAt,
        boolean enabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret) {

    /** A secret's dates, never its value. */
    public record SecretInfo(Instant createdAt, Instant expiresAt) {}

    /** The view of a stored subscription, without any secret. */
    public static SubscriptionView of(Subscription s) {
        return withSecret(s, null);
    }

    /** The view carrying {@code newSecret} once (the response that created it). */
    static SubscriptionView withSecret(Subscription s, String newSecret) {
        return new SubscriptionView(
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
                s.channels(),
                s.webhookSecrets().stream()
                        .map(w -> new SecretInfo(w.createdAt(), w.expiresAt()))
                        .toList(),
                s.createdAt(),
                s.updatedAt(),
                s.enabled(),
                newSecret);
    }
}
