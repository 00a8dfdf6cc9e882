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
 * in {@code webhookSecret}. Channel URLs are write-only: shown masked ({@code https://hooks.slack.com/services/...Ab12}),
 * since Slack, Teams and many webhook URLs work as bearer credentials.
 *
 * @param channels       the channels, each URL masked
 *
 * @param webhookSecrets when each secret was made and, for the previous one during a rotation, when it stops
 *                       being signed with
 * @param webhookSecret  the secret just created, only in the response that created it; otherwise absent
 * @param status         {@value #ACTIVE}, or {@value #SUSPENDED} while the owner has no active API key (an editor
 *                       whose keys were all revoked): then nothing is delivered until the owner gets a key again
 * @param statusReason   why it is suspended; absent when active
 * @param kind           {@code articles} or {@code spike}
 * @param spike          the spike condition of a {@code spike} subscription; absent otherwise
 * @param minOutlets     independent outlets a story needs before it alerts (1: at once)
 * @param brief          the morning brief's local time and hours, or null
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String statusReason,
        String kind,
        @JsonInclude(JsonInclude.Include.NON_NULL) SpikeCondition spike,
        int minOutlets,

        @JsonInclude(JsonInclude.Include.NON_NULL) Subscription.BriefSchedule brief) {

    /** {@code status} of a subscription that delivers (when enabled). */
    public static final String ACTIVE = "active";
    /** {@code status} of a subscription whose owner has no active API key: it delivers nothing meanwhile. */
    public static final String SUSPENDED = "suspended";

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
                s.channels().stream()
                        .map(c -> new Channel(
                                c.id(), c.type(), ChannelUrls.mask(c.url()), c.to(), c.enabled(), c.disabledReason()))
                        .toList(),
                s.webhookSecrets().stream()
                        .map(w -> new SecretInfo(w.createdAt(), w.expiresAt()))
                        .toList(),
                s.createdAt(),
                s.updatedAt(),
                s.enabled(),
                newSecret,
                ACTIVE,
                null,
                s.kind(),
                s.spike(),
                s.minOutlets(),
                s.brief());
    }

    /** This view marked {@value #SUSPENDED} for {@code reason}. */
    public SubscriptionView suspended(String reason) {
        return new SubscriptionView(
                id,
                name,
                owner,
                query,
                filters,
                minLevel,
                minScore,
                signals,
                actors,
                mode,
                timeZone,
                quietHours,
                channels,
                webhookSecrets,
                createdAt,
                updatedAt,
                enabled,
                webhookSecret,
                SUSPENDED,
                reason,
                kind,
                spike,
                minOutlets,
                brief);
    }
}
