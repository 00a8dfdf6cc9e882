package io.redline.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void medianAndMadOfTheUsableWeeks() {
        Baseline b = Baseline.of(new long[] {1, 0, 2, 1}, new long[] {40, 35, 50, 42});

        assertThat(b.median()).isEqualTo(1.0);
        assertThat(b.mad()).isEqualTo(0.5); // deviations 0, 1, 1, 0
        assertThat(b.usableWeeks()).isEqualTo(4);
        assertThat(b.weeks()).containsExactly(1L, 0L, 2L, 1L);
    }

    @Test
    void oneHolidayWeekMovesNeitherMedianNorMad() {
        Baseline quiet = Baseline.of(new long[] {10, 11, 9, 10}, new long[] {100, 100, 100, 100});
        Baseline holiday = Baseline.of(new long[] {10, 11, 9, 60}, new long[] {100, 100, 100, 400});

        assertThat(holiday.median()).isEqualTo(10.5);
        assertThat(quiet.median()).isEqualTo(10.0);
        assertThat(holiday.mad()).isEqualTo(1.0);
        assertThat(holiday.score(30)).isGreaterThan(3.0);
    }

    @Test
    void outageWeeksAreDroppedNotCountedAsZero() {
        Baseline b = Baseline.of(new long[] {5, 0, 5, 6}, new long[] {80, 0, 70, 90});

        assertThat(b.usableWeeks()).isEqualTo(3);
        assertThat(b.weeks()).containsExactly(5L, null, 5L, 6L);
        assertThat(b.median()).isEqualTo(5.0);
        assertThat(b.mad()).isEqualTo(0.0);
    }

    @Test
    void aQuietWeekWithArticlesElsewhereIsKeptAsZero() {
        Baseline b = Baseline.of(new long[] {0, 0, 1}, new long[] {12, 30, 25});

        assertThat(b.usableWeeks()).isEqualTo(3);
        assertThat(b.median()).isEqualTo(0.0);
    }

    @Test
    void thePoissonFloorKeepsSparseKeysFinite() {
        // Once every week: MAD 0, so the spread is sqrt(1) = 1 and a second article scores 1, not infinity.
        Baseline b = Baseline.of(new long[] {1, 1, 1, 1}, new long[] {10, 10, 10, 10});

        assertThat(b.spread()).isEqualTo(1.0);
        assertThat(b.score(2)).isEqualTo(1.0);
        assertThat(b.isSpike(2, 1, 3.0)).isFalse();
        assertThat(b.isSpike(7, 3, 3.0)).isTrue();
        assertThat(b.ratio(7)).isEqualTo(7.0);
    }

    @Test
    void theFloorGrowsWithTheMedian() {
        Baseline b = Baseline.of(new long[] {100, 100, 100, 100}, new long[] {500, 500, 500, 500});

        assertThat(b.spread()).isEqualTo(10.0);
        assertThat(b.score(125)).isEqualTo(2.5);
        assertThat(b.isSpike(125, 3, 3.0)).isFalse();
        assertThat(b.isSpike(131, 3, 3.0)).isTrue();
    }

    @Test
    void aWideMadWinsOverTheFloor() {
        Baseline b = Baseline.of(new long[] {2, 10, 18, 10, 30}, new long[] {9, 9, 9, 9, 9});

        assertThat(b.median()).isEqualTo(10.0);
        assertThat(b.mad()).isEqualTo(8.0);
        assertThat(b.spread()).isCloseTo(8 * Baseline.MAD_SCALE, within(1e-9));
    }

    @Test
    void minCountHoldsBackSmallBurstsOfNewKeys() {
        Baseline none = Baseline.of(new long[] {0, 0, 0, 0}, new long[] {3, 3, 3, 3});

        assertThat(none.score(2)).isEqualTo(2.0);
        assertThat(none.isSpike(3, 3, 3.0)).isTrue();
        assertThat(none.isSpike(3, 4, 3.0)).isFalse();
    }

    @Test
    void withoutUsableWeeksTheBaselineIsEmpty() {
        Baseline b = Baseline.of(new long[] {0, 0}, new long[] {0, 0});

        assertThat(b.usableWeeks()).isZero();
        assertThat(b.weeks()).containsExactly(null, null);
        assertThat(b.median()).isZero();
        assertThat(b.score(4)).isEqualTo(4.0);
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Baseline.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(Baseline.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
