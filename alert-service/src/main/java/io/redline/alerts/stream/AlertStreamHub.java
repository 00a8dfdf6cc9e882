package io.redline.alerts.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.AlertsConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Feeds every open alert stream of this instance from one shared poller over the {@link AlertLog}, so the number
 * of Elasticsearch queries does not grow with the number of connections.
 *
 * <p>Each tick re-reads every alert written in the last {@code overlap} (10 s): documents from several instances
 * become visible out of order, and a fixed "read after the last one seen" would skip an alert that shows up late
 * with an earlier position. Each connection remembers the ids it sent within that window and skips repeats.
 * A resumed connection first replays the log after its Last-Event-ID on a worker thread while live alerts are held
 * back, then sends those held back that the replay did not, so the event order (and a later resume) has no gap.
 *
 * <p>Every tick and every event re-checks the API key the stream was opened with (an in-memory look-up): once it is
 * revoked the stream sends a last {@code stream.closed} event saying why and ends, and the client's reconnect is
 * refused.
 */
@ApplicationScoped
public class AlertStreamHub {

    private static final Logger LOG = Logger.getLogger(AlertStreamHub.class);
    /** Alerts per log read (poller and replay pages). */
    static final int PAGE = 500;
    /** Pages per poller tick: beyond that the rest comes next tick, so one burst cannot stall the heartbeat. */
    private static final int MAX_PAGES_PER_TICK = 20;
    /** Alerts one connection may hold back during its replay, or leave unread, before it is closed (it can resume). */
    static final int MAX_BACKLOG = 2048;
    /** The last event of a stream the server ends, with its reason. */
    static final String CLOSED_EVENT = "stream.closed";
    /** The reason of a stream ended because its API key was revoked. */
    static final String KEY_REVOKED = "api-key-revoked";
    /** Client reconnection delay sent in the first event. */
    private static final long RETRY_MS = 3000;

    private final AlertLog log;
    private final ObjectMapper mapper;
    private final int maxClients;
    private final Duration pollInterval;
    private final Duration overlap;
    private final Duration heartbeat;
    private final Clock clock = Clock.systemUTC();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService replays;
    private volatile long lastPollWarning;
    /** Where the next tick goes on when the last one stopped at {@link #MAX_PAGES_PER_TICK}; only the poller uses it. */
    private AlertCursor continueFrom;

    @Inject
    public AlertStreamHub(AlertLog log, ObjectMapper mapper, AlertsConfig config) {
        this(
                log,
                mapper,
                config.stream().maxClients(),
                config.stream().pollInterval(),
                config.stream().overlap(),
                config.stream().heartbeat());
    }

