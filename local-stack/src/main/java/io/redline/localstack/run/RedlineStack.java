package io.redline.localstack.run;

import io.redline.localstack.ContainerStack;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackBackend;
import io.redline.localstack.demo.DemoFeedServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the whole pipeline on one machine for {@code ./redline up}: Kafka, Elasticsearch, the demo feeds and
 * the four services as child processes, then streams a compact status until it is stopped.
 *
 * <p>Everything it starts is stopped by its shutdown hook (Ctrl-C, SIGTERM, {@code ./redline down}), and the
 * children's own watchdogs kill them if this JVM is SIGKILLed. A lock file makes a second instance fail at
 * once, before it touches a port or a directory the first one uses.
 *
 * <p>Tests can run Kafka and Elasticsearch as Docker containers instead ({@link StackBackend#CONTAINERS}, a
 * {@link ContainerStack} on published ports); {@code ./redline up} always runs the local processes.
 */
public final class RedlineStack implements AutoCloseable {

    private static final PrintStream OUT = System.out;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);

    private final StackSettings settings;
    private final StackBackend backend;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ManagedProcess> services = new ArrayList<>();
    private KafkaBroker kafka;
    private ElasticsearchNode elasticsearch;
    private ContainerStack containers;
    /** Where the services reach the broker and the node, whichever backend runs them. */
    private String kafkaBootstrapServers;

    private String elasticsearchHostAndPort;
    private DemoFeedServer demo;
    private String adminKey;
    private String secretsKey;
    private volatile boolean stopping;

    /** A stack with these settings, on local processes; nothing starts before {@link #start()}. */
    public RedlineStack(StackSettings settings) {
        this(settings, StackBackend.LOCAL);
    }

    /**
     * A stack with these settings whose Kafka and Elasticsearch run on {@code backend}; under containers the Kafka
     * and Elasticsearch ports of the settings are unused (the containers publish ports of their own).
     */
    public RedlineStack(StackSettings settings, StackBackend backend) {
        this.settings = settings;
        this.backend = backend;
    }

    /** {@code up} runs the stack in the foreground; {@code status} prints the state of a running one. */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Path root = Path.of(System.getProperty("redline.root", "."))
                .toAbsolutePath()
                .normalize();
        StackSettings settings;
        try {
            settings = StackSettings.fromEnv(root, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("redline: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (command) {
            case "up" -> System.exit(new RedlineStack(settings).up());
            case "status" -> System.exit(new RedlineStack(settings).status());
            default -> {
                System.err.println("redline: unknown command " + command);
                System.exit(2);
            }
        }
    }

    int up() throws Exception {
        Files.createDirectories(settings.runDir());
        Files.createDirectories(settings.logDir());
        FileChannel lockChannel = FileChannel.open(
                settings.runDir().resolve("redline.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            System.err.println("redline: already running (pid " + readPid() + "); stop it with ./redline down");
            return 3;
        }
        for (Map.Entry<String, Integer> port : settings.ports().entrySet()) {
            if (!FreePorts.isFree(port.getValue())) {
                System.err.println("redline: port " + port.getValue() + " (" + port.getKey()
                        + ") is already in use; free it or set its REDLINE_*_PORT variable");
                return 4;
            }
        }
        Files.writeString(
                settings.runDir().resolve("redline.pid"),
                Long.toString(ProcessHandle.current().pid()));
        writeState("starting");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "redline-shutdown"));
        try {
            start();
        } catch (Exception e) {
            System.err.println("redline: start-up failed: " + e.getMessage());
            System.err.println("redline: logs are in " + settings.logDir());
            return 1;
        }
        writeState("up");
        printUrls();
        streamStatus();
        return 0;
    }

    /** Starts every part and returns once all are ready; throws with the reason when one is not. */
    public void start() throws Exception {
        long t0 = System.nanoTime();
        Path data = settings.dataDir();
        Files.createDirectories(settings.logDir());
        OUT.println("redline: data in " + data);
        DevAdminKey.Loaded key = DevAdminKey.loadOrCreate(DevAdminKey.file(data));
        adminKey = key.value();
        OUT.println(
                "redline: " + (key.created() ? "made a new development admin key in " : "development admin key from ")
                        + key.file());
        // Kept across restarts: the subscriptions in this stack's Kafka are sealed with it.
        DevSecretsKey.Loaded secrets = DevSecretsKey.loadOrCreate(DevSecretsKey.file(data));
        secretsKey = secrets.value();
        if (secrets.created()) {
            OUT.println(
                    "redline: made a new secrets key (seals webhook secrets and channel URLs) in " + secrets.file());
        }
        CompletableFuture<Void> containersReady = null;
        if (backend == StackBackend.CONTAINERS) {
            containers = ContainerStack.create();
            ContainerStack starting = containers;
            // In the background, as the local processes start while the demo server does.
            containersReady = CompletableFuture.runAsync(() -> starting.ensureRunning(true, true));
        } else {
            kafka = new KafkaBroker(data.resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
            elasticsearch = new ElasticsearchNode(elasticsearchDir(), settings.esPort());
            kafka.start();
            elasticsearch.start();
        }
        demo = DemoFeedServer.builder()
                .port(settings.demoPort())
                .interval(settings.demoInterval())
                .build()
                .start();
        OUT.printf(
                "redline: demo feeds on %s (a new article every %ss)%n",
                demo.baseUrl(), settings.demoInterval().toSeconds());
        OUT.printf(
                "redline: %d demo outlets; the burst of Lithuania/Russia articles is %s (REDLINE_DEMO_BURST)%n",
                demo.outletFeeds().size(), demo.burst() ? "on" : "off");
        if (containersReady != null) {
            try {
                containersReady.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            kafkaBootstrapServers = containers.kafka().bootstrapServers();
            elasticsearchHostAndPort = containers.elasticsearch().hostAndPort();
            OUT.println("redline: Kafka ready on " + kafkaBootstrapServers + " (container "
                    + containers.kafka().image() + ")");
            OUT.println("redline: Elasticsearch ready on "
                    + containers.elasticsearch().httpUrl() + " (container "
                    + containers.elasticsearch().image() + ")");
        } else {
            kafka.awaitReady(Duration.ofSeconds(120));
            OUT.println("redline: Kafka ready on " + kafka.bootstrapServers());
            elasticsearch.awaitReady(Duration.ofSeconds(180));
            OUT.println("redline: Elasticsearch ready on " + elasticsearch.httpUrl());
            kafkaBootstrapServers = kafka.bootstrapServers();
            elasticsearchHostAndPort = elasticsearch.hostAndPort();
        }

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        // Every /api needs a key; the services accept this one as the first admin key.
        common.put("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", adminKey);
        // API-key hashes are keyed with it (api-security README, "The pepper"); kept across restarts, or every key
        // made before would stop working. Made like the admin key: random, owner-only file.
        common.put(
                "REDLINE_AUTH_KEY_PEPPER",
                DevAdminKey.loadOrCreate(data.resolve("key-pepper")).value());
        // The console forwards every browser's /api calls with X-Forwarded-For: the services count failed
        // authentications against that address when the console (loopback here) is the peer, and ignore the header
        // from anyone else (api-security README, "Behind the console").
        common.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        common.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        common.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
        startService(
                "search-service",
                settings.searchPort(),
                Map.of("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearchHostAndPort),
                common);
        // Alert links point at the search API as the user reaches it, not at the service's own idea of its host.
        // The demo profile lets alerts go over plain http to a loopback receiver (./redline receive).
        startService(
                "alert-service",
                settings.alertPort(),
                Map.of(
                        "QUARKUS_ELASTICSEARCH_HOSTS",
                        elasticsearchHostAndPort,
                        "REDLINE_ALERTS_API_BASE_URL",
                        "http://127.0.0.1:" + settings.searchPort(),
                        "REDLINE_SECRETS_KEY",
                        secretsKey),
                common);
        startService("analysis-service", settings.analysisPort(), Map.of(), common);
        startService(
                "ingest-service",
                settings.ingestPort(),
                Map.of(
                        "REDLINE_INGEST_FEEDS",
                        String.join(",", demo.feedUrls()),
                        "REDLINE_INGEST_POLL_INTERVAL",
                        settings.pollInterval().toSeconds() + "s"),
                common);
        // The newsroom console: one origin for the browser, forwarding /api to the four services (no CORS anywhere).
        startService(
                "console-service",
                settings.consolePort(),
                Map.of(
                        "REDLINE_CONSOLE_UPSTREAM_SEARCH", "http://127.0.0.1:" + settings.searchPort(),
                        "REDLINE_CONSOLE_UPSTREAM_INGEST", "http://127.0.0.1:" + settings.ingestPort(),
                        "REDLINE_CONSOLE_UPSTREAM_ANALYSIS", "http://127.0.0.1:" + settings.analysisPort(),
                        "REDLINE_CONSOLE_UPSTREAM_ALERT", "http://127.0.0.1:" + settings.alertPort()),
                Map.of());
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ManagedProcess service : services) {
            int port = portOf(service.name());
            ready.add(CompletableFuture.runAsync(() -> awaitHealthy(service, port)));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        registerOutletFeeds();
        OUT.printf(
                "redline: all parts up in %d s%n",
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    /**
     * Registers the demo outlets' feeds in ingest with their declared outlet (which configuration cannot declare),
     * so that their articles count as several independent outlets although the demo server has one host; a feed
     * registered by an earlier run answers 409 and stays as it is.
     */
    private void registerOutletFeeds() {
        int registered = 0;
        for (DemoFeedServer.OutletFeed feed : demo.outletFeeds()) {
            String body = "{\"url\":" + jsonString(feed.url()) + ",\"outlet\":" + jsonString(feed.outlet())
                    + ",\"title\":" + jsonString(feed.title()) + ",\"tags\":[\"demo-outlet\"]}";
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.ingestPort() + "/api/feeds"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + adminKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    registered++;
                } else if (response.statusCode() != 409) {
                    OUT.printf(
                            "redline: demo outlet feed %s not registered: %d %s%n",
                            feed.url(), response.statusCode(), response.body());
                }
            } catch (IOException e) {
                OUT.printf("redline: demo outlet feed %s not registered: %s%n", feed.url(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (registered > 0) {
            OUT.printf("redline: registered %d demo outlet feeds%n", registered);
        }
    }

    /** A JSON string literal; the demo's URLs, domains and names hold no control characters. */
    static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Elasticsearch runs as its own user when we are root, so its folder must be reachable by that user: the
     * project's data folder when every parent is world-traversable, otherwise a folder under /var/tmp/redline.
     */
    private Path elasticsearchDir() throws IOException {
        Path preferred = settings.dataDir().resolve("elasticsearch");
        if (!"root".equals(System.getProperty("user.name")) || traversableByOthers(settings.dataDir())) {
            return preferred;
        }
        Path elsewhere = ElasticsearchNode.defaultInstanceDir("redline-up-"
                + Integer.toHexString(settings.dataDir().toString().hashCode()));
        OUT.println("redline: " + settings.dataDir() + " is not reachable by the Elasticsearch user; "
                + "Elasticsearch data is in " + elsewhere);
        // ./redline reset reads this to delete the data kept outside the project.
        Files.writeString(settings.dataDir().resolve("elasticsearch.location"), elsewhere.toString());
        return elsewhere;
    }

    static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private void startService(String name, int port, Map<String, String> own, Map<String, String> common) {
        Path jar = settings.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./mvnw install -DskipTests");
        }
        Map<String, String> env = new LinkedHashMap<>(common);
        env.putAll(own);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // The demo serves feeds and receives alerts on loopback; the SSRF guards of ingest-service and
        // alert-service allow it only under this profile.
        env.put("QUARKUS_PROFILE", "demo");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        services.add(ManagedProcess.start(
                name, command, env, settings.root(), settings.logDir().resolve(name + ".log")));
        OUT.printf("redline: starting %s on port %d%n", name, port);
    }

    private int portOf(String service) {
        return switch (service) {
            case "search-service" -> settings.searchPort();
            case "ingest-service" -> settings.ingestPort();
            case "alert-service" -> settings.alertPort();
            case "console-service" -> settings.consolePort();
            default -> settings.analysisPort();
        };
    }

    private void awaitHealthy(ManagedProcess service, int port) {
        long deadline = System.nanoTime() + SERVICE_READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.name() + " exited; last log lines:\n" + service.logTail(30));
            }
            if (get("http://127.0.0.1:" + port + "/q/health/ready") == 200) {
                OUT.printf("redline: %s ready on http://127.0.0.1:%d%n", service.name(), port);
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException(service.name() + " not ready within " + SERVICE_READY_TIMEOUT.toSeconds()
                + " s; see " + service.logFile());
    }

    private void printUrls() {
        String search = "http://localhost:" + settings.searchPort();
        String alerts = "http://localhost:" + settings.alertPort();
        OUT.println();
        OUT.println("Redline is up.");
        OUT.println();
        OUT.println("Development admin key (in " + DevAdminKey.file(settings.dataDir())
                + "; ./redline up --new-admin-key replaces it):");
        OUT.println("  " + adminKey);
        OUT.println("Newsroom console (open it in a browser and sign in with the key above):");
        OUT.printf("  http://localhost:%d/%n", settings.consolePort());
        OUT.println("Try it:");
        OUT.println("  export REDLINE_KEY=" + adminKey + "      # or: export REDLINE_KEY=$(./redline key)");
        OUT.printf("  curl -s -H \"Authorization: Bearer $REDLINE_KEY\" '%s/api/articles?q=missile'%n", search);
        OUT.println("Make a reader key for a colleague (the answer shows it once; README \"Keys and roles\"):");
        OUT.println(
                "  curl -s -X POST -H \"Authorization: Bearer $REDLINE_KEY\" -H 'Content-Type: application/json' \\");
        OUT.printf(
                "    --data '{\"name\":\"night desk\",\"owner\":\"alice\",\"role\":\"reader\"}' '%s/api/keys'%n",
                search);
        OUT.println();
        OUT.printf("  search API     %s/api/articles   (Swagger UI: /q/swagger-ui)%n", search);
        OUT.printf("  ingest API     http://localhost:%d/api/feeds%n", settings.ingestPort());
        OUT.printf("  analysis API   http://localhost:%d/api/analyze%n", settings.analysisPort());
        OUT.printf("  alert API      %s/api/subscriptions   (README: \"Try an alert\")%n", alerts);
        OUT.println("  receive them   ./redline receive --port 9999");
        OUT.printf("  demo feeds     http://127.0.0.1:%d/%n", settings.demoPort());
        OUT.printf("  Kafka          127.0.0.1:%d%n", settings.kafkaPort());
        OUT.printf("  Elasticsearch  http://127.0.0.1:%d%n", settings.esPort());
        OUT.printf("  logs           %s%n", settings.logDir());
        OUT.println("Ctrl-C stops everything.");
        OUT.println();
    }

    /** Prints ingested / analysed / indexed / alerted counts whenever they change, and at least once a minute. */
    private void streamStatus() {
        String last = "";
        long lastPrinted = 0;
        while (!stopping) {
            for (ManagedProcess service : services) {
                if (!service.isAlive() && !stopping) {
                    OUT.printf(
                            "%s  %s exited (code %s); see %s%n",
                            LocalTime.now().format(CLOCK), service.name(), service.exitCode(), service.logFile());
                }
            }
            String line = counts();
            if (!line.equals(last) || System.currentTimeMillis() - lastPrinted > 60_000) {
                OUT.println(LocalTime.now().format(CLOCK) + "  " + line);
                last = line;
                lastPrinted = System.currentTimeMillis();
            }
            sleep(2000);
        }
    }

    /** Articles at each stage of the pipeline, then the alerts that passed story dedupe. */
    private String counts() {
        return String.format(
                "ingested %s  analysed %s  indexed %s  alerted %s",
                counter(settings.ingestPort(), "redline_ingest_articles_published_total"),
                counter(settings.analysisPort(), "redline_analysis_articles_analyzed_total"),
                counter(settings.searchPort(), "redline_search_articles_indexed_total"),
                counter(settings.alertPort(), "redline_alerts_dispatched_total"));
    }

    private String counter(int port, String metric) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + metric + "(?:\\{[^}]*})? ([0-9.E+]+)$")
                    .matcher(response.body());
            double sum = 0;
            boolean found = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                found = true;
            }
            return found ? Long.toString((long) sum) : "0";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The bootstrap admin key every service accepts, once {@link #start()} has begun; a secret. */
    public String adminKey() {
        return adminKey;
    }

    /** The demo feed server, once started. */
    public DemoFeedServer demo() {
        return demo;
    }

    /** Stops services first (so they commit offsets), then the demo server, Kafka and Elasticsearch. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        writeState("stopping");
        OUT.println("redline: stopping...");
        services.parallelStream().forEach(s -> s.stop(Duration.ofSeconds(20)));
        if (demo != null) {
            demo.stop();
        }
        CompletableFuture<Void> k = CompletableFuture.runAsync(() -> {
            if (kafka != null) {
                kafka.stop(Duration.ofSeconds(30));
            }
        });
        CompletableFuture<Void> e = CompletableFuture.runAsync(() -> {
            if (elasticsearch != null) {
                elasticsearch.stop(Duration.ofSeconds(30));
            }
        });
        CompletableFuture.allOf(k, e).join();
        if (containers != null) {
            containers.close();
        }
        try {
            Files.deleteIfExists(settings.runDir().resolve("redline.pid"));
            Files.deleteIfExists(settings.runDir().resolve("state"));
        } catch (IOException ignored) {
            // best effort: a stale pid file is detected by the lock anyway
        }
        OUT.println("redline: stopped");
    }

    /** Prints one line per part and exits 0 when all are up, 1 when nothing runs, 2 when some parts are down. */
    int status() {
        String pid = readPid();
        boolean running = pid != null
                && ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
        if (!running) {
            OUT.println("redline: not running");
            return 1;
        }
        String state = readState();
        OUT.println("redline: " + state + " (pid " + pid + ", data in " + settings.dataDir() + ")");
        Map<String, Boolean> parts = new LinkedHashMap<>();
        parts.put(
                String.format("%-17s 127.0.0.1:%d", "kafka", settings.kafkaPort()),
                !FreePorts.isFree(settings.kafkaPort()));
        parts.put(
                String.format("%-17s http://127.0.0.1:%d", "elasticsearch", settings.esPort()),
                get("http://127.0.0.1:" + settings.esPort() + "/_cluster/health") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d/", "demo feeds", settings.demoPort()),
                get("http://127.0.0.1:" + settings.demoPort() + "/") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d", "ingest-service", settings.ingestPort()),
                get("http://127.0.0.1:" + settings.ingestPort() + "/q/health/ready") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d", "analysis-service", settings.analysisPort()),
                get("http://127.0.0.1:" + settings.analysisPort() + "/q/health/ready") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d", "search-service", settings.searchPort()),
                get("http://127.0.0.1:" + settings.searchPort() + "/q/health/ready") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d", "alert-service", settings.alertPort()),
                get("http://127.0.0.1:" + settings.alertPort() + "/q/health/ready") == 200);
        parts.put(
                String.format("%-17s http://127.0.0.1:%d/", "console-service", settings.consolePort()),
                get("http://127.0.0.1:" + settings.consolePort() + "/q/health/ready") == 200);
        parts.forEach((name, up) -> OUT.println("  " + (up ? "up  " : "DOWN") + "  " + name));
        OUT.println("  articles: " + counts());
        return parts.containsValue(false) ? 2 : 0;
    }

    private int get(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String readPid() {
        try {
            return Files.readString(settings.runDir().resolve("redline.pid")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private String readState() {
        try {
            return Files.readString(settings.runDir().resolve("state")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void writeState(String state) {
        try {
            Files.createDirectories(settings.runDir());
            Files.writeString(settings.runDir().resolve("state"), state, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only ./redline status reads it; a stack that cannot write it still runs.
            System.err.println("redline: cannot write " + settings.runDir().resolve("state") + ": " + e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
