package io.redline.ingest.bench;

import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import io.redline.localstack.bench.Machine;
import io.redline.localstack.farm.FeedFarm;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The 1,000-feed farm: a {@link FeedFarm} on loopback, a Kafka broker from local-stack and the real ingest-service
 * jar as a separate process; measures polls/s (at the farm), articles/s (consumed from redline.articles.raw),
 * fetch latency (ingest's histogram), and ingest's CPU, RSS and heap, once per fetch-thread setting.
 *
 * <p>Two windows per run: the first sweep (every feed new, feeds x items articles to publish) and the steady
 * state after it (mostly 304s, new items at the farm's rate).
 */
final class FarmBench {

    private static final String TOPIC = "redline.articles.raw";
    private static final long CLOCK_TICKS = 100; // USER_HZ, fixed at 100 on Linux for /proc/<pid>/stat

    /** One reading of every counter, taken every few seconds. */
    private record Sample(
            long nanos,
            long requests,
            long ok,
            long notModified,
            long consumed,
            long ingestTicks,
            long kafkaTicks,
            long benchTicks,
            long rssKb,
            double heapBytes,
            Map<String, Double> metrics,
            String load) {}

    private final Map<String, String> opts;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> summaries = new ArrayList<>();
    private final List<String> threadSummaries = new ArrayList<>();

    private FarmBench(Map<String, String> opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
    }

    static void run(Map<String, String> opts, PrintStream out) throws Exception {
        new FarmBench(opts, out).run();
    }

    private String opt(String key, String def) {
        return opts.getOrDefault(key, def);
    }

    private void run() throws Exception {
        out.printf("Machine: %s; load average %s%n", Machine.describe(), Machine.loadAverage());
        Path jar = opts.containsKey("jar") ? Path.of(opts.get("jar")).toAbsolutePath() : jar();
        Path runDir = StackDirs.newRunDir("ingest-bench");
        try {
            for (String threads : opt("fetch-threads", "4,16").split(",")) {
                runOnce(jar, runDir, threads.trim());
            }
            out.println();
            out.println(
                    "| fetch threads | window | length | polls/s (farm) | 200 / 304 | articles/s (Kafka) "
                            + "| articles published (metric) | fetch latency mean / p50 / p99 / max | errors "
                            + "| ingest CPU (% of one core) | ingest RSS | ingest heap | Kafka CPU | bench JVM CPU | load avg |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            summaries.forEach(out::println);
            out.println();
            out.println("What the fetch threads were doing (share of feed-fetch-* threads over jcmd Thread.print "
                    + "samples, one every 10 s):");
            out.println();
            out.println("| fetch threads | window | thread states |");
            out.println("|---|---|---|");
            threadSummaries.forEach(out::println);
        } finally {
            StackDirs.deleteRecursively(runDir);
            out.println("Stopped everything the bench started; deleted " + runDir);
        }
    }

    /**
     * One ingest-service process against a fresh farm and a fresh broker, with {@code threads} fetch threads: the
     * service keeps its registry, fetch state and dedupe ledger in Kafka, so a reused broker would make the second
     * run start with every article already published.
     */
    private void runOnce(Path jar, Path runDir, String threads) throws Exception {
        KafkaBroker kafka = null;
        String servers = opts.get("kafka");
        if (servers == null) {
            kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka-" + threads)).javaOpts("-Xms256m -Xmx512m");
            kafka.start();
            kafka.awaitReady(Duration.ofSeconds(180));
            servers = kafka.bootstrapServers();
        }
        out.println("Kafka " + servers + (kafka == null ? " (given; holds state from earlier runs)" : ", fresh"));
        try {
            runAgainst(jar, runDir, servers, kafka, threads);
        } finally {
            if (kafka != null) {
                kafka.stop(Duration.ofSeconds(20));
            }
        }
    }

    private void runAgainst(Path jar, Path runDir, String servers, KafkaBroker kafka, String threads) throws Exception {
        int feeds = Integer.parseInt(opt("feeds", "1000"));
        int items = Integer.parseInt(opt("items", "20"));
        int hosts = Integer.parseInt(opt("hosts", "50"));
        double rate = Double.parseDouble(opt("new-per-second", "5"));
        Duration steady = Duration.ofSeconds(Math.round(Double.parseDouble(opt("minutes", "3")) * 60));
        Duration sweepLimit = Duration.ofSeconds(Long.parseLong(opt("sweep-limit-seconds", "300")));
        String interval = opt("poll-interval", "30s");
        out.println();
        out.printf(
                Locale.ROOT,
                "=== fetch threads %s: %,d feeds on %d addresses, %d items of ~%s B HTML each, "
                        + "%.1f new items/s over the farm, poll interval %s%n",
                threads,
                feeds,
                hosts,
                items,
                opt("body-bytes", "1500"),
                rate,
                interval);
        try (FeedFarm farm = new FeedFarm(
                        feeds,
                        hosts,
                        items,
                        Integer.parseInt(opt("body-bytes", "1500")),
                        rate,
                        Integer.parseInt(opt("server-threads", "4")));
                ArticleCounter counter = new ArticleCounter(servers)) {
            int port = FreePorts.next();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_PROFILE", "demo");
            env.put("KAFKA_BOOTSTRAP_SERVERS", servers);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            if (opt("feeds-via", "file").equals("file")) {
                Path opml = runDir.resolve("farm-feeds-" + threads + ".opml");
                Files.writeString(opml, opml(farm.urls()));
                env.put("REDLINE_INGEST_FEEDS_FILE", opml.toString());
            } else {
                env.put("REDLINE_INGEST_FEEDS", String.join(",", farm.urls()));
            }
            env.put("REDLINE_INGEST_POLL_INTERVAL", interval);
            env.put("REDLINE_INGEST_FETCH_THREADS", threads);
            env.put("JAVA_TOOL_OPTIONS", null);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String javaOpts = opt("service-java-opts", "");
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            long t0 = System.nanoTime();
            ManagedProcess ingest = ManagedProcess.start(
                    "ingest-service-" + threads, command, env, runDir, runDir.resolve("ingest-" + threads + ".log"));
            String base = "http://127.0.0.1:" + port;
            try {
                awaitReady(ingest, base);
                out.printf(
                        Locale.ROOT,
                        "ingest-service pid %d ready in %.1f s (java options: %s)%n",
                        ingest.pid(),
                        (System.nanoTime() - t0) / 1e9,
                        javaOpts.isBlank() ? "JVM defaults" : javaOpts);
                out.println("   t(s) | polls/s | 200/s | 304/s | articles/s | feeds seen | ingest CPU% | RSS MiB "
                        + "| heap MiB | load");
                Map<String, Integer> sweepStates = new TreeMap<>();
                Map<String, Integer> steadyStates = new TreeMap<>();
                Sample start = sample(farm, counter, ingest, kafka, base);
                Sample prev = start;
                Sample sweepEnd = null;
                String sweepLabel = "first sweep";
                long sweepDeadline = System.nanoTime() + sweepLimit.toNanos();
                long stopAt = Long.MAX_VALUE;
                while (System.nanoTime() < stopAt) {
                    Thread.sleep(10_000);
                    if (ingest.exitCode() != null) {
                        throw new IllegalStateException("ingest-service exited:\n" + ingest.logTail(40));
                    }
                    Sample s = sample(farm, counter, ingest, kafka, base);
                    threadStates(ingest.pid(), sweepEnd == null ? sweepStates : steadyStates);
                    printRow(start, prev, s, farm);
                    prev = s;
                    boolean swept = farm.feedsSeen.get() >= feeds && s.consumed() >= (long) feeds * items;
                    if (sweepEnd == null && (swept || System.nanoTime() > sweepDeadline)) {
                        sweepEnd = s;
                        out.printf(
                                Locale.ROOT,
                                "-- first sweep %s after %.0f s; next window of %d s starts%n",
                                swept ? "complete" : "NOT complete",
                                (s.nanos() - start.nanos()) / 1e9,
                                steady.toSeconds());
                        stopAt = s.nanos() + steady.toNanos();
                        sweepLabel = swept
                                ? "first sweep (complete)"
                                : String.format(
                                        Locale.ROOT,
                                        "first sweep (cut at %.0f s: %d of %d feeds fetched)",
                                        (s.nanos() - start.nanos()) / 1e9,
                                        farm.feedsSeen.get(),
                                        feeds);
                    }
                }
                summaries.add(summary(threads, sweepLabel, start, sweepEnd));
                summaries.add(summary(threads, "next " + steady.toSeconds() + " s", sweepEnd, prev));
                out.println(summaries.get(summaries.size() - 2));
                out.println(summaries.get(summaries.size() - 1));
                threadSummaries.add(String.format("| %s | %s | %s |", threads, sweepLabel, shares(sweepStates)));
                threadSummaries.add(
                        String.format("| %s | next %d s | %s |", threads, steady.toSeconds(), shares(steadyStates)));
            } finally {
                ingest.stop(Duration.ofSeconds(20));
            }
        }
    }

    private void printRow(Sample start, Sample a, Sample b, FeedFarm farm) {
        double dt = (b.nanos() - a.nanos()) / 1e9;
        out.printf(
                Locale.ROOT,
                "  %5.0f | %7.1f | %5.1f | %5.1f | %10.1f | %10d | %11.0f | %7.0f | %8.0f | %s%n",
                (b.nanos() - start.nanos()) / 1e9,
                (b.requests() - a.requests()) / dt,
                (b.ok() - a.ok()) / dt,
                (b.notModified() - a.notModified()) / dt,
                (b.consumed() - a.consumed()) / dt,
                farm.feedsSeen.get(),
                cpuPercent(a.ingestTicks(), b.ingestTicks(), dt),
                b.rssKb() / 1024.0,
                b.heapBytes() / 1048576,
                b.load());
    }

    /** One markdown row: rates are deltas between two samples. */
    private String summary(String threads, String window, Sample a, Sample b) {
        double dt = (b.nanos() - a.nanos()) / 1e9;
        double count = delta(a, b, "redline_ingest_fetch_latency_seconds_count");
        double sum = delta(a, b, "redline_ingest_fetch_latency_seconds_sum");
        // Micrometer's _max is the largest in a decaying window, so it can lag; the bucket bound above a quantile can
        // exceed the largest value seen, hence the min() below.
        double max = b.metrics().getOrDefault("redline_ingest_fetch_latency_seconds_max", Double.POSITIVE_INFINITY);
        double errors = 0;
        for (String key : b.metrics().keySet()) {
            if (key.startsWith("redline_ingest_errors_total")) {
                errors += delta(a, b, key);
            }
        }
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.0f s | %.1f | %,d / %,d | %.1f | %,.0f | %s / %s / %s / %s "
                        + "| %.0f | %.0f %% | %.0f MiB | %.0f MiB | %.0f %% | %.0f %% | %s |",
                threads,
                window,
                dt,
                (b.requests() - a.requests()) / dt,
                b.ok() - a.ok(),
                b.notModified() - a.notModified(),
                (b.consumed() - a.consumed()) / dt,
                delta(a, b, "redline_ingest_articles_published_total"),
                ms(count == 0 ? Double.NaN : sum / count),
                ms(Math.min(quantile(a, b, 0.50), max)),
                ms(Math.min(quantile(a, b, 0.99), max)),
                ms(max),
                errors,
                cpuPercent(a.ingestTicks(), b.ingestTicks(), dt),
                b.rssKb() / 1024.0,
                b.heapBytes() / 1048576,
                cpuPercent(a.kafkaTicks(), b.kafkaTicks(), dt),
                cpuPercent(a.benchTicks(), b.benchTicks(), dt),
                b.load());
    }

    /**
     * Adds what each of ingest's fetch threads is doing now to {@code into}, from a {@code jcmd Thread.print}: the
     * innermost Redline frame on the stack says whether it waits for Kafka, the network, or computes.
     */
    private static void threadStates(long pid, Map<String, Integer> into) {
        try {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            for (String thread : dump.split("\n\s*\n")) {
                if (thread.startsWith("\"feed-fetch-")) {
                    into.merge(classify(thread), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            into.merge("jcmd failed", 1, Integer::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The activity of one thread's stack, judged from the frames nearest its top. */
    private static String classify(String stack) {
        String library = null; // the first jsoup or language-detector frame above Redline's code, if any
        for (String line : stack.split("\n")) {
            String l = line.trim();
            if (library == null && l.startsWith("at org.jsoup.")) {
                library = "jsoup";
            } else if (library == null && l.startsWith("at com.optimaize.")) {
                library = "language detection";
            }
            if (l.startsWith("at io.redline.ingest.publish.RawArticlePublisher.publish")) {
                return "publishing: waiting for Kafka ack";
            }
            if (l.startsWith("at io.redline.ingest.registry.KafkaLedger")) {
                return "ledger write";
            }
            if (l.startsWith("at io.redline.ingest.registry.FeedRegistry.save")) {
                return "state save";
            }
            if (l.startsWith("at io.redline.ingest.fetch.") || l.startsWith("at io.redline.safehttp.")) {
                return "fetching (HTTP)";
            }
            if (l.startsWith("at io.redline.ingest.parse.")) {
                return "parsing";
            }
            if (l.startsWith("at io.redline.ingest.normalize.LanguageDetection")) {
                return "normalising: language detection";
            }
            if (l.startsWith("at io.redline.ingest.normalize.")) {
                return library == null ? "normalising: other" : "normalising: " + library;
            }
            if (l.startsWith("at io.redline.ingest.")) {
                return "other poll work";
            }
            if (l.contains("ThreadPoolExecutor.getTask")) {
                return "idle";
            }
        }
        return "other";
    }

    private static String shares(Map<String, Integer> states) {
        int total = states.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "no samples";
        }
        StringBuilder sb = new StringBuilder();
        states.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100.0 * e.getValue() / total)));
        return sb.append(" (").append(total).append(" thread samples)").toString();
    }

    private static double delta(Sample a, Sample b, String key) {
        return b.metrics().getOrDefault(key, 0.0) - a.metrics().getOrDefault(key, 0.0);
    }

    /** Quantile of the fetch-latency histogram over the window: the upper bound of the bucket it falls in. */
    private static double quantile(Sample a, Sample b, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String key : b.metrics().keySet()) {
            if (key.startsWith("redline_ingest_fetch_latency_seconds_bucket{")) {
                int i = key.indexOf("le=\"") + 4;
                String le = key.substring(i, key.indexOf('"', i));
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), delta(a, b, key));
            }
        }
        if (buckets.isEmpty() || buckets.lastEntry().getValue() == 0) {
            return Double.NaN;
        }
        double target = q * buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            if (e.getValue() >= target) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    private static String ms(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        if (Double.isInfinite(seconds)) {
            return "inf";
        }
        return seconds < 0.01
                ? String.format(Locale.ROOT, "%.1f ms", seconds * 1000)
                : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    private static double cpuPercent(long ticksA, long ticksB, double seconds) {
        return 100.0 * (ticksB - ticksA) / CLOCK_TICKS / seconds;
    }

    private Sample sample(
            FeedFarm farm, ArticleCounter counter, ManagedProcess ingest, KafkaBroker kafka, String base) {
        Map<String, Double> metrics = new TreeMap<>();
        double heap = 0;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                double value = Double.parseDouble(line.substring(space + 1));
                String key = line.substring(0, space);
                if (key.startsWith("redline_ingest")) {
                    metrics.put(key, value);
                } else if (key.startsWith("jvm_memory_used_bytes{") && key.contains("area=\"heap\"")) {
                    heap += value;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.println("  (no metrics this time: " + e + ")");
        }
        return new Sample(
                System.nanoTime(),
                farm.requests(),
                farm.ok.sum(),
                farm.notModified.sum(),
                counter.count(),
                ticks(ingest.pid()),
                kafka == null ? 0 : ticks(kafka.pid()),
                ticks(ProcessHandle.current().pid()),
                rssKb(ingest.pid()),
                heap,
                metrics,
                Machine.loadAverage());
    }

    /** utime + stime of a process, in clock ticks; the fields after the ")" that ends the command name. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return 0;
    }

    private void awaitReady(ManagedProcess ingest, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (ingest.exitCode() != null) {
                throw new IllegalStateException("ingest-service exited:\n" + ingest.logTail(40));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingest-service not ready in 120 s:\n" + ingest.logTail(40));
            }
            Thread.sleep(250);
        }
    }

    /** The farm's feeds as an OPML subscription list, for {@code REDLINE_INGEST_FEEDS_FILE}. */
    private static String opml(List<String> urls) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
                + "<head><title>ingest bench farm</title></head>\n<body>\n<outline text=\"farm\" title=\"farm\">\n");
        for (int i = 0; i < urls.size(); i++) {
            sb.append("<outline type=\"rss\" text=\"feed ")
                    .append(i)
                    .append("\" xmlUrl=\"")
                    .append(urls.get(i))
                    .append("\"/>\n");
        }
        return sb.append("</outline>\n</body>\n</opml>\n").toString();
    }

    private static Path jar() {
        for (String p :
                List.of("target/quarkus-app/quarkus-run.jar", "ingest-service/target/quarkus-app/quarkus-run.jar")) {
            if (Files.exists(Path.of(p))) {
                return Path.of(p).toAbsolutePath();
            }
        }
        throw new IllegalStateException("Build the service first: ./mvnw -o -q -pl ingest-service -am package "
                + "-Dmaven.test.skip=true (no quarkus-run.jar)");
    }

    /** Counts records of redline.articles.raw produced since it started, in a thread of its own. */
    private static final class ArticleCounter implements AutoCloseable {

        private final AtomicLong count = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ArticleCounter(String servers) {
            long since = System.currentTimeMillis();
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            // A new group reading from the start, counting only records stamped after this run began: the topic
            // may not exist yet, and earlier runs' records stay in it.
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-bench-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
                            consumer.subscribe(List.of(TOPIC));
                            while (running.get()) {
                                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                                for (ConsumerRecord<byte[], byte[]> r : records) {
                                    if (r.timestamp() >= since) {
                                        count.incrementAndGet();
                                    }
                                }
                            }
                        }
                    },
                    "article-counter");
            thread.setDaemon(true);
            thread.start();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
