package io.redline.ingest.fetch;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Lets at most one fetch per host be in flight, so many feeds on one server never hammer it in parallel. */
public final class HostGate {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Claims {@code host}; false when a fetch to it is already running (the caller tries again later). */
    public boolean tryEnter(String host) {
        return busy.add(key(host));
    }

    /** Releases a host claimed by {@link #tryEnter(String)}. */
    public void leave(String host) {
        busy.remove(key(host));
    }

    private static String key(String host) {
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
}
