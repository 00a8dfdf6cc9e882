package io.redline.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per caller: each holds up to {@code burst} requests and refills at {@code perMinute / 60} a
 * second, so a caller may burst briefly and is then held to its steady rate.
 *
 * <p>Per instance: with N instances behind a load balancer a caller gets up to N times the rate (stated in the
 * README). Idle buckets are dropped once there are many, so memory stays bounded whatever names callers use.
 */
public final class RateLimiter {

    /** The limits of one role. */
    public record Limit(double perMinute, int burst) {
        public Limit {
            if (perMinute <= 0 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
            }
        }
    }

    /** Whether a request may go ahead; if not, how long until it could. */
    public record Decision(boolean allowed, long retryAfterSeconds, double remaining) {}

    private static final int MAX_BUCKETS = 100_000;
    private static final long IDLE_NANOS = 10L * 60 * 1_000_000_000L;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Takes one token from {@code caller}'s bucket under {@code limit}. */
    public Decision tryAcquire(String caller, Limit limit) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> now - b.last > IDLE_NANOS);
        }
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(limit.burst(), now));
        synchronized (bucket) {
            double perNano = limit.perMinute() / 60e9;
            bucket.tokens = Math.min(limit.burst(), bucket.tokens + (now - bucket.last) * perNano);
            bucket.last = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, 0, bucket.tokens);
            }
            double waitSeconds = (1 - bucket.tokens) / (perNano * 1e9);
            return new Decision(false, Math.max(1, (long) Math.ceil(waitSeconds)), bucket.tokens);
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
