package io.redline.search.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import io.redline.localstack.TestKeys;
import io.redline.localstack.bench.ArticleGenerator;
import io.redline.localstack.bench.BenchCommand;
import io.redline.localstack.bench.Machine;
import io.redline.query.IndexedArticles;
import io.redline.search.index.ArticleIndex;
import io.redline.search.index.DocumentVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The search-service benchmark (issue 5, item 8): starts Elasticsearch and Kafka from local-stack and search-service
 * from its built jar, bulk-loads N synthetic analysed articles into the service's own index, then measures search
 * latency through the REST API at 1, 8 and 32 concurrent clients for six query shapes, each article search also sent
 * straight to Elasticsearch without the service's extras for comparison. A command, not a test:
 *
 * <pre>
 * ./mvnw -B -o -q -pl search-service package -DskipTests
 * ./mvnw -B -o -q -pl search-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.redline.search.bench.SearchBench -Dexec.args="--docs 1000000"
 * </pre>
 *
 * Options: {@code --docs N} (1000000), {@code --es host:port} (use a running Elasticsearch instead of starting one),
 * {@code --kafka host:port} (same for Kafka), {@code --es-heap 2g}, {@code --service-java-opts "..."} (none),
 * {@code --requests 200} (timed requests per cell), {@code --warmup 20} (untimed requests per shape and
 * concurrency), {@code --walks 40} (cursor walks per cell), {@code --concurrency 1,8,32}, {@code --bulk-mb 8},
 * {@code --bulk-concurrency 3}, {@code --gen-threads} (cores), {@code --seed 42}, {@code --keep} (leave the data
 * directory), {@code --skip-load} (search an index loaded before, with {@code --es}).
 */
public final class SearchBench {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Map<String, String> opts;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private String es;
    private String service;
    private ManagedProcess serviceProcess;
    private final List<String> memoryReport = new ArrayList<>();

