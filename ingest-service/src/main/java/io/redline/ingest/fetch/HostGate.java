package io.redline.ingest.fetch;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lets at most one fetch per host be in flight, and starts two fetches from one host at least {@code minInterval}
 * apart, so many feeds on one server never hammer it.
 */
public final class HostGate {

    private final long minIntervalNanos;
    private final Set<String> busy = new HashSet<>();
    private final Map<String, Long> lastStart = new HashMap<>();

    /** One fetch in flight per host, with no spacing between them. */
    public HostGate() {
        this(Duration.ZERO);
    }

    public HostGate(Duration minInterval) {
        this.minIntervalNanos = minInterval.toNanos();
    }

    /** Claims {@code host}; false when a fetch to it is running or started too recently (the caller tries later). */
    public boolean tryEnter(String host) {
        return tryEnter(host, System.nanoTime());
    }

    /** {@link #tryEnter(String)} at {@code nowNanos} ({@link System#nanoTime()} scale). */
    synchronized boolean tryEnter(String host, long nowNanos) {
        String key = key(host);
        Long last = lastStart.get(key);
        if (busy.contains(key) || last != null && nowNanos - last < minIntervalNanos) {
            return false;
        }
        busy.add(key);
        lastStart.put(key, nowNanos);
        return true;
    }

    /** Releases a host claimed by {@link #tryEnter(String)}. */
    public synchronized void leave(String host) {
        String key = key(host);
        busy.remove(key);
        // Only the spacing is remembered past the fetch; drop it once it no longer matters, so hosts of removed feeds
        // do not accumulate.
        if (minIntervalNanos == 0) {
            lastStart.remove(key);
        } else if (lastStart.size() > 4096) {
            long now = System.nanoTime();
            lastStart.entrySet().removeIf(e -> !busy.contains(e.getKey()) && now - e.getValue() >= minIntervalNanos);
        }
    }

    private static String key(String host) {
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
}
