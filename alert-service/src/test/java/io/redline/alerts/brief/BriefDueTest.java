package io.redline.alerts.brief;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.BriefSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a scheduled brief is due: from its local time for three hours, in the subscription's time zone. */
class BriefDueTest {

    @Test
    void dueFromItsLocalTimeForTheGracePeriodOnly() {
        Subscription s = subscription("Europe/Berlin", new BriefSchedule("07:00", 12), true);
        // 07:00 in Berlin in December is 06:00 UTC.
        assertThat(BriefDue.at(s, Instant.parse("2026-12-07T05:59:59Z"))).isNull();
        BriefDue due = BriefDue.at(s, Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(due.date()).isEqualTo(LocalDate.parse("2026-12-07"));
        assertThat(due.at()).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(BriefDue.at(s, Instant.parse("2026-12-07T08:59:59Z"))).isEqualTo(due);
        assertThat(BriefDue.at(s, Instant.parse("2026-12-07T09:00:00Z")))
                .as("three hours late: the day is skipped, not sent in the afternoon")
                .isNull();
    }

    @Test
    void aLateEveningBriefIsStillDueAfterLocalMidnightForItsOwnDate() {
        Subscription s = subscription("UTC", new BriefSchedule("23:30", 24), true);
        BriefDue due = BriefDue.at(s, Instant.parse("2026-12-08T00:10:00Z"));
        assertThat(due.date()).isEqualTo(LocalDate.parse("2026-12-07"));
        assertThat(due.at()).isEqualTo(Instant.parse("2026-12-07T23:30:00Z"));
    }

    @Test
    void aTimeInTheSpringGapMovesForwardAndSummerTimeShiftsTheInstant() {
        Subscription s = subscription("Europe/Berlin", new BriefSchedule("02:30", 6), true);
        // 2026-03-29 02:30 does not exist in Berlin: clocks jump from 02:00 to 03:00 (01:00 UTC).
        BriefDue gap = BriefDue.at(s, Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(gap.date()).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(gap.at()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        Subscription summer = subscription("Europe/Berlin", new BriefSchedule("07:00", 6), true);
        assertThat(BriefDue.at(summer, Instant.parse("2026-07-01T05:00:00Z")).at())
                .isEqualTo(Instant.parse("2026-07-01T05:00:00Z"));
        assertThat(BriefDue.at(summer, Instant.parse("2026-07-01T04:59:00Z"))).isNull();
    }

    @Test
    void noBriefOrADisabledSubscriptionIsNeverDue() {
        Instant noon = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(BriefDue.at(subscription("UTC", null, true), noon)).isNull();
        assertThat(BriefDue.at(subscription("UTC", new BriefSchedule("11:00", 12), false), noon))
                .isNull();
        assertThat(BriefDue.at(subscription("UTC", new BriefSchedule("11:00", 12), true), noon))
                .isNotNull();
    }

    private static Subscription subscription(String zone, BriefSchedule brief, boolean enabled) {
        return new Subscription(
                "sub_brief",
                "Brief",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                zone,
                null,
                List.of(),
                List.of(),
                null,
                null,
                enabled,
                Subscription.ARTICLES,
                null,
                1,
                brief);
    }
}
