package io.redline.common.retry;

import java.time.Duration;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Retries an action with exponential backoff: until it succeeds for writes that must not be given up (a batch is
 * acknowledged only after them), or, through {@link Retry}, until a failure that no retry can fix or a time limit.
 */
public final class Backoff {

    /** One attempt; throwing means it failed (whether it is tried again is the caller's choice of method). */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    /** The waits the services use: 500 ms, doubled after each failure, at most 30 s. */
    public static final Backoff STANDARD = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final long firstMs;
    private final long maxMs;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, not " + first + ", " + max);
        }
        this.firstMs = first.toMillis();
        this.maxMs = max.toMillis();
    }

    /** The same wait after every failure: for start-up checks, where doubling only delays a ready service. */
    public static Backoff fixed(Duration wait) {
        return new Backoff(wait, wait);
    }

    /**
     * Runs {@code attempt} until it returns, logging each failure with {@code what} at WARN and sleeping between
     * attempts. Every exception is retried; only an interruption (shutdown) ends it early.
     */
    public <T> T untilDone(Logger log, String what, Attempt<T, ?> attempt) throws InterruptedException {
        Waits waits = waits();
        while (true) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                log.warnf("%s failed (%s); retrying in %d ms", what, e.getMessage(), waits.nextMs());
            }
            waits.sleep();
        }
    }

    /** These waits, retrying only the failures {@code retryable} accepts; any other is thrown to the caller. */
    public Retry retryingOnly(Predicate<? super Exception> retryable) {
        return new Retry(retryable, null);
    }

    /** These waits, giving up (throwing the last failure) rather than wait past {@code limit}. */
    public Retry giveUpAfter(Duration limit) {
        return new Retry(e -> true, limit);
    }

    /** The waits of one retry sequence, for a loop that decides itself what to try again (a partly failed batch). */
    public Waits waits() {
        return new Waits();
    }

    /** The wait after one of {@code waitMs}: doubled, capped at the maximum. */
    long next(long waitMs) {
        return Math.min(waitMs * 2, maxMs);
    }

    /** A retry that can end in failure: on a failure it is told not to retry, or when its time is up. */
    public final class Retry {

        private final Predicate<? super Exception> retryable;
        private final Duration limit;

        private Retry(Predicate<? super Exception> retryable, Duration limit) {
            this.retryable = retryable;
            this.limit = limit;
        }

        /** This retry, trying again only the failures {@code accepted} accepts. */
        public Retry retryingOnly(Predicate<? super Exception> accepted) {
            return new Retry(accepted, limit);
        }

        /** This retry, giving up rather than wait past {@code giveUpAfter} since the first attempt. */
        public Retry giveUpAfter(Duration giveUpAfter) {
            return new Retry(retryable, giveUpAfter);
        }

        /**
         * Runs {@code attempt} until it returns, logging each retried failure with {@code what} at WARN. Throws, as
         * it is, a failure not retryable or one after which the next wait would end past the limit; an
         * interruption ends it too.
         */
        public <T, E extends Exception> T call(Logger log, String what, Attempt<T, E> attempt)
                throws E, InterruptedException {
            long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
            Waits waits = waits();
            while (true) {
                try {
                    return attempt.run();
                } catch (Exception e) {
                    if (e instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    boolean timeUp = limit != null && System.nanoTime() + waits.nextMs() * 1_000_000 - deadline > 0;
                    if (timeUp || !retryable.test(e)) {
                        throw Retry.<E>rethrow(e);
                    }
                    log.warnf("%s failed (%s); retrying in %d ms", what, e.getMessage(), waits.nextMs());
                }
                waits.sleep();
            }
        }

        /** {@code e} as the attempt threw it: an unchecked exception, or the attempt's declared {@code E}. */
        @SuppressWarnings("unchecked")
        private static <E extends Exception> E rethrow(Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            return (E) e;
        }
    }

    /** Successive waits: {@link #nextMs()} is the one {@link #sleep()} will sleep, after which it doubles. */
    public final class Waits {

        private long nextMs = firstMs;

        private Waits() {}

        public long nextMs() {
            return nextMs;
        }

        public void sleep() throws InterruptedException {
            Thread.sleep(nextMs);
            nextMs = next(nextMs);
        }
    }
}
