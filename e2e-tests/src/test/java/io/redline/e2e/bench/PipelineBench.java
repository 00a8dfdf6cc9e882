package io.redline.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStack;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import io.redline.localstack.TestKeys;
import io.redline.localstack.bench.Machine;
import io.redline.localstack.farm.FeedFarm;
import io.redline.localstack.farm.FeedGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs Kafka, Elasticsearch and the four service jars (ingest, analysis, search, alert) against a loopback
 * {@link FeedFarm} and reports, per offered rate, articles/s indexed, latency feed-publish / feed-fetch to searchable
 * and to alert delivered, consumer lag, CPU and RSS per process and CPU ms per article; then loads the same articles
 * into Elasticsearch alone ({@link ElasticsearchAlone}) and prints issue 21's targets against both; writes an SVG of
 * throughput and latency over the run.
 *
 * <p>Run from the repository root after {@code ./mvnw -o install -DskipTests}:
 * {@code ./mvnw -o -q -pl e2e-tests test-compile exec:java@pipeline-bench -Dexec.args="rates 10,100,1000 items 20"}
 * (docs/benchmarks.md, "Whole pipeline").
 */
public final class PipelineBench {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** USER_HZ: /proc reports CPU time in these ticks, 100 a second on Linux (x86-64 and arm64). */
    static final long CLOCK_TICKS = 100;
    /** Issue 21's target at 100 articles/s offered: fetch -> searchable p99 (ms). */
    private static final long SEARCHABLE_P99_GOAL_MS = 1000;
    /** Issue 21's target at 100 articles/s offered: publish -> alert delivered p99 (ms), poll wait apart. */
    private static final long ALERT_P99_GOAL_MS = 2000;
    /** The offered rate the latency targets are set at. */
    private static final double TARGET_RATE = 100;
    /** A phase is saturated when less than this share of what the farm published became searchable. */
    private static final double SATURATED_BELOW = 0.9;

    private static final String[] GROUPS = {
        "redline-analysis", "redline-search-indexer", "redline-alert-matcher", "redline-alert-dispatcher"
    };

    private final Map<String, String> options;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    /** Searchable probes: (seen ms, created ms, fetched ms). */
    private final ConcurrentLinkedQueue<long[]> searchable = new ConcurrentLinkedQueue<>();
    /** Alerts received: (received ms, created ms, fetched ms or -1 when the payload has no fetchedAt). */
    private final ConcurrentLinkedQueue<long[]> alerts = new ConcurrentLinkedQueue<>();

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private volatile List<String> probeFeeds = List.of();
    private volatile long probeSinceMillis;
    private volatile boolean running = true;
    private String esUrl;
    private String kafkaOpts;
    private String esOpts;
    private List<String> serviceOpts;
    private long t0Millis;
    private final List<ElasticsearchAlone.Trial> esAlone = new ArrayList<>();
    private String pollInterval;

    /** One sample of the run, every second. */
    record Sample(
            long millis,
            long published,
            long indexed,
            long ingested,
            Map<String, Long> lag,
            Map<String, long[]> cpuTicksAndRssKb,
            String load) {}

    /**
     * One offered rate held for a while, with the indexer's batches over it (records and polls, from search-service's
     * batch-size metric).
     */
    record Phase(String name, double rate, long startMillis, long endMillis, long batchRecords, long batches) {}

    private PipelineBench(Map<String, String> options) {
        this.options = options;
    }