    /** A hub with explicit stream settings, which starts its poller and heartbeat at once. */
    AlertStreamHub(
            AlertLog log,
            ObjectMapper mapper,
            int maxClients,
            Duration pollInterval,
            Duration overlap,
            Duration heartbeat) {
        this.log = log;
        this.mapper = mapper;
        this.maxClients = maxClients;
        this.pollInterval = pollInterval;
        this.overlap = overlap;
        this.heartbeat = heartbeat;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("alert-stream-poller"));
        // Replays are Elasticsearch reads; two at a time keep a reconnect storm from crowding out searches.
        this.replays = Executors.newFixedThreadPool(2, daemon("alert-stream-replay"));
        scheduler.scheduleWithFixedDelay(
                this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Reserves a stream slot; false when {@code redline.alerts.stream.max-clients} streams are open. */
    boolean tryReserve() {
        if (open.incrementAndGet() > maxClients) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Returns a slot reserved by {@link #tryReserve} that no stream took. */
    void release() {
        open.decrementAndGet();
    }

    /** Open streams on this instance. */
    public int openStreams() {
        return open.get();
    }

    /**
     * The event stream of a connection that already holds a slot: alerts of {@code subscriptionIds} (empty: all)
     * that {@code visible} lets through, after {@code resumeAfter}, replayed then live, or (null) only alerts
     * dispatched from now on.
     *
     * @param visible whether the caller may see a subscription's alerts, asked for each alert (so ownership changes
     *                apply to open streams); it must not depend on the request, which is gone by then
     */
    Multi<OutboundSseEvent> stream(
            Sse sse, Set<String> subscriptionIds, Predicate<String> visible, AlertCursor resumeAfter) {
        return stream(sse, subscriptionIds, visible, () -> true, resumeAfter);
    }

    /**
     * As {@link #stream(Sse, Set, Predicate, AlertCursor)}, ending the stream once {@code keyActive} says the
     * caller's API key was revoked (asked every poll tick and before every event).
     */
    Multi<OutboundSseEvent> stream(
            Sse sse,
            Set<String> subscriptionIds,
            Predicate<String> visible,
            BooleanSupplier keyActive,
            AlertCursor resumeAfter) {
        AtomicLong delivered = new AtomicLong();
        return Multi.createFrom()
                .<OutboundSseEvent>emitter(
                        emitter -> {
                            Connection c = new Connection(
                                    sse,
                                    emitter,
                                    delivered,
                                    subscriptionIds,
                                    visible,
                                    keyActive,
                                    resumeAfter != null ? resumeAfter : AlertCursor.before(clock.instant()),
                                    resumeAfter == null);
                            emitter.onTermination(() -> close(c));
                            // First event at once: headers and the retry hint reach the client before any alert exists.
                            c.emit(sse.newEventBuilder()
                                    .comment("connected")
                                    .reconnectDelay(RETRY_MS)
                                    .build());
                            connections.add(c);
                            if (resumeAfter != null) {
                                replays.execute(() -> replay(c));
                            }
                        },
                        BackPressureStrategy.BUFFER)
                .onItem()
                .invoke(delivered::incrementAndGet);
    }

    private void close(Connection c) {
        if (c.closed.compareAndSet(false, true)) {
            connections.remove(c);
            open.decrementAndGet();
        }
    }

    /** Sends everything after the connection's resume point, page by page, then lets live alerts through. */
    private void replay(Connection c) {
        try {
            AlertCursor position = c.floor;
            while (!c.closed.get()) {
                c.awaitDrained();
                List<LoggedAlert> page = log.after(position, c.subscriptionIds, PAGE);
                for (LoggedAlert a : page) {
                    c.send(a);
                }
                if (page.size() < PAGE) {
                    break;
                }
                position = page.get(page.size() - 1).position();
            }
            c.awaitDrained();
            c.goLive();
        } catch (RuntimeException e) {
            LOG.debugf("Replay of an alert stream failed (%s); the client reconnects and resumes", e.toString());
            c.emitter.fail(e);
        }
    }

    /** One poller tick: everything written within the overlap window, offered to every connection. */
    void poll() {
        if (connections.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            // After a tick that hit the page cap, go on from where it stopped, or a sustained burst larger than
            // the cap would never get past its first pages; once a tick reaches the end, start from the window.
            AlertCursor position = continueFrom;
            continueFrom = null;
            for (int pages = 0; pages < MAX_PAGES_PER_TICK; pages++) {
                List<LoggedAlert> page = log.loggedSince(now.minus(overlap), position, PAGE);
                for (LoggedAlert a : page) {
                    for (Connection c : connections) {
                        c.offer(a);
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                position = page.get(page.size() - 1).position();
                if (pages == MAX_PAGES_PER_TICK - 1) {
                    continueFrom = position;
                }
            }
        } catch (RuntimeException e) {
            // Elasticsearch away: streams stay open and catch up from the window once it is back.
            long t = System.currentTimeMillis();
            if (t - lastPollWarning > 60_000) {
                lastPollWarning = t;
                LOG.warnf("Alert stream poll failed (%s); retrying every %d ms", e.toString(), pollInterval.toMillis());
            }
        }
        // An alert written before now - 2 x overlap is out of every later tick's window, even with some clock skew.
        long forgetBefore = now.minus(overlap.multipliedBy(2)).toEpochMilli();
        for (Connection c : connections) {
            c.forget(forgetBefore);
            c.checkKey();
        }
    }

    private void beat() {
        for (Connection c : connections) {
            c.comment("heartbeat");
        }
    }

    /** The SSE event of one alert: id = cursor, name by kind, data = the Alert JSON. */
    OutboundSseEvent event(Sse sse, LoggedAlert a) {
        String json;
        try {
            json = mapper.writeValueAsString(a.alert());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert " + a.alert().id(), e);
        }
        // No mediaType on the event: RESTEasy would add a non-standard "content-type:" line; a String goes as is.
        return sse.newEventBuilder()
                .id(a.cursor())
                .name(eventName(a))
                .data(json)
                .build();
    }

    static String eventName(LoggedAlert a) {
        return io.redline.alerts.channel.WebhookPayload.eventType(a.alert());
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
        replays.shutdownNow();
        for (Connection c : connections) {
            c.emitter.complete();
        }
    }

    /** One open stream: its filter, its resume floor and the ids it sent recently. */
    final class Connection {

        final Sse sse;
        final MultiEmitter<? super OutboundSseEvent> emitter;
        /** Events emitted and events the HTTP response took: the difference is what waits in the buffer. */
        private long emitted;

        private final AtomicLong delivered;
        final Set<String> subscriptionIds;
        /** Whether the caller may see a subscription's alerts (an editor: only their own). */
        private final Predicate<String> visible;
        /** Whether the API key the stream was opened with is still active. */
        private final BooleanSupplier keyActive;
        /** Nothing at or before this position is sent: the resume point, or the connection time. */
        final AlertCursor floor;

        final AtomicBoolean closed = new AtomicBoolean();
        /** Sent alert id to the time it was sent, oldest first. */
        private final LinkedHashMap<String, Long> sent = new LinkedHashMap<>();
        /** Live alerts held back while replaying; null once live. */
        private List<LoggedAlert> heldBack;

        Connection(
                Sse sse,
                MultiEmitter<? super OutboundSseEvent> emitter,
                AtomicLong delivered,
                Set<String> subscriptionIds,
                Predicate<String> visible,
                BooleanSupplier keyActive,
                AlertCursor floor,
                boolean live) {
            this.sse = sse;
            this.emitter = emitter;
            this.delivered = delivered;
            this.subscriptionIds = subscriptionIds;
            this.visible = visible;
            this.keyActive = keyActive;
            this.floor = floor;
            this.heldBack = live ? null : new ArrayList<>();
        }

        /** A live alert from the poller. */
        synchronized void offer(LoggedAlert a) {
            if (closed.get() || !wants(a)) {
                return;
            }
            if (heldBack != null) {
                if (heldBack.size() >= MAX_BACKLOG / 2) {
                    emitter.fail(new IllegalStateException("too many alerts during the replay; resume to continue"));
                    return;
                }
                heldBack.add(a);
                return;
            }
            send(a);
        }

        /** Sends an alert unless it was sent already. */
        synchronized void send(LoggedAlert a) {
            if (closed.get() || !wants(a) || sent.containsKey(a.alert().id())) {
                return;
            }
            sent.put(a.alert().id(), System.currentTimeMillis());
            emit(event(sse, a));
        }

        /**
         * Emits unless the client has left {@link #MAX_BACKLOG} events unread: then the stream ends (the client
         * resumes from its last event id) rather than this instance buffering for a reader that does not read.
         */
        synchronized void emit(OutboundSseEvent event) {
            if (!checkKey()) {
                return;
            }
            if (emitted - delivered.get() >= MAX_BACKLOG) {
                emitter.fail(new IllegalStateException("client too slow: " + MAX_BACKLOG + " events unread"));
                return;
            }
            emitted++;
            emitter.emit(event);
        }

        /**
         * Ends the stream when its API key is no longer active, after a {@code stream.closed} event saying so (a
         * browser's EventSource then reconnects and is refused with 401); false when it ended.
         */
        synchronized boolean checkKey() {
            if (closed.get()) {
                return false;
            }
            if (keyActive.getAsBoolean()) {
                return true;
            }
            emitter.emit(sse.newEventBuilder()
                    .name(CLOSED_EVENT)
                    .data("{\"reason\":\"" + KEY_REVOKED + "\",\"detail\":\"the API key of this stream was revoked\"}")
                    .build());
            emitter.complete();
            return false;
        }

        /** Waits (on the replay thread) until the client has read most of what was sent, so a replay paces itself. */
        void awaitDrained() {
            while (!closed.get()) {
                synchronized (this) {
                    if (emitted - delivered.get() <= PAGE) {
                        return;
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** End of the replay: the held-back live alerts in log order, then live. */
        synchronized void goLive() {
            List<LoggedAlert> pending = heldBack;
            heldBack = null;
            if (pending != null) {
                pending.sort(Comparator.comparing(LoggedAlert::position));
                pending.forEach(this::send);
            }
        }

        private boolean wants(LoggedAlert a) {
            return (subscriptionIds.isEmpty()
                            || subscriptionIds.contains(a.alert().subscriptionId()))
                    && a.position().compareTo(floor) > 0
                    && visible.test(a.alert().subscriptionId());
        }

        synchronized void comment(String text) {
            if (!closed.get()) {
                emit(sse.newEventBuilder().comment(text).build());
            }
        }

        /** Drops remembered ids sent before {@code millis}: no later tick can bring them back. */
        synchronized void forget(long millis) {
            Iterator<Map.Entry<String, Long>> it = sent.entrySet().iterator();
            while (it.hasNext() && it.next().getValue() < millis) {
                it.remove();
            }
        }
    }
}
