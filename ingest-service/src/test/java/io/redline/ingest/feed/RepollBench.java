package io.redline.ingest.feed;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.parse.ItemScan;
import io.redline.ingest.support.TestIngestConfig;
import io.redline.localstack.farm.FeedGenerator;
import io.redline.safehttp.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU of one {@link FeedPoller#poll} of a changed document that holds one new item, or only known items in another
 * order, with the known entries left out (pre-scan) and, for comparison, with the pre-scan's memory cleared before
 * each poll so the whole document is parsed as before it existed. Over loopback HTTP; the sink only counts.
 */
public final class RepollBench {

    private RepollBench() {}

    public static void run(Map<String, String> opts, PrintStream out) throws Exception {
        int items = Integer.parseInt(opts.getOrDefault("items", "50"));
        int bodyBytes = Integer.parseInt(opts.getOrDefault("body-bytes", "3000"));
        int polls = Integer.parseInt(opts.getOrDefault("polls", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "100"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        out.printf(
                "%-22s | %-10s | %6s | %14s | %14s | %9s%n",
                "document", "parse", "polls", "CPU ms/poll", "best 10% ms", "published");
        for (String shape : List.of("one-new-item", "reordered")) {
            for (boolean prescan : List.of(false, true)) {
                TestIngestConfig config = new TestIngestConfig();
                AtomicLong sent = new AtomicLong();
                List<RawArticle> sink = new ArrayList<>();
                long[] seq = {1};
                try (LoopbackServer server = new LoopbackServer()) {
                    server.on("/feed", ex -> {
                        byte[] body = document(shape, seq[0], items, bodyBytes);
                        LoopbackServer.send(ex, 200, "application/rss+xml; charset=utf-8", body);
                    });
                    FeedPoller poller = new FeedPoller(
                            config,
                            new FeedFetcher(config),
                            a -> {
                                sent.incrementAndGet();
                                if (sink.size() < 10) {
                                    sink.add(a);
                                }
                            },
                            new SimpleMeterRegistry());
                    FeedState feed = poller.add(server.url("/feed"));
                    poller.poll(feed); // first sight: everything new
                    List<Long> cpu = new ArrayList<>();
                    long before = sent.get();
                    for (int i = 0; i < warmup + polls; i++) {
                        seq[0]++;
                        if (!prescan) {
                            feed.itemPrints = List.of(); // as before the pre-scan: the whole document is parsed
                        }
                        if (i == warmup) {
                            before = sent.get();
                        }
                        long t = mx.getCurrentThreadCpuTime();
                        poller.poll(feed);
                        if (i >= warmup) {
                            cpu.add(mx.getCurrentThreadCpuTime() - t);
                        }
                    }
                    poller.stop();
                    long total = cpu.stream().mapToLong(Long::longValue).sum();
                    List<Long> sorted = cpu.stream().sorted().toList();
                    double best = sorted.subList(0, Math.max(1, sorted.size() / 10)).stream()
                            .mapToLong(Long::longValue)
                            .average()
                            .orElse(0);
                    out.printf(
                            Locale.ROOT,
                            "%-22s | %-10s | %6d | %14.3f | %14.3f | %9d%n",
                            shape + " (" + items + ")",
                            prescan ? "pre-scan" : "whole",
                            polls,
                            total / 1e6 / polls,
                            best / 1e6,
                            sent.get() - before);
                }
            }
        }
    }

    /** The document of poll {@code seq}: a sliding window (one new item each poll) or one window reordered. */
    static byte[] document(String shape, long seq, int items, int bodyBytes) {
        Instant epoch = Instant.parse("2026-11-27T00:00:00Z");
        if (shape.equals("one-new-item")) {
            return FeedGenerator.rss(
                    "bench", "https://www.bench.example", seq, seq + items - 1, bodyBytes, false, epoch, 60);
        }
        byte[] body = FeedGenerator.rss("bench", "https://www.bench.example", 1, items, bodyBytes, false, epoch, 60);
        if (seq % 2 == 0) {
            return body;
        }
        // Odd polls: the same items, last first.
        ItemScan.Scan scan = ItemScan.scan(body, "application/rss+xml; charset=utf-8");
        List<ItemScan.Item> all = scan.items();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        out.write(body, 0, all.get(0).start());
        for (int i = all.size() - 1; i >= 0; i--) {
            out.write(body, all.get(i).start(), all.get(i).end() - all.get(i).start());
            out.write('\n');
        }
        ItemScan.Item last = all.get(all.size() - 1);
        out.write(body, last.end(), body.length - last.end());
        return out.toByteArray();
    }
}
