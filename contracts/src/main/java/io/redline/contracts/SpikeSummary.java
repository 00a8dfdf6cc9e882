package io.redline.contracts;

import java.time.Instant;

/**
 * An unusual volume of articles for one actor, signal or dyad in a recent window, against the same window in earlier
 * weeks; carried by spike alerts.
 *
 * @param kind           actor, signal or dyad
 * @param key            the actor code, signal type or "SRC>TGT" dyad key
 * @param observed       articles in the window
 * @param baselineMedian median of the same window's counts over the baseline weeks
 * @param baselineMad    median absolute deviation of those counts
 * @param score          how far above the baseline the window is, in robust standard deviations
 * @param from           window start (inclusive)
 * @param to             window end (exclusive)
 */
public record SpikeSummary(
        String kind,
        String key,
        long observed,
        double baselineMedian,
        double baselineMad,
        double score,
        Instant from,
        Instant to) {}
