package io.redline.localstack.farm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves N RSS feeds spread over H loopback addresses (127.0.0.2, 127.0.0.3, ...) with JDK HttpServers; new items
 * appear at a settable rate across the farm, each carrying its creation time, and an unchanged feed answers
 * {@code If-None-Match} with 304.
 *
 * <p>Distinct addresses because the poller fetches at most one feed per host at a time: 1,000 feeds on one host
 * would be polled one after another. Linux routes the whole of 127/8 to {@code lo}, so no setup is needed.
 */
public final class FeedFarm implements AutoCloseable {

    /** A feed's newest item number and its rendered document, replaced when a new item appears. */
    private record Rendered(long newest, byte[] body, String etag) {}

    /** From {@code startNanos} on, the farm's position (items per feed so far) grows by {@code perFeedPerNano}. */
    private record Segment(long startNanos, double startPosition, double perFeedPerNano) {}

    private final int feeds;
    private final int hosts;
    private final int items;
    private final int bodyBytes;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private volatile int markEvery;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final AtomicReferenceArray<Rendered> cache;
    private final ExecutorService pool;

    public final LongAdder ok = new LongAdder();
    public final LongAdder notModified = new LongAdder();
    public final LongAdder notFound = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder serveNanos = new LongAdder();
    /** Feeds fetched at least once with a 200, to see when the first full sweep is done. */
    public final AtomicLong feedsSeen = new AtomicLong();

    private final boolean[] seen;

    /**
     * {@code feeds} feeds of {@code items} items on {@code hosts} addresses; {@code newPerSecond} new items per
     * second over the whole farm, spread evenly (feed f gets its next item every feeds/newPerSecond seconds,
     * phase-shifted so they do not all change at once).
     */
    public FeedFarm(int feeds, int hosts, int items, int bodyBytes, double newPerSecond, int serverThreads)
            throws IOException {
        if (hosts > 250) {
            throw new IllegalArgumentException("at most 250 hosts (127.0.0.2 .. 127.0.0.251)");
        }
        this.feeds = feeds;
        this.hosts = hosts;
        this.items = items;
        this.bodyBytes = bodyBytes;
        segments.add(new Segment(startNanos, 0, Math.max(0, newPerSecond) / feeds / 1e9));
        this.cache = new AtomicReferenceArray<>(feeds);
        this.seen = new boolean[feeds];
        this.pool = Executors.newFixedThreadPool(serverThreads, r -> {
            Thread t = new Thread(r, "feed-farm");
            t.setDaemon(true);
            return t;
        });
        for (int h = 0; h < hosts; h++) {
            InetAddress address = InetAddress.getByName("127.0.0." + (h + 2));
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 200);
            server.createContext("/", this::handle);
            server.setExecutor(pool);
            server.start();
            servers.add(server);
        }
        for (int f = 0; f < feeds; f++) {
            HttpServer server = servers.get(f % hosts);
            urls.add("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + "/feeds/" + f + ".xml");
        }
    }

    /** The feed URLs, one per feed. */
    public List<String> urls() {
        return urls;
    }

    /** Requests answered so far, whatever the status. */
    public long requests() {
        return ok.sum() + notModified.sum() + notFound.sum();
    }

    /** From now on {@code newPerSecond} new items per second over the whole farm; items already out keep their times. */
    public synchronized void setRate(double newPerSecond) {
        long now = System.nanoTime();
        segments.add(new Segment(now, position(now), Math.max(0, newPerSecond) / feeds / 1e9));
    }

    /** One item in {@code n} (by feed and item number, 0: none) gets a title starting with {@link FeedGenerator#MARKER}. */
    public FeedFarm markEvery(int n) {
        this.markEvery = n;
        for (int f = 0; f < feeds; f++) {
            cache.set(f, null);
        }
        return this;
    }

    /** Items that have appeared in the farm's feeds since it started (the first {@code items} of each excluded). */
    public long published() {
        long now = System.nanoTime();
        long n = 0;
        for (int f = 0; f < feeds; f++) {
            n += newest(f, now) - items;
        }
        return n;
    }

    /** Items per feed that have appeared by {@code nanos}: a piecewise-linear function of time. */
    private double position(long nanos) {
        Segment current = segments.get(0);
        for (Segment s : segments) {
            if (s.startNanos() <= nanos) {
                current = s;
            }
        }
        return current.startPosition() + (nanos - current.startNanos()) * current.perFeedPerNano();
    }

    /**
     * Newest item number of feed f at {@code nanos}: starts at {@code items} and grows with the farm's position,
     * phase-shifted by f/feeds so the feeds do not all change at once.
     */
    private long newest(int f, long nanos) {
        return items + (long) Math.floor(position(nanos) + (double) f / feeds);
    }

    /**
     * When item {@code seq} of feed f appeared (epoch ms): the inverse of {@link #newest}. The first {@code items}
     * items are dated a minute apart before the farm's start.
     */
    long createdMillis(int f, long seq) {
        double position = seq - items - (double) f / feeds;
        if (position <= 0) {
            return startMillis + (long) ((position - 1) * 60_000);
        }
        Segment at = segments.get(0);
        for (Segment s : segments) {
            if (s.startPosition() < position) {
                at = s;
            }
        }
        double nanos = at.startNanos() + (position - at.startPosition()) / at.perFeedPerNano();
        return startMillis + Math.round((nanos - startNanos) / 1e6);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long t0 = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int f;
            try {
                f = Integer.parseInt(path.substring("/feeds/".length(), path.length() - ".xml".length()));
            } catch (RuntimeException e) {
                f = -1;
            }
            if (f < 0 || f >= feeds || !path.startsWith("/feeds/")) {
                notFound.increment();
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Rendered doc = render(f);
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            exchange.getResponseHeaders().set("ETag", doc.etag());
            if (doc.etag().equals(inm)) {
                notModified.increment();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            ok.increment();
            synchronized (seen) {
                if (!seen[f]) {
                    seen[f] = true;
                    feedsSeen.incrementAndGet();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, doc.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(doc.body());
            }
            bytesSent.add(doc.body().length);
        } finally {
            serveNanos.add(System.nanoTime() - t0);
        }
    }

    /** The feed's current document, rendered once per new item so the farm's CPU stays small next to ingest's. */
    private Rendered render(int f) {
        long newest = newest(f, System.nanoTime());
        Rendered current = cache.get(f);
        if (current != null && current.newest() == newest) {
            return current;
        }
        String name = "feed" + f;
        String site = "https://www.site" + (f % hosts) + ".example/" + name;
        Rendered doc = new Rendered(
                newest,
                FeedGenerator.rss(
                        name,
                        site,
                        newest - items + 1,
                        newest,
                        bodyBytes,
                        f % 2 == 0,
                        seq -> createdMillis(f, seq),
                        markEvery),
                "\"" + f + "-" + newest + "\"");
        cache.set(f, doc);
        return doc;
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pool.shutdownNow();
    }
}
