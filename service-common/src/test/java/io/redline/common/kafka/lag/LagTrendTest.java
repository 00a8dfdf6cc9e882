package io.redline.common.kafka.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The readiness rule of consumer lag, on sample times given by the test (a fake clock). */
class LagTrendTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void lagThatGrowsWithoutCommittedProgressForTheWindowIsStuck() {
        LagTrend trend = new LagTrend(WINDOW);
        trend.record(at(0), 10, 100);
        trend.record(at(120), 40, 100);
        trend.record(at(299), 90, 100);
        assertThat(trend.stuck(at(299))).as("inside the window").isFalse();
        trend.record(at(300), 95, 100);
        assertThat(trend.stuck(at(300))).isTrue();
        assertThat(trend.stalledSince()).isEqualTo(at(0));
        assertThat(trend.lag()).isEqualTo(95);
    }

    @Test
    void aCommitRestartsTheWindow() {
        LagTrend trend = new LagTrend(WINDOW);
        trend.record(at(0), 10, 100);
        trend.record(at(200), 50, 101);
        trend.record(at(400), 90, 101);
        assertThat(trend.stuck(at(400))).isFalse();
        trend.record(at(500), 120, 101);
        assertThat(trend.stuck(at(500))).isTrue();
        assertThat(trend.stalledSince()).isEqualTo(at(200));
    }

    @Test
    void steadyLagUnderLoadIsNotStuckAsLongAsOffsetsAreCommitted() {
        LagTrend trend = new LagTrend(WINDOW);
        for (int i = 0; i <= 20; i++) {
            trend.record(at(i * 60), 5_000 + i, 1_000L * i);
        }
        assertThat(trend.stuck(at(1_200))).isFalse();
    }

    @Test
    void lagThatDoesNotGrowIsNotStuckNorIsNoLag() {
        LagTrend idle = new LagTrend(WINDOW);
        idle.record(at(0), 0, 100);
        idle.record(at(600), 0, 100);
        assertThat(idle.stuck(at(600))).isFalse();
        assertThat(idle.stalledSince()).isNull();

        // Lag left over, nothing new arriving and nothing committed: not growing, so not reported.
        LagTrend flat = new LagTrend(WINDOW);
        flat.record(at(0), 7, 100);
        flat.record(at(600), 7, 100);
        assertThat(flat.stuck(at(600))).isFalse();
    }

    @Test
    void catchingUpEndsAStall() {
        LagTrend trend = new LagTrend(WINDOW);
        trend.record(at(0), 10, 100);
        trend.record(at(400), 80, 100);
        assertThat(trend.stuck(at(400))).isTrue();
        trend.record(at(410), 0, 180);
        assertThat(trend.stuck(at(410))).isFalse();
        assertThat(trend.stalledSince()).isNull();
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> new LagTrend(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