    private SearchBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) {
        // ManagedProcess's shutdown hook only runs at JVM exit, which exec:java puts off: run() stops what it started.
        BenchCommand.exitAfter(() -> new SearchBench(BenchCommand.options(args)).run());
    }

    private void run() throws Exception {
        long docs = Long.parseLong(opts.getOrDefault("docs", "1000000").replace("_", ""));
        int cores = Runtime.getRuntime().availableProcessors();
        printMachine("start");
        Path runDir = StackDirs.newRunDir("search-bench");
        System.out.println("Run directory: " + runDir);
        ElasticsearchNode node = null;
        KafkaBroker kafka = null;
        try {
            String kafkaServers = opts.get("kafka");
            if (kafkaServers == null) {
                kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts("-Xms256m -Xmx512m");
                kafka.start();
            }
            es = opts.get("es");
            if (es == null) {
                String heap = opts.getOrDefault("es-heap", "2g");
                node = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                        .javaOpts("-Xms" + heap + " -Xmx" + heap);
                node.start();
            }
            if (kafka != null) {
                kafka.awaitReady(Duration.ofSeconds(120));
                kafkaServers = kafka.bootstrapServers();
            }
            if (node != null) {
                node.awaitReady(Duration.ofSeconds(180));
                es = node.hostAndPort();
            }
            System.out.println("Elasticsearch " + es + ", Kafka " + kafkaServers);
            startService(runDir, kafkaServers);
            sampleMemory("search-service idle, after start");

            if (!opts.containsKey("skip-load")) {
                load(docs, cores);
            }
            long count = JSON.readTree(get("http://" + es + "/" + ArticleIndex.ALIAS + "/_count")
                            .body())
                    .path("count")
                    .asLong();
            System.out.printf(
                    Locale.ROOT,
                    "Index %s holds %,d documents; index size: %s%n",
                    ArticleIndex.INDEX,
                    count,
                    indexSize());
            sampleMemory("search-service after load (nothing searched yet)");
            searchBenchmarks();
            sampleMemory("search-service after the search runs");
            System.out.println();
            System.out.println("Memory (heap = sum of jvm_memory_used_bytes{area=\"heap\"} from /q/metrics, "
                    + "RSS = VmRSS of /proc/<pid>/status):");
            memoryReport.forEach(System.out::println);
            printMachine("end");
        } finally {
            if (serviceProcess != null) {
                serviceProcess.stop(Duration.ofSeconds(20));
            }
            if (node != null) {
                node.stop(Duration.ofSeconds(30));
            }
            if (kafka != null) {
                kafka.stop(Duration.ofSeconds(20));
            }
            if (!opts.containsKey("keep")) {
                StackDirs.deleteRecursively(runDir);
            }
            System.out.println("Stopped everything the bench started"
                    + (opts.containsKey("keep") ? "; data kept in " + runDir : "; deleted " + runDir));
        }
    }

    // ---------------------------------------------------------------------------------------------- search-service

    private void startService(Path runDir, String kafkaServers) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            jar = Path.of("search-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the service first: ./mvnw -B -o -q -pl search-service package "
                    + "-DskipTests (no " + jar + ")");
        }
        int port = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = opts.getOrDefault("service-java-opts", "");
        if (!javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_ELASTICSEARCH_HOSTS", es);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaServers);
        env.put("JAVA_TOOL_OPTIONS", null);
        // The API needs a key: the bench searches as the bootstrap admin, without the per-key rate limit getting in the
        // way of the 8- and 32-client cells.
        env.put("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", TestKeys.ADMIN);
        env.put("REDLINE_AUTH_KEY_PEPPER", TestKeys.KEY_PEPPER);
        env.put("REDLINE_AUTH_RATE_LIMIT_ADMIN_PER_MINUTE", "100000000");
        env.put("REDLINE_AUTH_RATE_LIMIT_ADMIN_BURST", "10000000");
        serviceProcess =
                ManagedProcess.start("search-service", command, env, runDir, runDir.resolve("search-service.log"));
        service = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (serviceProcess.exitCode() != null) {
                throw new IllegalStateException("search-service exited:\n" + serviceProcess.logTail(40));
            }
            try {
                if (get(service + "/q/health/ready").statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("search-service not ready in 180 s:\n" + serviceProcess.logTail(40));
            }
            Thread.sleep(500);
        }
        System.out.printf(
                "search-service ready on %s (pid %d, java options: %s, log %s)%n",
                service,
                serviceProcess.pid(),
                javaOpts.isBlank() ? "JVM defaults" : javaOpts,
                serviceProcess.logFile());
    }

    private void sampleMemory(String when) {
        try {
            double heap = 0;
            for (String line : get(service + "/q/metrics").body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            String rss = rssKb(serviceProcess.pid());
            long esRss = 0;
            if (opts.get("es") == null) {
                esRss = treeRssKb();
            }
            String line = String.format(
                    Locale.ROOT,
                    "  %-50s heap %6.0f MiB, RSS %6.0f MiB%s",
                    when,
                    heap / 1048576,
                    Long.parseLong(rss) / 1024.0,
                    esRss > 0
                            ? String.format(Locale.ROOT, "   (Elasticsearch process tree RSS %.0f MiB)", esRss / 1024.0)
                            : "");
            memoryReport.add(line);
            System.out.println(line.trim());
        } catch (Exception e) {
            memoryReport.add("  " + when + ": cannot sample (" + e + ")");
        }
    }

    private static String rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return line.replaceAll("\\D", "");
            }
        }
        return "0";
    }

    /** RSS of the Elasticsearch JVM: the java process whose command line names our run directory's node. */
    private long treeRssKb() {
        long total = 0;
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains("org.elasticsearch.bootstrap.Elasticsearch") || cmd.contains("org.elasticsearch.server")) {
                try {
                    total += Long.parseLong(rssKb(p.pid()));
                } catch (IOException | NumberFormatException e) {
                    // gone
                }
            }
        }
        return total;
    }

    // --------------------------------------------------------------------------------------------------- loading

    private void load(long docs, int cores) throws Exception {
        String index = ArticleIndex.INDEX;
        String settingsUrl = "http://" + es + "/" + index + "/_settings";
        JsonNode settings =
                JSON.readTree(get(settingsUrl + "?include_defaults=false").body());
        String refresh = settings.path(index)
                .path("settings")
                .path("index")
                .path("refresh_interval")
                .asText("1s");
        put(settingsUrl, "{\"index\":{\"refresh_interval\":\"-1\"}}");
        System.out.printf("refresh_interval of %s: %s -> -1 for the load%n", index, refresh);

        int bulkBytes = Integer.parseInt(opts.getOrDefault("bulk-mb", "8")) * 1024 * 1024;
        int senders = Integer.parseInt(opts.getOrDefault("bulk-concurrency", "3"));
        int generators = Integer.parseInt(opts.getOrDefault("gen-threads", Integer.toString(cores)));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        ArticleGenerator generator = new ArticleGenerator(seed);
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(senders * 2);
        byte[] poison = new byte[0];
        AtomicLong next = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int chunk = 500;
        ExecutorService pool = Executors.newFixedThreadPool(generators + senders);
        System.out.printf(
                Locale.ROOT,
                "Loading %,d articles: %d generator threads, %d concurrent bulk requests of " + "~%d MB%n",
                docs,
                generators,
                senders,
                bulkBytes >> 20);
        long start = System.nanoTime();
        CountDownLatch generated = new CountDownLatch(generators);
        for (int g = 0; g < generators; g++) {
            pool.submit(() -> {
                try {
                    ByteArrayOutputStream body = new ByteArrayOutputStream(bulkBytes + (1 << 20));
                    int inBody = 0;
                    while (failure.get() == null) {
                        long from = next.getAndAdd(chunk);
                        if (from >= docs) {
                            break;
                        }
                        long to = Math.min(docs, from + chunk);
                        for (long i = from; i < to; i++) {
                            ArticleGenerator.Generated g2 = generator.article(i);
                            IndexedArticle doc = IndexedArticles.of(g2.article(), g2.storyId());
                            String action = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\""
                                    + g2.article().article().id() + "\",\"version\":"
                                    + DocumentVersion.of(g2.article()) + ",\"version_type\":\"external_gte\"}}\n";
                            body.write(action.getBytes(StandardCharsets.UTF_8));
                            JSON.writeValue(new NonClosing(body), doc);
                            body.write('\n');
                            inBody++;
                            if (body.size() >= bulkBytes) {
                                queue.put(body.toByteArray());
                                body.reset();
                                inBody = 0;
                            }
                        }
                    }
                    if (inBody > 0) {
                        queue.put(body.toByteArray());
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    generated.countDown();
                }
                return null;
            });
        }
        List<Future<?>> senderFutures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            senderFutures.add(pool.submit(() -> {
                while (true) {
                    byte[] body = queue.take();
                    if (body == poison) {
                        return null;
                    }
                    long backoff = 500;
                    while (true) {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(URI.create("http://" + es
                                                + "/_bulk?filter_path=errors,items.*.error," + "items.*.status"))
                                        .timeout(Duration.ofMinutes(5))
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        if (response.statusCode() == 429 || response.statusCode() >= 500) {
                            retries.incrementAndGet();
                            Thread.sleep(backoff);
                            backoff = Math.min(backoff * 2, 30_000);
                            continue;
                        }
                        JsonNode result = JSON.readTree(response.body());
                        if (response.statusCode() != 200
                                || result.path("errors").asBoolean()) {
                            String first = response.body()
                                    .substring(0, Math.min(2000, response.body().length()));
                            failure.compareAndSet(
                                    null,
                                    new IllegalStateException(
                                            "bulk failed (HTTP " + response.statusCode() + "): " + first));
                            return null;
                        }
                        int items = result.path("items").size();
                        sent.addAndGet(items);
                        bytes.addAndGet(body.length);
                        break;
                    }
                }
            }));
        }
        Thread progress = new Thread(
                () -> {
                    long last = 0;
                    long lastTime = System.nanoTime();
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(15_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = System.nanoTime();
                        long s = sent.get();
                        System.out.printf(
                                Locale.ROOT,
                                "  %,d / %,d indexed (%.0f docs/s last 15 s, %.0f overall), load " + "average %s%n",
                                s,
                                docs,
                                (s - last) / ((now - lastTime) / 1e9),
                                s / ((now - start) / 1e9),
                                Machine.loadAverage());
                        last = s;
                        lastTime = now;
                    }
                },
                "bench-progress");
        progress.setDaemon(true);
        progress.start();
        generated.await();
        for (int s = 0; s < senders; s++) {
            queue.put(poison);
        }
        for (Future<?> f : senderFutures) {
            f.get();
        }
        long bulkDone = System.nanoTime();
        progress.interrupt();
        pool.shutdownNow();
        if (failure.get() != null) {
            throw new IllegalStateException("Load failed", failure.get());
        }
        put(settingsUrl, "{\"index\":{\"refresh_interval\":\"" + refresh + "\"}}");
        HttpResponse<String> refreshed = http.send(
                HttpRequest.newBuilder(URI.create("http://" + es + "/" + index + "/_refresh"))
                        .timeout(Duration.ofMinutes(10))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long end = System.nanoTime();
        double bulkSeconds = (bulkDone - start) / 1e9;
        double totalSeconds = (end - start) / 1e9;
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "LOAD: %,d articles, %.2f GB of bulk bodies in %,d bulk requests (%d retried " + "after 429/5xx)%n",
                sent.get(),
                bytes.get() / 1e9,
                requests.get(),
                retries.get());
        System.out.printf(
                Locale.ROOT,
                "LOAD: bulk phase %.1f s = %.0f docs/s; with the final refresh (HTTP %d, "
                        + "refresh_interval restored to %s) %.1f s = %.0f docs/s; load average %s%n",
                bulkSeconds,
                sent.get() / bulkSeconds,
                refreshed.statusCode(),
                refresh,
                totalSeconds,
                sent.get() / totalSeconds,
                Machine.loadAverage());
    }

    /** Lets Jackson write into the shared body without closing it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {}
    }

    private String indexSize() {
        try {
            JsonNode stats =
                    JSON.readTree(get("http://" + es + "/" + ArticleIndex.INDEX + "/_stats/store,docs,segments")
                            .body());
            JsonNode primaries = stats.path("indices").path(ArticleIndex.INDEX).path("primaries");
            return String.format(
                    Locale.ROOT,
                    "%.2f GB on disk, %,d Lucene docs (nested included), %d segments",
                    primaries.path("store").path("size_in_bytes").asLong() / 1e9,
                    primaries.path("docs").path("count").asLong(),
                    primaries.path("segments").path("count").asInt());
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    // ------------------------------------------------------------------------------------------------- searching

    /** A timed request; {@code target} marks the shapes the latency targets apply to. */
    private record Shape(String name, String path, boolean target) {}

    /** A shape's latencies through the service and, for article searches, straight from Elasticsearch. */
    private record Pair(Stats ours, Stats raw) {}

    private record Stats(
            double p50, double p95, double p99, double mean, double max, int n, int errors, double throughput) {}

    private void searchBenchmarks() throws Exception {
        String from7 = ArticleGenerator.END.minus(Duration.ofDays(7)).toString();
        String from = ArticleGenerator.START.toString();
        String to = ArticleGenerator.END.toString();
        List<Shape> shapes = List.of(
                // What a search box needs: a lower-bound total above 10,000 and no facets (the console's cursor pages,
                // or any client that shows hits only).
                new Shape("keyword", "/api/articles?q=missile&total=estimate&facets=none", true),
                // Today's default request, exact total and six facets, so the old default stays measured.
                new Shape("keyword (compat: exact total + facets)", "/api/articles?q=missile", false),
                new Shape(
                        "phrase + filters",
                        "/api/articles?q=" + enc("\"red line\"") + "&signal=RED_LINE&from=" + enc(from7)
                                + "&level=HIGH",
                        true),
                new Shape("facets (broad)", "/api/articles?language=en&from=" + enc(from) + "&to=" + enc(to), true),
                new Shape(
                        "timeline (hour)",
                        "/api/timeline?q=missile&from=" + enc(from) + "&to=" + enc(to) + "&interval=hour",
                        false));
        String cursorPath = "/api/articles?signal=STRIKE&sort=newest&size=20";
        int requests = Integer.parseInt(opts.getOrDefault("requests", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        int walks = Integer.parseInt(opts.getOrDefault("walks", "40"));
        int[] levels = Arrays.stream(opts.getOrDefault("concurrency", "1,8,32").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();

        System.out.println();
        System.out.println("What each shape matches (one request each):");
        for (Shape s : shapes) {
            HttpResponse<String> r = get(service + s.path());
            JsonNode body = JSON.readTree(r.body());
            String what = s.path().startsWith("/api/timeline")
                    ? body.path("points").size() + " points"
                    : String.format(
                            Locale.ROOT,
                            "total %,d (%s), %d facets",
                            body.path("total").asLong(),
                            body.path("totalRelation").asText("eq"),
                            body.path("facets").size());
            System.out.printf("  %-38s HTTP %d, %s: %s%n", s.name(), r.statusCode(), what, s.path());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(s.name() + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  %-18s total %,d: %s (+ &cursor=...)%n",
                "deep cursor",
                JSON.readTree(get(service + cursorPath).body()).path("total").asLong(),
                cursorPath);

        Map<Shape, String> rawBodies = new LinkedHashMap<>();
        for (Shape s : shapes) {
            if (s.path().startsWith("/api/articles?")) {
                rawBodies.put(s, RawQuery.body(s.path()));
            }
        }
        System.out.println();
        System.out.println(
                "Raw Elasticsearch comparison: POST /" + ArticleIndex.ALIAS + "/_search with the same bool query "
                        + "(built by EsQueries from the same parameters), size 20, the same sort without the article-id "
                        + "tiebreaker, the same _source fields; no aggregations, no highlights, track_total_hits default "
                        + "(10,000). E.g. keyword: " + rawBodies.get(shapes.get(0)));

        List<String> rows = new ArrayList<>();
        Map<String, Pair> oneClient = new LinkedHashMap<>();
        Map<String, Pair> eightClients = new LinkedHashMap<>();
        for (int c : levels) {
            for (Shape s : shapes) {
                run(c, warmup, () -> timed(service + s.path()));
                Stats st = run(c, requests, () -> timed(service + s.path()));
                rows.add(row(s.name(), c, st, requests + " requests"));
                System.out.println(rows.get(rows.size() - 1));
                String raw = rawBodies.get(s);
                Stats rawStats = null;
                if (raw != null) {
                    String url = "http://" + es + "/" + ArticleIndex.ALIAS + "/_search";
                    run(c, warmup, () -> timedPost(url, raw));
                    rawStats = run(c, requests, () -> timedPost(url, raw));
                    rows.add(row("  same query, raw ES", c, rawStats, requests + " requests"));
                    System.out.println(rows.get(rows.size() - 1));
                }
                if (c == 1) {
                    oneClient.put(s.name(), new Pair(st, rawStats));
                } else if (c == 8) {
                    eightClients.put(s.name(), new Pair(st, rawStats));
                }
            }
            // Deep cursor: each unit of work walks 50 pages of 20; page 50's latency, and every page's.
            List<Double> allPages = java.util.Collections.synchronizedList(new ArrayList<>());
            run(c, Math.max(1, Math.min(walks, c)), () -> walk(cursorPath, null));
            Stats st = run(c, walks, () -> walk(cursorPath, allPages));
            rows.add(row("deep cursor page 50", c, st, walks + " walks"));
            System.out.println(rows.get(rows.size() - 1));
            double[] pages = allPages.stream().mapToDouble(Double::doubleValue).toArray();
            Stats each = stats(pages, 0, 0);
            rows.add(row("  cursor, each page 1-50", c, each, pages.length + " pages"));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("SEARCH LATENCY through the REST API (ms; wall-clock per request, client side)");
        System.out.println(header());
        rows.forEach(System.out::println);
        printRatios(shapes, oneClient, eightClients);
    }

    /** Ours against raw Elasticsearch per shape, then the issue-21 targets with PASS/FAIL. */
    private static void printRatios(List<Shape> shapes, Map<String, Pair> one, Map<String, Pair> eight) {
        System.out.println();
        System.out.println("OURS vs RAW Elasticsearch (ms, 1 client unless said; ratio = ours / raw)");
        System.out.printf(
                Locale.ROOT,
                "| %-38s | %7s | %9s | %8s | %8s | %9s | %9s |%n",
                "shape",
                "clients",
                "ours p50",
                "raw p50",
                "ratio",
                "ours p99",
                "raw p99 / ratio");
        for (Map<String, Pair> level : List.of(one, eight)) {
            int clients = level == one ? 1 : 8;
            level.forEach((name, pair) -> {
                if (pair.raw() != null) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %-38s | %7d | %9.1f | %8.1f | %8.2f | %9.1f | %8.1f / %.2f |%n",
                            name,
                            clients,
                            pair.ours().p50(),
                            pair.raw().p50(),
                            pair.ours().p50() / pair.raw().p50(),
                            pair.ours().p99(),
                            pair.raw().p99(),
                            pair.ours().p99() / pair.raw().p99());
                }
            });
        }
        System.out.println();
        System.out.println("TARGETS (issue 21)");
        for (Shape s : shapes) {
            Pair pair = one.get(s.name());
            if (!s.target() || pair == null) {
                continue;
            }
            check(
                    s.name() + ", 1 client: p99 <= 100 ms",
                    pair.ours().p99(),
                    pair.ours().p99() <= 100,
                    "ms");
            if (pair.raw() != null) {
                double ratio = pair.ours().p99() / pair.raw().p99();
                check(s.name() + ", 1 client: p99 <= 2 x raw ES p99", ratio, ratio <= 2, "x");
            }
        }
        Pair keyword8 = eight.get(shapes.get(0).name());
        if (keyword8 != null) {
            double rate = keyword8.ours().throughput();
            check(shapes.get(0).name() + ", 8 clients: >= 50 searches/s", rate, rate >= 50, "/s");
        } else {
            System.out.println("  (no 8-client run: add 8 to --concurrency for the throughput target)");
        }
    }

    private static void check(String what, double value, boolean ok, String unit) {
        System.out.printf(Locale.ROOT, "  %-4s %-60s %.2f %s%n", ok ? "PASS" : "FAIL", what, value, unit);
    }

    private static String header() {
        return String.format(
                        Locale.ROOT,
                        "| %-38s | %7s | %8s | %8s | %8s | %8s | %8s | %7s | %-12s | %-14s |",
                        "shape",
                        "clients",
                        "p50",
                        "p95",
                        "p99",
                        "mean",
                        "max",
                        "req/s",
                        "sample",
                        "load avg")
                + "\n|" + "-".repeat(40) + "|" + "-".repeat(9) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|"
                + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(9) + "|"
                + "-".repeat(14) + "|" + "-".repeat(16) + "|";
    }

    private String row(String name, int clients, Stats s, String sample) {
        return String.format(
                Locale.ROOT,
                "| %-38s | %7d | %8.1f | %8.1f | %8.1f | %8.1f | %8.1f | %7s | %-12s | %-14s |",
                name,
                clients,
                s.p50(),
                s.p95(),
                s.p99(),
                s.mean(),
                s.max(),
                s.throughput() > 0 ? String.format(Locale.ROOT, "%.1f", s.throughput()) : "",
                sample + (s.errors() > 0 ? " " + s.errors() + " ERR" : ""),
                Machine.loadAverage());
    }

    @FunctionalInterface
    private interface Work {
        /** One unit of work; returns its latency in ms, or NaN when it failed. */
        double call() throws Exception;
    }

    /** Runs {@code total} units of work on {@code clients} threads; latency percentiles over the units. */
    private Stats run(int clients, int total, Work work) throws Exception {
        double[] latencies = new double[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    double ms;
                    try {
                        ms = work.call();
                    } catch (Exception e) {
                        ms = Double.NaN;
                    }
                    if (Double.isNaN(ms)) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = ms;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double[] ok = Arrays.stream(latencies).filter(d -> !Double.isNaN(d)).toArray();
        return stats(ok, errors.get(), total / seconds);
    }

    private static Stats stats(double[] values, int errors, double throughput) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, errors, throughput);
        }
        return new Stats(
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                Arrays.stream(sorted).average().orElse(0),
                sorted[sorted.length - 1],
                sorted.length,
                errors,
                throughput);
    }

    /** Nearest-rank percentile. */
    private static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private double timedPost(String url, String json) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        return r.statusCode() == 200 ? ms : Double.NaN;
    }

    private double timed(String url) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(url);
        double ms = (System.nanoTime() - t0) / 1e6;
        return r.statusCode() == 200 ? ms : Double.NaN;
    }

    /** Follows the cursor for 50 pages; returns page 50's latency, adding every page's to {@code pages}. */
    private double walk(String path, List<Double> pages) throws Exception {
        String cursor = null;
        double last = Double.NaN;
        for (int page = 1; page <= 50; page++) {
            String url = service + path + (cursor == null ? "" : "&cursor=" + enc(cursor));
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(url);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                return Double.NaN;
            }
            if (pages != null) {
                pages.add(ms);
            }
            last = ms;
            JsonNode next = JSON.readTree(r.body()).path("nextCursor");
            if (page < 50 && (next.isNull() || next.isMissingNode())) {
                return Double.NaN; // fewer than 50 pages
            }
            cursor = next.asText();
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------------------ misc

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (service != null && url.startsWith(service + "/api/")) {
            request.header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void put(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT " + url + " -> " + r.statusCode() + ": " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void printMachine(String when) {
        System.out.printf(
                Locale.ROOT,
                "MACHINE (%s, %s): %d cores, %.1f GiB RAM, CPU %s, Java %s, load average " + "(1/5/15 min) %s%n",
                when,
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Machine.memTotalGiB(),
                Machine.cpuModel(),
                System.getProperty("java.version"),
                Machine.loadAverage());
    }
}
