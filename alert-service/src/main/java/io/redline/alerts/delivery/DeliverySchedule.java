package io.redline.alerts.delivery;

import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Mode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/**
 * When a delivery is due: retry backoff (exponential with jitter, never sooner than the receiver's Retry-After),
 * the end of quiet hours, and the next digest time in the subscription's time zone. Pure, for unit tests.
 *
 * @param baseBackoff    the wait before the second attempt (doubles each time)
 * @param maxBackoff     the longest computed wait
 * @param maxRetryAfter  the longest Retry-After honoured (a receiver asking for a week gets this instead)
 * @param dailyDigestAt  the local time daily digests go out
 */
public record DeliverySchedule(
        Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter, LocalTime dailyDigestAt) {

    /**
     * The wait after failed attempt number {@code attempt} (1 = the first): {@code base * 2^(attempt-1)} capped
     * at the maximum, of which a random half is dropped ("equal jitter", so receivers recovering from an outage are
     * not hit by every sender at once), but never less than {@code retryAfter}.
     */
    public Duration backoff(int attempt, Duration retryAfter, RandomGenerator random) {
        long base = baseBackoff.toMillis();
        long exp = base << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(exp <= 0 ? Long.MAX_VALUE : exp, maxBackoff.toMillis());
        long half = capped / 2;
        long wait = half + (half > 0 ? random.nextLong(half + 1) : 0);
        if (retryAfter != null && !retryAfter.isNegative()) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
        }
        return Duration.ofMillis(wait);
    }

    /** When an alert matched at {@code now} may go out: now, or the end of the quiet hours. */
    public Instant immediateAt(Subscription s, Instant now) {
        return s.quietAt(now) ? quietEnd(s, now) : now;
    }

    /**
     * When the digest an alert matched at {@code now} belongs to goes out: the next full hour, or the next
     * {@link #dailyDigestAt}, in the subscription's time zone; moved to the end of the quiet hours if it falls in them.
     */
    public Instant digestAt(Subscription s, Instant now) {
        ZoneId zone = s.zone();
        ZonedDateTime local = now.atZone(zone);
        Instant due;
        if (s.mode() == Mode.DIGEST_HOURLY) {
            due = local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
        } else {
            ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), dailyDigestAt, zone);
            due = (today.toInstant().isAfter(now)
                            ? today
                            : ZonedDateTime.of(local.toLocalDate().plusDays(1), dailyDigestAt, zone))
                    .toInstant();
        }
        return s.quietAt(due) ? quietEnd(s, due) : due;
    }

    /** The first instant at or after {@code at} that is outside the quiet hours (needs {@code s.quietAt(at)}). */
    static Instant quietEnd(Subscription s, Instant at) {
        ZoneId zone = s.zone();
        LocalTime end = LocalTime.parse(s.quietHours().end());
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i < 3; i++) {
            // ZonedDateTime.of moves a time that does not exist (DST gap) forward, which is what we want here.
            Instant candidate = ZonedDateTime.of(day.plusDays(i), end, zone).toInstant();
            if (candidate.isAfter(at)) {
                return candidate;
            }
        }
        return at.plus(Duration.ofDays(1));
    }
}
