package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(now::get);
    private final RateLimiter.Limit sixPerMinuteBurstThree = new RateLimiter.Limit(6, 3);

    @Test
    void burstThenRefusalWithRetryAfterThenRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", sixPerMinuteBurstThree).allowed())
                    .isTrue();
        }
        RateLimiter.Decision refused = limiter.tryAcquire("k", sixPerMinuteBurstThree);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(10); // one token every 10 s
        now.addAndGet(9_000_000_000L);
        assertThat(limiter.tryAcquire("k", sixPerMinuteBurstThree).allowed()).isFalse();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire("k", sixPerMinuteBurstThree).allowed()).isTrue();
    }

    @Test
    void callersHaveSeparateBucketsAndIdleTimeDoesNotExceedTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a", sixPerMinuteBurstThree);
        }
        assertThat(limiter.tryAcquire("a", sixPerMinuteBurstThree).allowed()).isFalse();
        assertThat(limiter.tryAcquire("b", sixPerMinuteBurstThree).allowed()).isTrue();
        now.addAndGet(3_600_000_000_000L); // an hour idle refills to the burst, not beyond
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire("a", sixPerMinuteBurstThree).allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void memoryStaysBoundedWhateverNamesCallersUse() {
        RateLimiter small = new RateLimiter(now::get, 1_000);
        for (int i = 0; i < 50_000; i++) {
            small.tryAcquire("address:10.0." + i, sixPerMinuteBurstThree);
            assertThat(small.size()).isLessThanOrEqualTo(1_000);
        }
        // The most recent callers keep their state: an exhausted one is still refused.
        for (int i = 0; i < 3; i++) {
            small.tryAcquire("guesser", sixPerMinuteBurstThree);
        }
        for (int i = 0; i < 500; i++) {
            small.tryAcquire("address:192.0.2." + i, sixPerMinuteBurstThree);
        }
        assertThat(small.peek("guesser", sixPerMinuteBurstThree).allowed()).isFalse();
    }

    @Test
    void peekTellsWithoutTaking() {
        for (int i = 0; i < 2; i++) {
            limiter.tryAcquire("p", sixPerMinuteBurstThree);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.peek("p", sixPerMinuteBurstThree).allowed()).isTrue();
        }
        limiter.tryAcquire("p", sixPerMinuteBurstThree);
        RateLimiter.Decision blocked = limiter.peek("p", sixPerMinuteBurstThree);
        assertThat(blocked.allowed()).isFalse();
        assertThat(blocked.retryAfterSeconds()).isEqualTo(10);
        assertThat(limiter.peek("never-seen", sixPerMinuteBurstThree).allowed()).isTrue();
    }
}
