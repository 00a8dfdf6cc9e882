package io.redline.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Retry until done, retry only what may heal, give up at a limit, and the doubling capped waits. */
class BackoffTest {

    private static final Logger LOG = Logger.getLogger(BackoffTest.class);
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void retriesEveryFailureUntilTheAttemptSucceeds() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        String result = QUICK.untilDone(LOG, "Flaky write", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IOException("broker away");
            }
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void waitsDoubleUpToTheMaximum() {
        Backoff.Waits waits = Backoff.STANDARD.waits();
        assertThat(waits.nextMs()).isEqualTo(500);
        long[] seen = new long[8];
        long wait = waits.nextMs();
        for (int i = 0; i < seen.length; i++) {
            seen[i] = wait;
            wait = Backoff.STANDARD.next(wait);
        }
        assertThat(seen).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 30000, 30000);
        assertThat(Backoff.fixed(Duration.ofSeconds(2)).next(2000)).isEqualTo(2000);
    }

    @Test
    void aFailureNoRetryCanFixIsThrownAsItIs() {
        AtomicInteger attempts = new AtomicInteger();
        Backoff.Retry retry = QUICK.retryingOnly(e -> e instanceof IOException);
        assertThatThrownBy(() -> retry.call(LOG, "Write", () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IOException("timed out");
                    }
                    throw new IllegalArgumentException("mapping refused");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mapping refused");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpWithTheLastFailureRatherThanWaitPastTheLimit() {
        AtomicInteger attempts = new AtomicInteger();
        // The first wait (1 s) already ends past the limit: one attempt, no sleep.
        Backoff.Retry retry = Backoff.fixed(Duration.ofSeconds(1)).giveUpAfter(Duration.ofMillis(10));
        assertThatThrownBy(() -> retry.call(LOG, "Create index", () -> {
                    attempts.incrementAndGet();
                    throw new IOException("connection refused");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("connection refused");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anInterruptionEndsTheRetry() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> QUICK.untilDone(LOG, "Write", () -> {
                        throw new IOException("away");
                    }))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsWaitsThatCannotBackOff() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
