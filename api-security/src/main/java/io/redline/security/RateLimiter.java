package io.redline.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per caller: each holds up to {@code burst} requests and refills at {@code perMinute / 60} a
 * second, so a caller may burst briefly and is then held to its steady rate.
 *
 * <p>Per instance: with N instances behind a load balancer a caller gets up to N times the rate (stated in the
 * README). At most {@code maxCallers} buckets are kept; beyond that the least recently used one is dropped, so memory
 * stays bounded whatever names (addresses, keys) callers use. A dropped bucket starts full again, which forgives that
 * caller: the least recently seen is the one most likely to have refilled anyway.
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

    /** Buckets kept by default: about 10 MB at most. */
    public static final int DEFAULT_MAX_CALLERS = 100_000;

    private final Map<String, Bucket> buckets;
    private final LongSupplier nanoClock;

    public RateLimiter(LongSupplier nanoClock) {
        this(nanoClock, DEFAULT_MAX_CALLERS);
    }

    public RateLimiter(LongSupplier nanoClock, int maxCallers) {
        if (maxCallers < 1) {
            throw new IllegalArgumentException("maxCallers must be at least 1");
        }
        this.nanoClock = nanoClock;
        // Access order plus removeEldestEntry: a least-recently-used map, O(1) per call (no scans of all buckets).
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxCallers;
            }
        };
    }

    /** Takes one token from {@code caller}'s bucket under {@code limit}. */
    public synchronized Decision tryAcquire(String caller, Limit limit) {
        Bucket bucket = refill(caller, limit);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return new Decision(true, 0, bucket.tokens);
        }
        return new Decision(false, retryAfter(bucket, limit), bucket.tokens);
    }

    /**
     * Whether {@code caller} has a token left under {@code limit}, without taking it: how a blocked source address is
     * recognised before its request is authenticated.
     */
    public synchronized Decision peek(String caller, Limit limit) {
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            return new Decision(true, 0, limit.burst());
        }
        bucket = refill(caller, limit);
        return bucket.tokens >= 1
                ? new Decision(true, 0, bucket.tokens)
                : new Decision(false, retryAfter(bucket, limit), bucket.tokens);
    }

    /** How many callers have a bucket now (at most the maximum given). */
    public synchronized int size() {
        return buckets.size();
    }

    private Bucket refill(String caller, Limit limit) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(limit.burst(), now));
        double perNano = limit.perMinute() / 60e9;
        bucket.tokens = Math.min(limit.burst(), bucket.tokens + (now - bucket.last) * perNano);
        bucket.last = now;
        return bucket;
    }

    private static long retryAfter(Bucket bucket, Limit limit) {
        double waitSeconds = (1 - bucket.tokens) / (limit.perMinute() / 60);
        return Math.max(1, (long) Math.ceil(waitSeconds));
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
