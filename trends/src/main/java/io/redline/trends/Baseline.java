package io.redline.trends;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The counts of one key in the same window 1..W weeks earlier, and how unusual an observed count is against them.
 *
 * <p>Why this statistic. News volume follows a daily and a weekly cycle (quiet nights, quiet Sundays), so a window is
 * compared with the same window (same hour of the week) in earlier weeks, never with the hour before. The centre is
 * the median and the spread the median absolute deviation (MAD, scaled by 1.4826 to estimate a standard deviation
 * under normal noise) instead of the mean and standard deviation: one holiday or one big-news week among four moves
 * neither of them, while it would drag a mean and inflate a standard deviation. A week in which the whole index had no
 * article at all in that window was an outage (the feeds or the pipeline were down), not a quiet week, so it is
 * dropped instead of counted as zero ({@link #usableWeeks()}). Counts are small integers, so the spread is floored at
 * the Poisson standard deviation {@code sqrt(max(median, 1))}: a key seen exactly once every week has MAD 0 and would
 * otherwise score infinity for its second article. Hence {@code score = (observed - median) / max(1.4826 * MAD,
 * sqrt(max(median, 1)))}. With no usable week at all (a new deployment), the baseline is empty: median and MAD are 0
 * and the floor alone decides, which {@code usableWeeks = 0} makes visible.
 *
 * @param median      median of the usable weeks' counts (0 without usable weeks)
 * @param mad         median absolute deviation of the usable weeks' counts from the median
 * @param weeks       the key's count in the same window 1, 2, .. W weeks earlier; null for a dropped outage week
 * @param usableWeeks how many weeks are not outages
 */
public record Baseline(double median, double mad, List<Long> weeks, int usableWeeks) {

    /** Scale that makes the MAD of normally distributed noise an estimate of its standard deviation. */
    public static final double MAD_SCALE = 1.4826;

    /** Default {@code minScore}: three robust standard deviations above the baseline. */
    public static final double DEFAULT_MIN_SCORE = 3.0;

    public Baseline {
        weeks = Collections.unmodifiableList(new ArrayList<>(weeks));
    }

    /**
     * The baseline of one key.
     *
     * @param keyCounts   the key's count in the window 1..W weeks earlier (index 0 = one week earlier)
     * @param indexCounts the whole index's count in the same windows; 0 marks an outage week, which is dropped
     */
    public static Baseline of(long[] keyCounts, long[] indexCounts) {
        if (keyCounts.length != indexCounts.length) {
            throw new IllegalArgumentException("one index count per week: " + keyCounts.length + " key counts, "
                    + indexCounts.length + " index counts");
        }
        List<Long> weeks = new ArrayList<>(keyCounts.length);
        double[] usable = new double[keyCounts.length];
        int n = 0;
        for (int i = 0; i < keyCounts.length; i++) {
            if (indexCounts[i] == 0) {
                weeks.add(null);
            } else {
                weeks.add(keyCounts[i]);
                usable[n++] = keyCounts[i];
            }
        }
        if (n == 0) {
            return new Baseline(0, 0, weeks, 0);
        }
        double[] values = Arrays.copyOf(usable, n);
        double median = median(values);
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return new Baseline(median, median(deviations), weeks, n);
    }

    /** The spread an observed count is measured in: the scaled MAD, at least the Poisson standard deviation. */
    public double spread() {
        return Math.max(MAD_SCALE * mad, Math.sqrt(Math.max(median, 1)));
    }

    /** How many robust standard deviations {@code observed} lies above (negative: below) the baseline. */
    public double score(long observed) {
        return (observed - median) / spread();
    }

    /** Observed over the median, the median counted as at least 1 so a key new this week has a finite ratio. */
    public double ratio(long observed) {
        return observed / Math.max(median, 1);
    }

    /** Whether {@code observed} is a spike: at least {@code minCount} articles and a score of at least minScore. */
    public boolean isSpike(long observed, long minCount, double minScore) {
        return observed >= minCount && score(observed) >= minScore;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
