package io.redline.ingest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves N RSS feeds spread over H loopback addresses (127.0.0.2, 127.0.0.3, ...) with JDK HttpServers; new items
 * appear at a fixed rate across the farm, and an unchanged feed answers {@code If-None-Match} with 304.
 *
 * <p>Distinct addresses because the poller fetches at most one feed per host at a time: 1,000 feeds on one host
 * would be polled one after another. Linux routes the whole of 127/8 to {@code lo}, so no setup is needed.
 */
final class FeedFarm implements AutoCloseable {

    /** A feed's newest item number and its rendered document, replaced when a new item appears. */
    private record Rendered(long newest, byte[] body, String etag) {
    }

    private final int feeds;
    private final int hosts;
    private final int items;
    private final int bodyBytes;
    private final double newPerSecond;
    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final AtomicReferenceArray<Rendered> cache;
    private final ExecutorService pool;

    final LongAdder ok = new LongAdder();
    final LongAdder notModified = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder serveNanos = new LongAdder();
    /** Feeds fetched at least once with a 200, to see when the first full sweep is done. */
    final AtomicLong feedsSeen = new AtomicLong();
    private final boolean[] seen;

    /**
     * {@code feeds} feeds of {@code items} items on {@code hosts} addresses; {@code newPerSecond} new items per
     * second over the whole farm, spread evenly (feed f gets its next item every feeds/newPerSecond seconds,
     * phase-shifted so they do not all change at once).
     */
    FeedFarm(int feeds, int hosts, int items, int bodyBytes, double newPerSecond, int serverThreads) throws IOException {
        if (hosts > 250) {
            throw new IllegalArgumentException("at most 250 hosts (127.0.0.2 .. 127.0.0.251)");
        }
        this.feeds = feeds;
        this.hosts = hosts;
        this.items = items;
        this.bodyBytes = bodyBytes;
        this.newPerSecond = newPerSecond;
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
            urls.add("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                    + "/feeds/" + f + ".xml");
        }
    }

    List<String> urls() {
        return urls;
    }

    long requests() {
        return ok.sum() + notModified.sum() + notFound.sum();
    }

    /** Newest item number of feed f now: starts at {@code items}, grows by one every feeds/newPerSecond seconds. */
    private long newest(int f) {
        if (newPerSecond <= 0) {
            return items;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double period = feeds / newPerSecond;
        return items + (long) Math.floor(seconds / period + (double) f / feeds);
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
        long newest = newest(f);
        Rendered current = cache.get(f);
        if (current != null && current.newest() == newest) {
            return current;
        }
        String name = "feed" + f;
        String site = "https://www.site" + (f % hosts) + ".example/" + name;
        // Item seq appears at about start + (seq - items) * period; dating it one period earlier keeps every date in
        // the past, so the normaliser never replaces a future date with the fetch time.
        long period = Math.max(1, Math.round(feeds / Math.max(newPerSecond, 1e-3)));
        Instant epoch = startInstant.minusSeconds((items + 1) * period);
        Rendered doc = new Rendered(newest, FeedGenerator.rss(name, site, newest - items + 1, newest, bodyBytes,
                f % 2 == 0, epoch, period), "\"" + f + "-" + newest + "\"");
        cache.set(f, doc);
        return doc;
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pool.shutdownNow();
    }
}
