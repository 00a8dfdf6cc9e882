package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.alerts.subscription.Subscription.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backoff, quiet hours and digest times, including time zones with half-hour offsets and a DST change. */
class DeliveryScheduleTest {

    private final DeliverySchedule schedule =
            new DeliverySchedule(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(6), LocalTime.of(8, 0));

    private static Subscription sub(Mode mode, String zone, QuietHours quiet) {
        return new Subscription(
                "sub_x",
                "x",
                null,
                "q",
                Map.of(),
                null,
                null,
                List.of(),
                List.of(),
                mode,
                zone,
                quiet,
                List.of(),
                List.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                true);
    }

    @Test
    void backoffDoublesWithJitterWithinItsBoundsAndStopsAtTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long full = Math.min(10_000L << (attempt - 1), 3_600_000L);
            for (int i = 0; i < 200; i++) {
                long ms = schedule.backoff(attempt, null, random).toMillis();
                assertThat(ms).isBetween(full / 2, full);
            }
        }
        assertThat(schedule.backoff(40, null, random)).isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryAfterIsALowerBoundUpToItsOwnCap() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(schedule.backoff(1, Duration.ofSeconds(120), random)).isEqualTo(Duration.ofSeconds(120));
        assertThat(schedule.backoff(1, Duration.ofDays(7), random)).isEqualTo(Duration.ofHours(6));
        assertThat(schedule.backoff(1, Duration.ofMillis(1), random)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void quietHoursAcrossMidnightHoldUntilTheirEndInTheSubscriptionsZone() {
        Subscription s = sub(Mode.IMMEDIATE, "Europe/Kyiv", new QuietHours("22:00", "07:00"));
        // 23:30 in Kyiv (UTC+2 in November) -> 07:00 next morning Kyiv = 05:00 UTC.
        assertThat(schedule.immediateAt(s, Instant.parse("2026-11-27T21:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T05:00:00Z"));
        // 03:00 Kyiv -> 07:00 the same morning.
        assertThat(schedule.immediateAt(s, Instant.parse("2026-11-28T01:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T05:00:00Z"));
        // Noon: not quiet, now.
        Instant noon = Instant.parse("2026-11-28T10:00:00Z");
        assertThat(schedule.immediateAt(s, noon)).isEqualTo(noon);
    }

    @Test
    void hourlyDigestsGoOutOnTheZonesFullHour() {
        Subscription utc = sub(Mode.DIGEST_HOURLY, "UTC", null);
        assertThat(schedule.digestAt(utc, Instant.parse("2026-11-27T10:59:59Z")))
                .isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(schedule.digestAt(utc, Instant.parse("2026-11-27T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        // India is UTC+5:30: its full hours fall on the half hour in UTC.
        Subscription india = sub(Mode.DIGEST_HOURLY, "Asia/Kolkata", null);
        assertThat(schedule.digestAt(india, Instant.parse("2026-11-27T10:10:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
    }

    @Test
    void dailyDigestsGoOutAtTheirLocalTimeAndSkipQuietHours() {
        Subscription ny = sub(Mode.DIGEST_DAILY, "America/New_York", null);
        // 07:00 New York (EST, UTC-5) -> 08:00 the same day = 13:00 UTC.
        assertThat(schedule.digestAt(ny, Instant.parse("2026-11-27T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T13:00:00Z"));
        // 09:00 New York -> tomorrow 08:00.
        assertThat(schedule.digestAt(ny, Instant.parse("2026-11-27T14:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T13:00:00Z"));
        // Across the March DST change: 08:00 EDT is 12:00 UTC.
        assertThat(schedule.digestAt(ny, Instant.parse("2027-03-14T20:00:00Z")))
                .isEqualTo(Instant.parse("2027-03-15T12:00:00Z"));
        // Quiet until 09:00: the 08:00 digest waits for 09:00.
        Subscription late = sub(Mode.DIGEST_DAILY, "America/New_York", new QuietHours("22:00", "09:00"));
        assertThat(schedule.digestAt(late, Instant.parse("2026-11-27T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T14:00:00Z"));
    }
}
