package io.redline.common.kafka.lag;

import java.time.Duration;
import java.time.Instant;

/**
 * Tells from successive lag samples of one consumer group whether its consumers are stuck: lag that has only grown
 * for longer than a window while the group committed no progress. Lag that is merely above zero is normal under
 * load and is not a reason to take an instance out of service.
 */
public final class LagTrend {

    private final Duration window;
    private boolean sampled;
    private long lastLag;
    private long lastCommitted;
    /** Start of the current run of samples without progress and with lag; null while there is no such run. */
    private Instant stalledSince;

    private long lagAtStall;

    public LagTrend(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the stall window must be positive, not " + window);
        }
        this.window = window;
    }

    /**
     * Records one sample taken at {@code at}: the group's lag summed over its partitions and its committed offsets
     * summed likewise (any change in them is progress).
     */
    public synchronized void record(Instant at, long lag, long committed) {
        boolean progress = !sampled || committed != lastCommitted || lag < lastLag;
        if (lag <= 0) {
            stalledSince = null;
        } else if (progress || stalledSince == null) {
            // The run starts again from here: a commit, or lag that shrank, shows the consumers are moving.
            stalledSince = at;
            lagAtStall = lag;
        }
        sampled = true;
        lastLag = lag;
        lastCommitted = committed;
    }

    /** Whether, at {@code now}, the lag has grown without any committed progress for at least the window. */
    public synchronized boolean stuck(Instant now) {
        return stalledSince != null && !now.isBefore(stalledSince.plus(window)) && lastLag > lagAtStall;
    }

    /** Since when the consumers made no progress while lagging, or null when they are keeping up. */
    public synchronized Instant stalledSince() {
        return stalledSince;
    }

    /** The last lag recorded (0 before the first sample). */
    public synchronized long lag() {
        return lastLag;
    }
}
