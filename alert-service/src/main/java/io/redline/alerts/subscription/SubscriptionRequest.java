package io.redline.alerts.subscription;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Map;

/**
 * A subscription as a client sends it to {@code POST} / {@code PUT /api/subscriptions}; validated by
 * {@link SubscriptionValidator}.
 *
 * @param name       required, 1-200 characters
 * @param query      the {@code q} of {@code /api/articles} (also accepted as {@code q}); optional
 * @param filters    filter parameters of {@code /api/articles} by name, e.g. {@code {"level": ["HIGH"]}}
 * @param minLevel   NONE, LOW, ELEVATED, HIGH or CRITICAL; optional
 * @param minScore   0-100; optional
 * @param signals    signal types, any of them; optional
 * @param actors     actor codes, all of them; optional
 * @param mode       IMMEDIATE (default), DIGEST_HOURLY or DIGEST_DAILY
 * @param timeZone   IANA time zone, default UTC
 * @param quietHours optional {@code {"start": "22:00", "end": "07:00"}} in that time zone
 * @param channels   1-10 channels
 * @param enabled    default true
 * @param owner      whose subscription it is; default the caller (on update: unchanged). Only an admin may name
 *                   someone else
 * @param kind       {@code articles} (default: match articles) or {@code spike} (alert on spikes, see
 *                   {@code GET /api/spikes})
 * @param spike      with kind {@code spike}: {@code {"kinds": ["actor"], "keys": ["RUS"], "minScore": 3.0,
 *                   "minCount": 3}}; kinds default to all three, keys to any, minScore to 3, minCount to 3
 * @param minOutlets independent outlets a story needs before it alerts, 1-100; default 1 (at once)
 * @param brief      optional {@code {"at": "07:00", "hours": 12}}: a morning brief at that local time
 */
public record SubscriptionRequest(
        String name,
        @JsonAlias("q") String query,
        Map<String, List<String>> filters,
        String minLevel,
        Integer minScore,
        List<String> signals,
        List<String> actors,
        String mode,
        String timeZone,
        QuietHoursRequest quietHours,
        List<ChannelRequest> channels,
        Boolean enabled,
        String owner,
        String kind,
        SpikeCondition spike,
        Integer minOutlets,
        BriefRequest brief) {

    /** An article subscription request naming its owner, with the default minOutlets and no brief. */
    public SubscriptionRequest(
            String name,
            String query,
            Map<String, List<String>> filters,
            String minLevel,
            Integer minScore,
            List<String> signals,
            List<String> actors,
            String mode,
            String timeZone,
            QuietHoursRequest quietHours,
            List<ChannelRequest> channels,
            Boolean enabled,
            String owner) {
        this(
                name,
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
                enabled,
                owner,
                null,
                null,
                null,
                null);
    }

    /** A request that leaves the owner to the default (the caller, or unchanged). */
    public SubscriptionRequest(
            String name,
            String query,
            Map<String, List<String>> filters,
            String minLevel,
            Integer minScore,
            List<String> signals,
            List<String> actors,
            String mode,
            String timeZone,
            QuietHoursRequest quietHours,
            List<ChannelRequest> channels,
            Boolean enabled) {
        this(
                name,
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
                enabled,
                null);
    }

    /** A morning brief as sent: local time {@code HH:mm} and the hours it covers (1-72). */
    public record BriefRequest(String at, Integer hours) {}

    /** Quiet hours as sent: {@code HH:mm} wall-clock times. */
    public record QuietHoursRequest(String start, String end) {}

    /**
     * A channel as sent.
     *
     * @param id      the id of an existing channel this one replaces (optional: an unchanged channel keeps its id)
     * @param type    webhook, slack, teams or email
     * @param url     https URL for webhook, slack and teams
     * @param to      addresses for email
     * @param enabled default true
     */
    public record ChannelRequest(String id, String type, String url, List<String> to, Boolean enabled) {}
}
