package io.redline.alerts.brief;

import io.redline.alerts.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * When a subscription's scheduled brief is due, as a pure function of the clock: the brief of a local date is due
 * from its {@code at} in the subscription's time zone until {@link #GRACE} later (a restart or outage shorter than
 * that still delivers it; a longer one skips the day rather than send a stale morning brief in the evening).
 *
 * @param date the subscription's local date the brief belongs to (what is claimed)
 * @param at   the instant of {@code brief.at} on that date (the end of the brief's window)
 */
public record BriefDue(LocalDate date, Instant at) {

    /** How long after its time a brief is still sent. */
    public static final Duration GRACE = Duration.ofHours(3);

    /**
     * The brief of {@code s} due at {@code now}, or null: none configured, disabled, or not within
     * [{@code at}, {@code at} + {@link #GRACE}) of today or yesterday (local). A time in a DST gap moves forward
     * (ZonedDateTime's rule); a time repeated by the clock going back counts once (one claim per date).
     */
    public static BriefDue at(Subscription s, Instant now) {
        if (s.brief() == null || !s.enabled()) {
            return null;
        }
        LocalDate today = now.atZone(s.zone()).toLocalDate();
        // Yesterday too: a brief at 23:30 is still due at 00:10 the next day.
        for (LocalDate d : new LocalDate[] {today, today.minusDays(1)}) {
            Instant at = ZonedDateTime.of(d, s.brief().localTime(), s.zone()).toInstant();
            if (!now.isBefore(at) && now.isBefore(at.plus(GRACE))) {
                return new BriefDue(d, at);
            }
        }
        return null;
    }
}
