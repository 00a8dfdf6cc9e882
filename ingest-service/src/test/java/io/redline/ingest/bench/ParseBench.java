package io.redline.ingest.bench;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.redline.ingest.corpus.CorpusRunner;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.parse.FeedParser;
import io.redline.localstack.bench.Machine;
import io.redline.localstack.farm.FeedGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Parse + normalise throughput, one thread, on in-memory documents: the feedparser corpus (many tiny, odd files)
 * and a generated set of large realistic feeds; no network, no Kafka.
 */
final class ParseBench {

    /** One in-memory document, with the Content-Type a server would have sent (null for plain files). */
    private record Doc(String name, byte[] bytes, String contentType) {}

    /** Figures of one dataset over all timed rounds. */
    private record Result(
            String dataset,
            int files,
            int failedFiles,
            long itemsPerRound,
            long bytesPerRound,
            int rounds,
            double wallSeconds,
            double cpuSeconds,
            double parseCpuSeconds,
            long[] perFileNanos,
            double bestRoundItemsPerSecond) {}

    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "^\\s*Header:\\s*Content-type:\\s*(.*?)\\s*$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile long sink; // consumed results, so the JIT cannot drop the work

    static void run(Map<String, String> opts, PrintStream out) throws IOException {
        Path dir = opts.containsKey("corpus") ? Path.of(opts.get("corpus")) : CorpusRunner.defaultCorpus(Path.of(""));
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no corpus folder (--corpus <dir>, default ../shared/data/feedparser)");
        }
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        int bigFeeds = Integer.parseInt(opts.getOrDefault("big-feeds", "50"));
        int bigItems = Integer.parseInt(opts.getOrDefault("big-items", "50"));
        int bodyBytes = Integer.parseInt(opts.getOrDefault("body-bytes", "3000"));
        ParseBench bench = new ParseBench();
        out.printf("Machine: %s%n", Machine.describe());
        List<Doc> corpus = loadCorpus(dir.toAbsolutePath().normalize());
        List<Doc> big = generated(bigFeeds, bigItems, bodyBytes);
        List<String> datasets =
                List.of(opts.getOrDefault("datasets", "corpus,generated").split(","));
        List<Result> results = new ArrayList<>();
        if (datasets.contains("corpus")) {
            results.add(bench.measure("feedparser corpus", corpus, warmup, rounds, out));
        }
        if (datasets.contains("generated")) {
            results.add(bench.measure(
                    String.format(Locale.ROOT, "generated %dx%d items, ~%d B HTML", bigFeeds, bigItems, bodyBytes),
                    big,
                    warmup,
                    rounds,
                    out));
        }
        out.println();
        out.println(
                "| dataset | files | failed | items/round | MB/round | rounds | files/s | items/s | MB/s "
                        + "| per-file p50 | per-file p99 | CPU µs/item | of which parsing | items/s per CPU-second | items/s best round |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            long[] sorted = r.perFileNanos().clone();
            Arrays.sort(sorted);
            double files = (double) r.files() * r.rounds();
            double items = (double) r.itemsPerRound() * r.rounds();
            out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %d | %,d | %.2f | %d | %,.0f | %,.0f | %.2f | %s | %s | %.1f | %.0f %% "
                            + "| %,.0f | %,.0f |%n",
                    r.dataset(),
                    r.files(),
                    r.failedFiles(),
                    r.itemsPerRound(),
                    r.bytesPerRound() / 1e6,
                    r.rounds(),
                    files / r.wallSeconds(),
                    items / r.wallSeconds(),
                    r.bytesPerRound() * r.rounds() / 1e6 / r.wallSeconds(),
                    micros(percentile(sorted, 0.50)),
                    micros(percentile(sorted, 0.99)),
                    r.cpuSeconds() * 1e6 / items,
                    100 * r.parseCpuSeconds() / r.cpuSeconds(),
                    items / r.cpuSeconds(),
                    r.bestRoundItemsPerSecond());
        }
        out.printf("Load average after the run: %s%n", Machine.loadAverage());
    }

    /** Warms up, then times {@code rounds} passes over {@code docs}, recording each file's wall time. */
    private Result measure(String name, List<Doc> docs, int warmup, int rounds, PrintStream out) {
        long bytes = docs.stream().mapToLong(d -> d.bytes().length).sum();
        out.printf(
                Locale.ROOT,
                "%s: %,d files, %.2f MB in memory; %d warm-up rounds, %d timed rounds%n",
                name,
                docs.size(),
                bytes / 1e6,
                warmup,
                rounds);
        for (int i = 0; i < warmup; i++) {
            pass(docs, null);
        }
        long[] perFile = new long[docs.size() * rounds];
        int[] failed = new int[1];
        long items = 0;
        long wall = 0;
        long cpu = 0;
        long parseCpu = 0;
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            long[] times = new long[docs.size()];
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long[] counted = pass(docs, times);
            long dt = System.nanoTime() - t0;
            cpu += threads.getCurrentThreadCpuTime() - c0;
            wall += dt;
            items = counted[0];
            failed[0] = (int) counted[1];
            parseCpu += counted[2];
            best = Math.max(best, items / (dt / 1e9));
            System.arraycopy(times, 0, perFile, round * docs.size(), docs.size());
            out.printf(Locale.ROOT, "  round %2d: %.3f s, %,.0f items/s%n", round + 1, dt / 1e9, items / (dt / 1e9));
        }
        return new Result(
                name,
                docs.size(),
                failed[0],
                items,
                bytes,
                rounds,
                wall / 1e9,
                cpu / 1e9,
                parseCpu / 1e9,
                perFile,
                best);
    }

    /**
     * Parses and normalises every document once, as the poller does per fetched body; returns {items, failed,
     * CPU nanoseconds spent in FeedParser}.
     */
    private long[] pass(List<Doc> docs, long[] times) {
        long items = 0;
        long failed = 0;
        long parseCpu = 0;
        Instant now = Instant.now();
        for (int i = 0; i < docs.size(); i++) {
            Doc doc = docs.get(i);
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            try {
                SyndFeed feed;
                try {
                    feed = FeedParser.parse(doc.bytes(), doc.contentType());
                } finally {
                    parseCpu += threads.getCurrentThreadCpuTime() - c0;
                }
                String url = "http://bench.invalid/" + doc.name();
                for (SyndEntry entry : feed.getEntries()) {
                    sink += ArticleNormalizer.normalize(feed, entry, "bench", url, List.of(), now)
                            .contentHash()
                            .hashCode();
                    items++;
                }
            } catch (Exception e) {
                // Refused files (not well-formed, DOCTYPE, not a feed) cost time too and stay in the timing.
                failed++;
            }
            if (times != null) {
                times[i] = System.nanoTime() - t0;
            }
        }
        return new long[] {items, failed, parseCpu};
    }

    /** Every {@code .xml} file under {@code dir}, read up front; HTTP cases keep their declared Content-Type. */
    private static List<Doc> loadCorpus(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        }
        List<Doc> docs = new ArrayList<>(files.size());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String rel = dir.relativize(file).toString().replace('\\', '/');
            String contentType = null;
            if (rel.contains("http")) {
                // As CorpusRunner serves them: the Header: line of the test's comment, else text/xml.
                Matcher m = CONTENT_TYPE.matcher(
                        new String(bytes, 0, Math.min(bytes.length, 16 * 1024), StandardCharsets.UTF_8));
                contentType = m.find() ? m.group(1) : "text/xml";
            }
            docs.add(new Doc(rel, bytes, contentType));
        }
        return docs;
    }

    /** Large feeds: half declare their language, half make the normaliser detect it. */
    private static List<Doc> generated(int feeds, int items, int bodyBytes) {
        List<Doc> docs = new ArrayList<>(feeds);
        Instant newest = Instant.parse("2026-11-27T04:00:00Z");
        for (int f = 0; f < feeds; f++) {
            String name = "site" + f;
            docs.add(new Doc(
                    name + ".xml",
                    FeedGenerator.rss(
                            name,
                            "https://www." + name + ".example",
                            1,
                            items,
                            bodyBytes,
                            f % 2 == 0,
                            newest.minusSeconds(items * 60L),
                            60),
                    "application/rss+xml; charset=utf-8"));
        }
        return docs;
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String micros(long nanos) {
        return nanos >= 10_000_000
                ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}
