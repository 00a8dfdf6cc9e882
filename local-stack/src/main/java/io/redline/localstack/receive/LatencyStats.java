package io.redline.localstack.receive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in milliseconds with nearest-rank percentiles; kept whole because a local run sees few. */
final class LatencyStats {

    private final List<Long> samples = new ArrayList<>();

    synchronized void add(long millis) {
        samples.add(millis);
    }

    synchronized int count() {
        return samples.size();
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of samples at or below it,
     * so every reported value is one that was measured.
     *
     * @return -1 when there are no samples
     */
    synchronized long percentile(double p) {
        if (samples.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    synchronized long max() {
        return samples.isEmpty() ? -1 : Collections.max(samples);
    }
}
