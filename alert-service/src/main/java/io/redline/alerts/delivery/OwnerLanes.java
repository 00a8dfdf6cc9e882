package io.redline.alerts.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * Admits delivery attempts to the shared pool per owner: at most {@code inFlight} of one owner's attempts run at
 * once and at most {@code queued} wait behind them, so a slow receiver of one owner can hold only its own lane and
 * never all of the pool; an attempt beyond that is refused and stays in the delivery log for the scheduler.
 */
final class OwnerLanes {

    private final int inFlight;
    private final int queued;
    private final Executor pool;
    private final Map<String, Lane> lanes = new HashMap<>();

    /** One owner's attempts: running on the pool, and waiting for one of those to end. */
    private static final class Lane {
        int running;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    OwnerLanes(int inFlight, int queued, Executor pool) {
        if (inFlight < 1 || queued < 0) {
            throw new IllegalArgumentException("in-flight per owner must be >= 1 and queued per owner >= 0");
        }
        this.inFlight = inFlight;
        this.queued = queued;
        this.pool = pool;
    }

    /** Runs {@code task} now or queues it in {@code owner}'s lane; false when that lane is full (nothing done). */
    synchronized boolean offer(String owner, Runnable task) {
        Lane lane = lanes.computeIfAbsent(key(owner), k -> new Lane());
        if (lane.running < inFlight) {
            lane.running++;
            start(key(owner), task);
            return true;
        }
        if (lane.waiting.size() < queued) {
            lane.waiting.addLast(task);
            return true;
        }
        return false;
    }

    /** Whether {@link #offer} would take one more attempt of {@code owner}. */
    synchronized boolean hasRoom(String owner) {
        Lane lane = lanes.get(key(owner));
        return lane == null || lane.running < inFlight || lane.waiting.size() < queued;
    }

    /** The owners whose lanes are full ({@code ""} for subscriptions without an owner). */
    synchronized Set<String> full() {
        return lanes.entrySet().stream()
                .filter(e ->
                        e.getValue().running >= inFlight && e.getValue().waiting.size() >= queued)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Attempts running and waiting of {@code owner}. */
    synchronized int size(String owner) {
        Lane lane = lanes.get(key(owner));
        return lane == null ? 0 : lane.running + lane.waiting.size();
    }

    private void start(String owner, Runnable task) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    done(owner);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the delivery's lease runs out and another instance (or the next start) sends it.
            done(owner);
        }
    }

    private synchronized void done(String owner) {
        Lane lane = lanes.get(owner);
        if (lane == null) {
            return;
        }
        Runnable next = lane.waiting.pollFirst();
        if (next != null) {
            start(owner, next); // the slot passes to the next waiting attempt of the same owner
            return;
        }
        lane.running--;
        if (lane.running <= 0) {
            lanes.remove(owner); // memory stays bounded by the owners with attempts under way
        }
    }

    private static String key(String owner) {
        return owner == null ? "" : owner;
    }
}
