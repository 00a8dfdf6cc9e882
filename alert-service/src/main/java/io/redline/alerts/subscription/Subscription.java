package io.redline.alerts.subscription;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import io.redline.query.SubscriptionQuery;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert subscription as it is stored (JSON value of the compacted topic {@code redline.subscriptions}, keyed by
 * {@link #id}): what to match, how and where to deliver, and the webhook signing secrets.
 *
 * <p>In memory the webhook secrets and channel URLs are in clear, because delivery needs them; in the topic they are
 * sealed ({@link SubscriptionSealing}) with a key Kafka never holds. Protect the topic with Kafka ACLs all the same:
 * the rest of the record (queries, addresses, owners) is readable, and sealing keeps it secret, not unforgeable.
 *
 * @param id             {@code sub_} and 16 random url-safe base64 characters
 * @param name           1-200 characters
 * @param owner          the API key's owner once API keys exist; null until then
 * @param query          the {@code q} of {@code /api/articles}, or null
 * @param filters        filter parameters of {@code /api/articles} by name ({@code source}, {@code level}, ...)
 * @param minLevel       lowest escalation level, or null
 * @param minScore       lowest escalation score 0-100, or null
 * @param signals        signal types, any of them
 * @param actors         actor codes, all of them
 * @param mode           immediate delivery or an hourly / daily digest
 * @param timeZone       IANA time zone of the digest schedule and the quiet hours
 * @param quietHours     when nothing is delivered (alerts wait until it ends), or null
 * @param channels       1-10 delivery channels
 * @param webhookSecrets signing secrets of the webhook channels: the current one first (expiresAt null), then during
 *                       a rotation's overlap the previous one; empty when there is no webhook channel
 * @param createdAt      creation time
 * @param updatedAt      last change
 * @param enabled        false keeps the subscription but matches nothing
 * @param kind           {@value #ARTICLES} (matches articles, the default) or {@value #SPIKE} (alerts on spikes)
 * @param spike          what a {@value #SPIKE} subscription alerts on; null for {@value #ARTICLES}
 * @param minOutlets     independent outlets a story needs before it alerts, 1-100 (1, the default: at once); a match
 *                       of a story with fewer is held until a later article gives it enough ({@code corroborated})
 * @param brief          when a morning brief goes out on the channels ({@code io.redline.alerts.brief}), or null
 */
public record Subscription(
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
        List<WebhookSecret> webhookSecrets,
        Instant createdAt,
        Instant updatedAt,
        boolean enabled,
        String kind,
        SpikeCondition spike,
        Integer minOutlets,
        BriefSchedule brief) {

    /** {@link #kind} of a subscription that matches articles. */
    public static final String ARTICLES = "articles";
    /** {@link #kind} of a subscription that alerts on spikes (io.redline.alerts.spike). */
    public static final String SPIKE = "spike";

    /** A subscription that matches articles at once and sends no brief (as stored before spike subscriptions, minOutlets and briefs). */
    public Subscription(
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
            List<WebhookSecret> webhookSecrets,
            Instant createdAt,
            Instant updatedAt,
            boolean enabled) {
        this(
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
                ARTICLES,
                null,
                1,
                null);
    }

    public Subscription {
        kind = kind == null ? ARTICLES : kind;
        minOutlets = minOutlets == null || minOutlets < 1 ? 1 : minOutlets;
        filters = filters == null ? Map.of() : copy(filters);
        signals = signals == null ? List.of() : List.copyOf(signals);
        actors = actors == null ? List.of() : List.copyOf(actors);
        mode = mode == null ? Mode.IMMEDIATE : mode;
        timeZone = timeZone == null ? "UTC" : timeZone;
        channels = channels == null ? List.of() : List.copyOf(channels);
        webhookSecrets = webhookSecrets == null ? List.of() : List.copyOf(webhookSecrets);
    }

    /** An unmodifiable copy keeping the parameters' order (a null value list, possible in stored JSON, is empty). */
    private static Map<String, List<String>> copy(Map<String, List<String>> filters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        filters.forEach((name, values) -> out.put(
                name,
                values == null
                        ? List.of()
                        : values.stream().filter(Objects::nonNull).toList()));
        return Collections.unmodifiableMap(out);
    }

    /** When alerts are delivered. */
    public enum Mode {
        /** Each alert as soon as it matches (outside quiet hours). */
        IMMEDIATE,
        /** One message per hour with the alerts of that hour. */
        DIGEST_HOURLY,
        /** One message per day with the alerts of that day (in the subscription's time zone). */
        DIGEST_DAILY
    }

    /** Where a channel delivers. */
    public enum ChannelType {
        /** A Standard Webhooks endpoint, signed with the subscription's secret. */
        @JsonProperty("webhook")
        WEBHOOK,
        /** A Slack incoming-webhook URL. */
        @JsonProperty("slack")
        SLACK,
        /** A Microsoft Teams Workflows webhook URL. */
        @JsonProperty("teams")
        TEAMS,
        /** E-mail to a list of addresses. */
        @JsonProperty("email")
        EMAIL
    }

    /**
     * A time range in the subscription's time zone during which nothing is delivered; {@code start} after
     * {@code end} spans midnight (22:00-07:00).
     *
     * @param start first quiet minute, {@code HH:mm}
     * @param end   first minute that is no longer quiet, {@code HH:mm}
     */
    public record QuietHours(String start, String end) {

        /** Whether a wall-clock time lies inside the range. */
        public boolean contains(LocalTime time) {
            LocalTime s = LocalTime.parse(start);
            LocalTime e = LocalTime.parse(end);
            return s.isBefore(e) ? !time.isBefore(s) && time.isBefore(e) : !time.isBefore(s) || time.isBefore(e);
        }
    }

    /**
     * A daily morning brief: at local time {@code at} (the subscription's time zone) the last {@code hours} hours.
     *
     * @param at    {@code HH:mm}
     * @param hours 1-72
     */
    public record BriefSchedule(String at, int hours) {

        /** {@link #at} as a time. */
        public LocalTime localTime() {
            return LocalTime.parse(at);
        }
    }

    /**
     * One delivery channel.
     *
     * @param id             {@code ch_} and 8 random characters; stays the same across updates
     * @param type           webhook, slack, teams or email
     * @param url            https URL (webhook, slack, teams), else null; sealed in the stored record, masked in the API
     * @param to             addresses (email), else empty
     * @param enabled        false skips the channel
     * @param disabledReason why delivery turned the channel off (e.g. the endpoint answered 410 Gone), or null
     */
    public record Channel(
            String id, ChannelType type, String url, List<String> to, boolean enabled, String disabledReason) {

        public Channel {
            to = to == null ? List.of() : List.copyOf(to);
        }

        /** Same kind and destination (what decides whether an edited channel keeps its id). */
        boolean sameDestination(Channel other) {
            return type == other.type && Objects.equals(url, other.url) && to.equals(other.to);
        }
    }

    /**
     * A webhook signing secret ({@code whsec_} + base64 of 32 random bytes, the Standard Webhooks form).
     *
     * @param secret    the secret
     * @param createdAt when it was made
     * @param expiresAt null for the current secret; for the previous one, the end of the rotation's overlap
     */
    public record WebhookSecret(String secret, Instant createdAt, Instant expiresAt) {

        /** Never prints the secret (records print their fields, and subscriptions end up in logs). */
        @Override
        public String toString() {
            return "WebhookSecret[createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The matching part, for the {@code SubscriptionMatcher} (validated as the search API validates). */
    public SubscriptionQuery toQuery() {
        return new SubscriptionQuery(id, query, filters, minLevel, minScore, signals, actors);
    }

    /** Whether it alerts on spikes instead of matching articles. */
    @JsonIgnore
    public boolean watchesSpikes() {
        return SPIKE.equals(kind) && spike != null;
    }

    /** The time zone as a {@link ZoneId}. */
    @JsonIgnore
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Whether {@code instant} falls into the quiet hours (false when there are none). */
    public boolean quietAt(Instant instant) {
        return quietHours != null && quietHours.contains(instant.atZone(zone()).toLocalTime());
    }

    /**
     * The secrets a webhook delivery at {@code now} signs with: the current one, plus the previous one while its
     * overlap lasts (Standard Webhooks sends one signature per secret, so receivers holding either accept it).
     */
    public List<String> activeWebhookSecrets(Instant now) {
        return webhookSecrets.stream()
                .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
                .map(WebhookSecret::secret)
                .toList();
    }

    /** Whether a channel of this type is configured. */
    boolean hasChannel(ChannelType type) {
        return channels.stream().anyMatch(c -> c.type() == type);
    }
}
