package io.redline.ingest.corpus;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.sun.net.httpserver.HttpServer;
import io.redline.ingest.corpus.ExpectEvaluator.Check;
import io.redline.ingest.corpus.ExpectEvaluator.Outcome;
import io.redline.ingest.corpus.ExpectEvaluator.Verdict;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.parse.FeedParseException;
import io.redline.ingest.parse.FeedParser;
import io.redline.safehttp.AddressPolicy;
import io.redline.safehttp.FetchException;
import io.redline.safehttp.FetchResult;
import io.redline.safehttp.SafeHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a feedparser-format corpus through Redline's fetch, parse and normalise path and scores its
 * {@code Expect:} checks; files under a folder named like {@code http} are served over loopback HTTP.
 */
public final class CorpusRunner {

    /** The URL feedparser's harness served HTTP cases from; expectations embed it. */
    static final String HARNESS_BASE = "http://127.0.0.1:8097/";

    private static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final Duration PER_FILE = Duration.ofSeconds(20);

    /** Figures of one run. */
    public record Report(
            int files,
            int skipped,
            int parsed,
            Map<String, Integer> parseFailures,
            int crashes,
            int checks,
            int applicable,
            int passed,
            Map<String, Integer> failuresByKey,
            Map<String, Integer> notApplicableByReason,
            List<String> failureSamples) {

        /** Passed share of applicable checks, 0..1. */
        public double passRate() {
            return applicable == 0 ? 0 : (double) passed / applicable;
        }

        /** Prints the figures the README quotes. */
        public void print(PrintStream out) {
            out.printf(
                    "Corpus: %d files (%d skipped), %d parsed, %d recorded as failed, %d crashes/hangs%n",
                    files,
                    skipped,
                    parsed,
                    parseFailures.values().stream().mapToInt(Integer::intValue).sum(),
                    crashes);
            out.printf(
                    "Checks: %d in total, %d applicable, %d passed (%.1f%%)%n",
                    checks, applicable, passed, 100 * passRate());
            out.println("Files recorded as failed, by reason:");
            sorted(parseFailures).forEach(e -> out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
            out.println("Failed checks, by field:");
            sorted(failuresByKey).forEach(e -> out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
            out.println("Checks not applicable, by reason:");
            sorted(notApplicableByReason).stream()
                    .limit(15)
                    .forEach(e -> out.printf(
                            "  %5d  %s%n",
                            e.getValue(), e.getKey().length() > 70 ? e.getKey().substring(0, 70) + "..." : e.getKey()));
        }

        private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
            return m.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .toList();
        }
    }

    private record Meta(List<String[]> headers, String expect, String skipUnless) {}

    private CorpusRunner() {}

    /** Runs every {@code .xml} file under {@code dir}. */
    public static Report run(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1))
                        .normalize();
                if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                boolean typed = false;
                for (String[] h : meta(body).headers()) {
                    exchange.getResponseHeaders().add(h[0], h[1]);
                    typed |= h[0].equalsIgnoreCase("content-type");
                }
                if (!typed) {
                    exchange.getResponseHeaders().set("Content-Type", "text/xml");
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        ExecutorService serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.start();
        SafeHttpClient client = new SafeHttpClient(new SafeHttpClient.Settings(
                "Redline-corpus/1",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                MAX_FILE_BYTES,
                5,
                new AddressPolicy(List.of("127.0.0.0/8", "::1"))));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpus-file");
            t.setDaemon(true);
            return t;
        });
        int skipped = 0;
        int parsed = 0;
        int crashes = 0;
        int checks = 0;
        int applicable = 0;
        int passed = 0;
        Map<String, Integer> parseFailures = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        Map<String, Integer> notApplicable = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        try {
            for (Path file : files) {
                String rel = dir.relativize(file).toString().replace('\\', '/');
                byte[] bytes = readCapped(file);
                Meta meta = meta(bytes);
                if (!runnable(meta.skipUnless())) {
                    skipped++;
                    continue;
                }
                boolean http = rel.contains("http");
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + rel;
                Future<Outcome> future = worker.submit(() -> outcome(bytes, http, url, rel, client));
                Outcome outcome;
                try {
                    outcome = future.get(PER_FILE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    crashes++;
                    outcome = new Outcome(null, null, null, null, "hang (more than " + PER_FILE.toSeconds() + " s)");
                } catch (ExecutionException e) {
                    crashes++;
                    outcome = new Outcome(null, null, null, null, "crash: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (outcome.parsed()) {
                    parsed++;
                } else {
                    parseFailures.merge(outcome.failure(), 1, Integer::sum);
                }
                if (meta.expect() == null) {
                    continue;
                }
                boolean sanitize = rel.contains("sanitize/");
                for (Check check :
                        ExpectEvaluator.evaluate(meta.expect(), outcome, sanitize, ArticleNormalizer::sanitize)) {
                    checks++;
                    if (check.verdict() == Verdict.NOT_APPLICABLE) {
                        notApplicable.merge(check.key(), 1, Integer::sum);
                        continue;
                    }
                    applicable++;
                    if (check.verdict() == Verdict.PASS) {
                        passed++;
                    } else {
                        failures.merge(check.key(), 1, Integer::sum);
                        samples.add(rel + ": " + check.text() + " -> " + check.detail());
                    }
                }
            }
        } finally {
            worker.shutdownNow();
            server.stop(0);
            serverThreads.shutdownNow();
        }
        return new Report(
                files.size(),
                skipped,
                parsed,
                parseFailures,
                crashes,
                checks,
                applicable,
                passed,
                failures,
                notApplicable,
                samples);
    }

    /** Fetches (HTTP cases) or reads the file, parses it and normalises every entry, as the poller does. */
    private static Outcome outcome(byte[] bytes, boolean http, String url, String rel, SafeHttpClient client) {
        byte[] body = bytes;
        String contentType = null;
        String base = null;
        if (http) {
            try {
                FetchResult r = client.get(url, null, null);
                if (r.status() != 200) {
                    return new Outcome(null, null, null, null, "HTTP " + r.status());
                }
                body = r.body();
                contentType = r.contentType();
                base = HARNESS_BASE + rel;
            } catch (FetchException e) {
                return new Outcome(null, null, null, null, "fetch " + e.kind().tag());
            }
        }
        try {
            FeedParser.Parsed parsed = FeedParser.parseWithCharset(body, contentType);
            SyndFeed feed = parsed.feed();
            Instant now = Instant.now();
            Map<String, Object> feedView = FeedView.feed(feed, base);
            List<Map<String, Object>> entries = new ArrayList<>();
            for (SyndEntry entry : feed.getEntries()) {
                ArticleNormalizer.normalize(
                        feed, entry, "corpus", base != null ? base : HARNESS_BASE + rel, List.of(), now);
                entries.add(FeedView.entry(entry, base));
            }
            return new Outcome(feedView, entries, parsed.charset(), version(feed.getFeedType()), null);
        } catch (FeedParseException e) {
            return new Outcome(null, null, null, null, e.reason());
        }
    }

    /** Rome's feed type in feedparser's spelling: {@code rss_2.0} is {@code rss20}, {@code rss_0.91U} is {@code rss091u}. */
    static String version(String feedType) {
        if (feedType == null) {
            return "";
        }
        String t = feedType.toLowerCase(Locale.ROOT).replace("_", "").replace(".", "");
        return t.equals("rss09") ? "rss090" : t;
    }

    private static boolean runnable(String skipUnless) {
        if (skipUnless == null) {
            return true;
        }
        Matcher m = Pattern.compile("lookup\\('([^']+)'\\)").matcher(skipUnless);
        if (m.find()) {
            return Charset.isSupported(m.group(1));
        }
        return true;
    }

    private static final Pattern FIELD =
            Pattern.compile("^\\s*(Header|Expect|SkipUnless):\\s*(.*?)\\s*$", Pattern.MULTILINE);

    /** The metadata comment, found in whichever of UTF-8/16/32 the file is written in. */
    private static Meta meta(byte[] bytes) {
        for (Charset cs : List.of(
                StandardCharsets.UTF_8,
                StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE"),
                Charset.forName("UTF-32BE"))) {
            String text = new String(bytes, 0, Math.min(bytes.length, 16 * 1024), cs);
            int start = text.indexOf("<!--");
            int end = start < 0 ? -1 : text.indexOf("-->", start);
            if (end < 0
                    || !text.substring(start, end).contains("Description:")
                            && !text.substring(start, end).contains("Expect:")) {
                continue;
            }
            List<String[]> headers = new ArrayList<>();
            String expect = null;
            String skip = null;
            Matcher m = FIELD.matcher(text.substring(start + 4, end));
            while (m.find()) {
                switch (m.group(1)) {
                    case "Header" -> {
                        int colon = m.group(2).indexOf(':');
                        if (colon > 0) {
                            headers.add(new String[] {
                                m.group(2).substring(0, colon).trim(),
                                m.group(2).substring(colon + 1).trim()
                            });
                        }
                    }
                    case "Expect" -> expect = m.group(2);
                    default -> skip = m.group(2);
                }
            }
            return new Meta(headers, expect, skip);
        }
        return new Meta(List.of(), null, null);
    }

    private static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (b.length > MAX_FILE_BYTES) {
                throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return b;
        }
    }

    /** Finds {@code ../shared/data/feedparser} relative to the project root by walking up from {@code start}. */
    public static Path defaultCorpus(Path start) {
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("../shared/data/feedparser").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