    /** Options: {@code --name value} pairs, see {@link #opt}; prints tables and writes the SVG. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        // exec:java waits for every non-daemon thread before it reports an exception: exit either way, never hang.
        try {
            new PipelineBench(options).run();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private String opt(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        Path root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        int feeds = Integer.parseInt(opt("feeds", "100"));
        int hosts = Integer.parseInt(opt("hosts", Integer.toString(Math.min(feeds, 250))));
        int items = Integer.parseInt(opt("items", "50"));
        int bodyBytes = Integer.parseInt(opt("body-bytes", "3000"));
        int markEvery = Integer.parseInt(opt("mark-every", "20"));
        int phaseSeconds = Integer.parseInt(opt("phase-seconds", "60"));
        pollInterval = opt("poll-interval", "2s");
        double[] rates = Arrays.stream(opt("rates", "10,100,1000,2000").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        Path svg = root.resolve(opt("svg", "docs/bench/pipeline.svg"));
        // "production": the heaps docker-compose gives the broker and Elasticsearch (1 GiB each) and the JVM's own
        // defaults (G1, full JIT) for the services, as their images run them. "local": the lean options ./redline up
        // uses on a laptop (C1 only, small heaps), which start fast and carry far less.
        boolean production = switch (opt("jvm", "production")) {
            case "production" -> true;
            case "local" -> false;
            default -> throw new IllegalArgumentException("--jvm must be production or local");
        };
        kafkaOpts = production ? "-Xms1g -Xmx1g" : LocalStack.KAFKA_JAVA_OPTS;
        esOpts = production ? "-Xms1g -Xmx1g" : LocalStack.ELASTICSEARCH_JAVA_OPTS;
        serviceOpts = production
                ? List.of("-Xms256m", "-Xmx1g")
                : List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        OUT.printf(
                "Pipeline bench %s: %d feeds on %d loopback hosts, %d items per document, ~%d-byte bodies, "
                        + "every %d-th article marked for the alert, poll interval %s, phases of %d s at %s articles/s%n",
                Instant.now(),
                feeds,
                hosts,
                items,
                bodyBytes,
                markEvery,
                pollInterval,
                phaseSeconds,
                opt("rates", "10,100,1000,2000"));
        OUT.printf("Machine: %s; load average %s%n", Machine.describe(), Machine.loadAverage());
        OUT.printf(
                "JVM options (--jvm %s): Kafka %s; Elasticsearch %s; services %s%n",
                opt("jvm", "production"), kafkaOpts, esOpts, String.join(" ", serviceOpts));

        Path runDir = StackDirs.newRunDir("pipeline-bench");
        KafkaBroker kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(kafkaOpts);
        ElasticsearchNode es =
                ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch")).javaOpts(esOpts);
        List<ManagedProcess> services = new ArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                long created = FeedGenerator.createdMillis(body);
                if (created > 0) {
                    alerts.add(new long[] {now, created, fetchedMillis(body)});
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        // Starts with no new items: the first sweep of the feeds' backlog warms the pipeline up before phase 1.
        FeedFarm farm = new FeedFarm(feeds, hosts, items, bodyBytes, 0, 4).markEvery(markEvery);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            services.forEach(s -> s.stop(Duration.ofSeconds(15)));
            farm.close();
            receiver.stop(0);
            kafka.stop(Duration.ofSeconds(20));
            es.stop(Duration.ofSeconds(20));
        }));
        kafka.start();
        es.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        es.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);
        esUrl = es.httpUrl();
        pids.put("kafka", kafka.pid());
        pids.put("elasticsearch", es.pid());

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", TestKeys.ADMIN);
        // The farm and the receiver are on loopback: the demo profile opens it to fetching and alerting (only it).
        common.put("QUARKUS_PROFILE", "demo");
        int searchPort = FreePorts.next();
        int alertPort = FreePorts.next();
        int analysisPort = FreePorts.next();
        int ingestPort = FreePorts.next();
        services.add(service(
                root,
                "search-service",
                searchPort,
                Map.of("QUARKUS_ELASTICSEARCH_HOSTS", es.hostAndPort()),
                common,
                runDir));
        // Alert links point at search-service's API, where the articles are.
        services.add(service(
                root,
                "alert-service",
                alertPort,
                Map.of(
                        "QUARKUS_ELASTICSEARCH_HOSTS",
                        es.hostAndPort(),
                        "REDLINE_ALERTS_API_BASE_URL",
                        "http://127.0.0.1:" + searchPort,
                        "REDLINE_SECRETS_KEY",
                        TestKeys.SECRETS_KEY,
                        // One bench owner receives every marked article of the backlog and the phases (one in 20:
                        // thousands an hour); the default per-owner quota (1,000 an hour) would silence it.
                        "REDLINE_ALERTS_QUOTA_ALERTS_PER_HOUR",
                        "1000000"),
                common,
                runDir));
        services.add(service(root, "analysis-service", analysisPort, Map.of(), common, runDir));
        services.add(service(
                root,
                "ingest-service",
                ingestPort,
                Map.of(
                        "REDLINE_INGEST_FEEDS",
                        String.join(",", farm.urls()),
                        "REDLINE_INGEST_POLL_INTERVAL",
                        pollInterval),
                common,
                runDir));
        int[] ports = {searchPort, alertPort, analysisPort, ingestPort};
        for (int i = 0; i < services.size(); i++) {
            awaitReady(services.get(i), ports[i]);
            pids.put(services.get(i).name(), services.get(i).pid());
        }
        pids.put(
                "bench (Maven JVM: farm, probes, receiver)",
                ProcessHandle.current().pid());

        HttpResponse<String> created = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + alertPort + "/api/subscriptions"))
                .header("Authorization", "Bearer " + TestKeys.ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "name",
                        "pipeline bench",
                        "query",
                        FeedGenerator.MARKER.toLowerCase(Locale.ROOT),
                        "channels",
                        List.of(Map.of(
                                "type",
                                "webhook",
                                "url",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))))))
                .build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /api/subscriptions: " + created.statusCode() + " " + created.body());
        }

        long backlog = (long) feeds * items;
        long warmStart = System.nanoTime();
        while (count() < backlog * 95 / 100 && System.nanoTime() - warmStart < TimeUnit.SECONDS.toNanos(300)) {
            Thread.sleep(1000);
        }
        OUT.printf(
                "Warm-up: %d of the %d backlog articles searchable after %d s%n",
                count(), backlog, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - warmStart));

        try (Admin admin = Admin.create(adminConfig(kafka.bootstrapServers()))) {
            Thread prober = new Thread(this::probeLoop, "probe");
            prober.setDaemon(true);
            prober.start();
            t0Millis = System.currentTimeMillis();
            for (double rate : rates) {
                // About 10 probes a second whatever the rate (600 a minute): enough for a p99, small enough a search.
                int probes = (int) Math.max(1, Math.min(feeds, Math.ceil(feeds * 10 / rate)));
                probeFeeds = farm.urls().subList(0, probes);
                long start = System.currentTimeMillis();
                probeSinceMillis = start - 1000;
                long records0 = counter(searchPort, "redline_search_index_batch_size_sum");
                long batches0 = counter(searchPort, "redline_search_index_batch_size_count");
                farm.setRate(rate);
                OUT.printf("%s  phase %.0f articles/s offered (%d probe feeds)%n", Instant.now(), rate, probes);
                sampleFor(phaseSeconds, farm, admin, ingestPort);
                phases.add(new Phase(
                        String.format(Locale.ROOT, "%.0f/s", rate),
                        rate,
                        start,
                        System.currentTimeMillis(),
                        counter(searchPort, "redline_search_index_batch_size_sum") - records0,
                        counter(searchPort, "redline_search_index_batch_size_count") - batches0));
            }
            farm.setRate(0);
            int drain = Integer.parseInt(opt("drain-seconds", "30"));
            OUT.printf("%s  no new articles; draining for %d s%n", Instant.now(), drain);
            sampleFor(drain, farm, admin, ingestPort);
            running = false;
        }
        OUT.printf("Load average at the end: %s%n", Machine.loadAverage());
        // Elasticsearch alone: the four services stopped (Kafka stays, idle), so that it has the machine to itself.
        // In parallel: a busy service can take its whole grace period to stop.
        services.parallelStream().forEach(s -> s.stop(Duration.ofSeconds(15)));
        try {
            loadElasticsearchAlone(es.pid());
        } catch (Exception e) {
            // The pipeline's own figures are worth printing without the comparison.
            OUT.println("Elasticsearch alone failed: " + e);
        }
        report();
        Files.createDirectories(svg.getParent());
        Files.writeString(
                svg, Plot.svg(samples, phases, new ArrayList<>(searchable), new ArrayList<>(alerts), t0Millis));
        OUT.println("Plot: " + svg);
    }

    private void sampleFor(int seconds, FeedFarm farm, Admin admin, int ingestPort) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            long next = System.currentTimeMillis() + 1000;
            Map<String, long[]> procs = new LinkedHashMap<>();
            // The bench's own descendants are the processes measured separately: count only itself.
            pids.forEach((name, pid) -> procs.put(name, name.startsWith("bench") ? procOne(pid) : proc(pid)));
            Sample s = new Sample(
                    System.currentTimeMillis(),
                    farm.published(),
                    count(),
                    counter(ingestPort, "redline_ingest_articles_published_total"),
                    lag(admin),
                    procs,
                    Machine.loadAverage());
            samples.add(s);
            if (samples.size() % 10 == 0) {
                OUT.printf(
                        Locale.ROOT,
                        "  t=%4ds published %7d  searchable %7d  lag %s  load %s%n",
                        (s.millis() - t0Millis) / 1000,
                        s.published(),
                        s.indexed(),
                        s.lag(),
                        Machine.loadAverage());
            }
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
        }
    }

    /**
     * Every 100 ms, asks Elasticsearch (not the API, to keep search-service's CPU out of it) for the probe feeds'
     * recent articles of the current phase; an article's latency is the start of the first search that finds it
     * minus its creation time in the farm, so it is overstated by at most one period plus the search's own time.
     *
     * <p>Only articles created within a window of twice the worst latency seen so far plus 5 s (at least 10 s) are
     * asked for: asking for the whole phase every time would load Elasticsearch with thousands of hits a second
     * and so inflate the very latency measured. An article slower than the window would be missed, which would
     * understate the tail; the window grows with the worst latency, so that would take a sudden jump of more than
     * twice the worst latency yet.
     */
    private void probeLoop() {
        Set<String> seen = new HashSet<>();
        long worst = 0;
        while (running) {
            long start = System.currentTimeMillis();
            long since = Math.max(probeSinceMillis - 1000, start - Math.max(10_000, 2 * worst + 5_000));
            try {
                Map<String, Object> query = Map.of(
                        "size",
                        10000,
                        "_source",
                        List.of("article.url", "article.fetchedAt"),
                        "query",
                        Map.of(
                                "bool",
                                Map.of(
                                        "filter",
                                        List.of(
                                                Map.of("terms", Map.of("article.feedUrl", probeFeeds)),
                                                // The farm's pubDate has whole seconds, hence the extra second.
                                                Map.of(
                                                        "range",
                                                        Map.of(
                                                                "article.publishedAt",
                                                                Map.of(
                                                                        "gte",
                                                                        since - 1000,
                                                                        "format",
                                                                        "epoch_millis")))))));
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(esUrl + "/articles/_search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(query)))
                        .build());
                for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
                    JsonNode a = hit.path("_source").path("article");
                    String url = a.path("url").asText();
                    long created = FeedGenerator.createdMillis(url);
                    if (created >= probeSinceMillis && seen.add(url)) {
                        worst = Math.max(worst, start - created);
                        searchable.add(new long[] {
                            start,
                            created,
                            Instant.parse(a.path("fetchedAt").asText()).toEpochMilli()
                        });
                    }
                }
            } catch (Exception e) {
                OUT.println("probe: " + e);
            }
            sleep(Math.max(0, start + 100 - System.currentTimeMillis()));
        }
    }

    /** The alert payload's article fetchedAt (ISO-8601), or -1. */
    private static long fetchedMillis(String body) {
        try {
            JsonNode f = JSON.readTree(body).findValue("fetchedAt");
            return f == null || !f.isTextual() ? -1 : Instant.parse(f.asText()).toEpochMilli();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Loads the articles the pipeline indexed into fresh indices like the live one, Elasticsearch alone: in the
     * indexer's mean batch size of the busiest phase and in the other sizes asked for, one request at a time as the
     * indexer sends them, then the best size with more concurrent requests.
     */
    private void loadElasticsearchAlone(long esPid) throws Exception {
        ElasticsearchAlone alone = new ElasticsearchAlone(http, esUrl, esPid);
        String index = alone.concreteIndex("articles");
        String createBody = alone.createBody(index);
        List<ElasticsearchAlone.Doc> docs = alone.documents(index, Integer.parseInt(opt("es-docs", "30000")));
        Phase busiest = phases.stream()
                .max((a, b) -> Double.compare(a.rate(), b.rate()))
                .orElseThrow();
        int indexerBatch =
                (int) Math.max(1, Math.round((double) busiest.batchRecords() / Math.max(1, busiest.batches())));
        OUT.printf(
                "%s  Elasticsearch alone: %d articles of %s (settings and mapping copied from it), services stopped; "
                        + "indexer's mean batch in the %s phase: %d%n",
                Instant.now(), docs.size(), index, busiest.name(), indexerBatch);
        if (docs.isEmpty()) {
            return;
        }
        Thread.sleep(3000);
        List<String> sizes = new ArrayList<>();
        for (String size : opt("es-bulk-sizes", "indexer,100,500,2000").split(",")) {
            sizes.add(size.equals("indexer") ? "indexer:" + indexerBatch : size);
        }
        ElasticsearchAlone.Trial best = null;
        for (String size : sizes) {
            String label = size.startsWith("indexer:") ? "indexer's mean batch" : "bulk size";
            int n = Integer.parseInt(size.replace("indexer:", ""));
            ElasticsearchAlone.Trial t = alone.load(label, createBody, docs, n, 1);
            OUT.printf(Locale.ROOT, "  %s %d x 1: %.0f articles/s%n", label, n, t.rate());
            esAlone.add(t);
            best = best == null || t.rate() > best.rate() ? t : best;
        }
        for (String c : opt("es-clients", "2").split(",")) {
            int clients = Integer.parseInt(c);
            if (clients > 1) {
                try {
                    ElasticsearchAlone.Trial t =
                            alone.load("best size, concurrent", createBody, docs, best.bulkSize(), clients);
                    OUT.printf(Locale.ROOT, "  bulk size %d x %d: %.0f articles/s%n", t.bulkSize(), clients, t.rate());
                    esAlone.add(t);
                } catch (Exception e) {
                    OUT.printf("  bulk size %d x %d failed: %s%n", best.bulkSize(), clients, e);
                }
            }
        }
    }

    /** What one phase measured: rates and latency samples. */
    private record PhaseResult(
            Phase phase,
            double published,
            double ingested,
            double searchableRate,
            long[] publishToFetched,
            long[] publishToSearchable,
            long[] fetchToSearchable,
            long[] fetchToAlert,
            long[] publishToAlert,
            Sample end) {

        boolean saturated() {
            return searchableRate < SATURATED_BELOW * published;
        }
    }

    private PhaseResult result(Phase p) {
        Sample a = at(p.startMillis());
        Sample b = at(p.endMillis());
        double secs = (b.millis() - a.millis()) / 1000.0;
        List<long[]> s = searchable.stream()
                .filter(x -> x[1] >= p.startMillis() && x[1] < p.endMillis())
                .toList();
        List<long[]> al = alerts.stream()
                .filter(x -> x[1] >= p.startMillis() && x[1] < p.endMillis())
                .toList();
        return new PhaseResult(
                p,
                (b.published() - a.published()) / secs,
                (b.ingested() - a.ingested()) / secs,
                (b.indexed() - a.indexed()) / secs,
                s.stream().mapToLong(x -> x[2] - x[1]).toArray(),
                s.stream().mapToLong(x -> x[0] - x[1]).toArray(),
                s.stream().mapToLong(x -> x[0] - x[2]).toArray(),
                al.stream().filter(x -> x[2] > 0).mapToLong(x -> x[0] - x[2]).toArray(),
                al.stream().mapToLong(x -> x[0] - x[1]).toArray(),
                b);
    }

    private void report() {
        List<PhaseResult> results = phases.stream().map(this::result).toList();
        OUT.println();
        OUT.println("Latency, measured on one clock (everything runs on this machine):");
        OUT.println(
                "- publish -> fetched: the poll wait, counted separately: ingest's fetchedAt (stored with the article)"
                        + " minus the item's creation time in the farm (in its link, ms); bounded by the poll interval ("
                        + pollInterval + ") plus the fetch's queueing.");
        OUT.println(
                "- fetch -> searchable: the start of the first probe search (Elasticsearch, every 100 ms) that finds"
                        + " the article minus its fetchedAt; publish -> searchable: the same minus its creation time.");
        OUT.println("- fetch -> alert: the webhook receiver's clock at the request minus the alert payload's"
                + " article.fetchedAt; publish -> alert: the same minus the creation time (includes the poll wait).");
        OUT.println(
                "- The target 'publish -> alert delivered p99 <= 2 s' is checked with the poll wait counted"
                        + " separately (issue 21), i.e. on fetch -> alert; publish -> alert with the wait is printed beside it.");
        OUT.println(
                "- Percentiles are of the probes and alerts of articles created in the phase that arrived before the"
                        + " run ended (the probes and alerts columns count them).");
        OUT.println();
        OUT.println("| offered (articles/s) | published by farm (/s) | published by ingest (/s) | searchable (/s) "
                + "| publish -> fetched (poll wait) p50 / p95 / p99 (ms) | fetch -> searchable p50 / p95 / p99 (ms) "
                + "| publish -> searchable p50 / p95 / p99 (ms) | probes | fetch -> alert p50 / p95 / p99 (ms) "
                + "| publish -> alert p50 / p95 / p99 (ms) | alerts "
                + "| lag at end (analysis / indexer / alert matcher / alert dispatcher) | indexer batch (mean records) "
                + "| load avg at end |");
        OUT.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (PhaseResult r : results) {
            OUT.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %s | %s | %s | %d | %s | %s | %d | %s | %.0f | %s |%n",
                    r.phase().name(),
                    r.published(),
                    r.ingested(),
                    r.searchableRate(),
                    pct(r.publishToFetched()),
                    pct(r.fetchToSearchable()),
                    pct(r.publishToSearchable()),
                    r.fetchToSearchable().length,
                    pct(r.fetchToAlert()),
                    pct(r.publishToAlert()),
                    r.publishToAlert().length,
                    lags(r.end()),
                    (double) r.phase().batchRecords() / Math.max(1, r.phase().batches()),
                    r.end().load());
        }
        OUT.println();
        for (PhaseResult r : results) {
            OUT.printf(
                    Locale.ROOT,
                    "summary %s: %.1f/s searchable of %.1f/s published (%s); fetch -> searchable p99 %s ms (<= %d: %s);"
                            + " fetch -> alert p99 %s ms (<= %d: %s); publish -> alert p99 with the poll wait %s ms"
                            + " (<= %d: %s)%s%n",
                    r.phase().name(),
                    r.searchableRate(),
                    r.published(),
                    r.saturated() ? "saturated" : "keeping up",
                    p99(r.fetchToSearchable()),
                    SEARCHABLE_P99_GOAL_MS,
                    met(r.fetchToSearchable(), SEARCHABLE_P99_GOAL_MS),
                    p99(r.fetchToAlert()),
                    ALERT_P99_GOAL_MS,
                    met(r.fetchToAlert(), ALERT_P99_GOAL_MS),
                    p99(r.publishToAlert()),
                    ALERT_P99_GOAL_MS,
                    met(r.publishToAlert(), ALERT_P99_GOAL_MS),
                    r.phase().rate() == TARGET_RATE ? " [target phase]" : "");
        }
        OUT.println();
        OUT.println("CPU (% of one core, mean over the phase) and RSS (MiB, at the end of the phase) per process:");
        OUT.println();
        StringBuilder head = new StringBuilder("| phase |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String name : pids.keySet()) {
            head.append(' ').append(name).append(" CPU / RSS |");
            rule.append("---|");
        }
        OUT.println(head);
        OUT.println(rule);
        for (Phase p : phases) {
            Sample a = at(p.startMillis());
            Sample b = at(p.endMillis());
            double secs = (b.millis() - a.millis()) / 1000.0;
            StringBuilder row = new StringBuilder("| " + p.name() + " |");
            for (String name : pids.keySet()) {
                long[] x = a.cpuTicksAndRssKb().get(name);
                long[] y = b.cpuTicksAndRssKb().get(name);
                row.append(String.format(
                        Locale.ROOT, " %.0f %% / %.0f |", 100.0 * (y[0] - x[0]) / CLOCK_TICKS / secs, y[1] / 1024.0));
            }
            OUT.println(row);
        }
        OUT.println();
        OUT.println("Consumer lag over time (records; every 10 s):");
        OUT.println();
        OUT.println(
                "| t (s) | offered (/s) | searchable (/s, last 10 s) | " + String.join(" lag | ", GROUPS) + " lag |");
        OUT.println("|---|---|---|" + "---|".repeat(GROUPS.length));
        for (int i = 10; i < samples.size(); i += 10) {
            Sample a = samples.get(i - 10);
            Sample b = samples.get(i);
            double secs = (b.millis() - a.millis()) / 1000.0;
            OUT.printf(
                    Locale.ROOT,
                    "| %d | %.0f | %.0f | %s |%n",
                    (b.millis() - t0Millis) / 1000,
                    (b.published() - a.published()) / secs,
                    (b.indexed() - a.indexed()) / secs,
                    lags(b).replace(" / ", " | "));
        }
        OUT.println();
        OUT.println("CPU milliseconds per article made searchable, per process (utime + stime from /proc, with"
                + " descendants, over the phase, divided by the articles that became searchable in it; phases that"
                + " keep up are the ones to read, a saturated phase divides by what got through):");
        OUT.println();
        StringBuilder cpuHead = new StringBuilder("| phase | searchable |");
        StringBuilder cpuRule = new StringBuilder("|---|---|");
        for (String name : pids.keySet()) {
            cpuHead.append(' ').append(name).append(" |");
            cpuRule.append("---|");
        }
        OUT.println(cpuHead + " all |");
        OUT.println(cpuRule + "---|");
        for (PhaseResult r : results) {
            Sample a = at(r.phase().startMillis());
            Sample b = at(r.phase().endMillis());
            long articles = b.indexed() - a.indexed();
            StringBuilder row = new StringBuilder(String.format(
                    Locale.ROOT,
                    "| %s (%s) | %d |",
                    r.phase().name(),
                    r.saturated() ? "saturated" : "keeping up",
                    articles));
            double all = 0;
            for (String name : pids.keySet()) {
                double ms = (b.cpuTicksAndRssKb().get(name)[0]
                                - a.cpuTicksAndRssKb().get(name)[0])
                        * 1000.0
                        / CLOCK_TICKS
                        / Math.max(1, articles);
                all += ms;
                row.append(String.format(Locale.ROOT, " %.2f |", ms));
            }
            OUT.println(row + String.format(Locale.ROOT, " %.2f |", all));
        }
        OUT.println();
        OUT.println(
                "Elasticsearch alone: the articles the pipeline indexed (stored documents and external versions read"
                        + " back from the live index), bulk-loaded into a fresh index with the live index's settings (same"
                        + " refresh interval) and mapping, with the four services stopped; rate = articles / seconds from the"
                        + " first bulk request until _count shows them all:");
        OUT.println();
        OUT.println(
                "| load | bulk size | concurrent requests | articles | seconds | articles/s | Elasticsearch CPU ms per"
                        + " article | errors |");
        OUT.println("|---|---|---|---|---|---|---|---|");
        for (ElasticsearchAlone.Trial t : esAlone) {
            OUT.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.1f | %.0f | %.2f | %d |%n",
                    t.label(),
                    t.bulkSize(),
                    t.clients(),
                    t.docs(),
                    t.seconds(),
                    t.rate(),
                    t.esCpuMsPerArticle(),
                    t.errors());
        }
        targets(results);
    }

    /** The targets on this machine: goal, measured, ratio and whether it is met. */
    private void targets(List<PhaseResult> results) {
        OUT.println();
        OUT.println("Targets (issue 21):");
        OUT.println();
        OUT.println("| goal | measured | ratio | met |");
        OUT.println("|---|---|---|---|");
        ElasticsearchAlone.Trial best = esAlone.stream()
                .max((a, b) -> Double.compare(a.rate(), b.rate()))
                .orElse(null);
        List<PhaseResult> saturated =
                results.stream().filter(PhaseResult::saturated).toList();
        PhaseResult top = (saturated.isEmpty() ? results : saturated)
                .stream()
                        .max((a, b) -> Double.compare(a.searchableRate(), b.searchableRate()))
                        .orElse(null);
        if (top != null && best != null) {
            double ratio = top.searchableRate() / best.rate();
            OUT.printf(
                    Locale.ROOT,
                    "| pipeline sustained searchable rate >= 0.5 x Elasticsearch alone | %.1f/s (%s phase%s) vs %.0f/s"
                            + " (bulk %d x %d) | %.2f | %s |%n",
                    top.searchableRate(),
                    top.phase().name(),
                    saturated.isEmpty() ? ", not saturated: a lower bound" : ", saturated",
                    best.rate(),
                    best.bulkSize(),
                    best.clients(),
                    ratio,
                    ratio >= 0.5 ? "yes" : "no");
        }
        PhaseResult at = results.stream()
                .filter(r -> r.phase().rate() == TARGET_RATE)
                .findFirst()
                .orElse(null);
        if (at == null) {
            OUT.println("| latency targets at 100 articles/s | no 100/s phase in this run | - | - |");
            return;
        }
        targetRow("fetch -> searchable p99 <= 1 s at 100/s", at.fetchToSearchable(), SEARCHABLE_P99_GOAL_MS, true);
        targetRow(
                "publish -> alert delivered p99 <= 2 s at 100/s, poll wait counted separately (= fetch -> alert)",
                at.fetchToAlert(),
                ALERT_P99_GOAL_MS,
                true);
        targetRow(
                "(for reference) publish -> alert delivered p99 with the poll wait (poll interval " + pollInterval
                        + ")",
                at.publishToAlert(),
                ALERT_P99_GOAL_MS,
                false);
        targetRow(
                "(for reference) publish -> fetched p99, the poll wait itself",
                at.publishToFetched(),
                ALERT_P99_GOAL_MS,
                false);
    }

    private static void targetRow(String goal, long[] values, long goalMs, boolean target) {
        if (values.length == 0) {
            OUT.printf("| %s | no samples | - | - |%n", goal);
            return;
        }
        long p99 = Long.parseLong(p99(values));
        OUT.printf(
                Locale.ROOT,
                "| %s | %d ms (%d samples) | %.2f | %s |%n",
                goal,
                p99,
                values.length,
                (double) p99 / goalMs,
                target ? (p99 <= goalMs ? "yes" : "no") : "-");
    }

    private static String p99(long[] values) {
        if (values.length == 0) {
            return "-";
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return Long.toString(v[index(v, 0.99)]);
    }

    private static String met(long[] values, long goalMs) {
        return values.length == 0 ? "no samples" : Long.parseLong(p99(values)) <= goalMs ? "met" : "not met";
    }

    /** The sample's lag of each group, in {@link #GROUPS} order, separated by " / ". */
    private static String lags(Sample s) {
        return String.join(
                " / ",
                Arrays.stream(GROUPS).map(g -> String.valueOf(s.lag().get(g))).toList());
    }

    private Sample at(long millis) {
        Sample best = samples.get(0);
        for (Sample s : samples) {
            if (Math.abs(s.millis() - millis) < Math.abs(best.millis() - millis)) {
                best = s;
            }
        }
        return best;
    }

    static String pct(long[] values) {
        if (values.length == 0) {
            return "-";
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%d / %d / %d", v[index(v, 0.50)], v[index(v, 0.95)], v[index(v, 0.99)]);
    }

    static int index(long[] sorted, double q) {
        return Math.min(
                sorted.length - 1,
                (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.length) - 1);
    }

    /** Records of each group not yet consumed: end offsets minus committed offsets over all its partitions. */
    private Map<String, Long> lag(Admin admin) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String group : GROUPS) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                long lag = 0;
                for (var e :
                        admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                out.put(group, lag);
            } catch (Exception e) {
                out.put(group, -1L);
            }
        }
        return out;
    }

    private static Properties adminConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** Searchable articles: Elasticsearch's count, which sees what a refresh has made visible to search. */
    private long count() {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(esUrl + "/articles/_count"))
                    .build());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("count").asLong() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private long counter(int port, String metric) {
        try {
            String body = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                            .build())
                    .body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith(metric)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * utime + stime (clock ticks) and VmRSS (kB) of a process and its descendants: Elasticsearch runs under
     * {@code runuser} and its own launcher, so its server JVM is a grandchild of the pid we hold.
     */
    static long[] proc(long pid) {
        long[] total = procOne(pid);
        ProcessHandle.of(pid)
                .ifPresent(h -> h.descendants().forEach(d -> {
                    long[] one = procOne(d.pid());
                    total[0] += one[0];
                    total[1] += one[1];
                }));
        return total;
    }

    private static long[] procOne(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new long[] {ticks, rss};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private ManagedProcess service(
            Path root, String name, int port, Map<String, String> own, Map<String, String> common, Path runDir) {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./mvnw -o install -DskipTests");
        }
        Map<String, String> env = new LinkedHashMap<>(common);
        env.putAll(own);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("JAVA_TOOL_OPTIONS", null);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(serviceOpts);
        command.addAll(List.of("-jar", jar.toString()));
        OUT.printf("starting %s on port %d (log %s)%n", name, port, runDir.resolve(name + ".log"));
        return ManagedProcess.start(name, command, env, root, runDir.resolve(name + ".log"));
    }

    private void awaitReady(ManagedProcess service, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.name() + " exited:\n" + service.logTail(30));
            }
            try {
                // A time-out: whatever else might answer on the port must not hold the bench forever.
                if (send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(service.name() + " not ready; see " + service.logFile());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
