package io.redline.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.localstack.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/docker-compose.cluster.yml} started (3 KRaft brokers, 3 Elasticsearch nodes, 2 instances of each
 * service) with the demo feeds dripping a steady stream of articles; one broker and one Elasticsearch node are
 * killed ({@code docker kill}) mid-stream and brought back. At the end every article is indexed exactly once, every
 * story has exactly one signed alert, the cluster is green, consumer lag and under-replicated partitions are 0. Prints
 * the figures per phase.
 *
 * <p>Heaps for 2 cores and 24 GiB: brokers 384 MB, Elasticsearch nodes 512 MB, the eight service instances capped at
 * 768 MB of memory each by the compose file (75 % of it heap), the two consoles at 256 MB: about 9.5 GB in all. On a host whose open-files limit is below the 65535
 * a clustering Elasticsearch node demands, {@code deploy/docker-compose.cluster.low-limits.yml} is added (see there).
 */
class ClusterFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_KEY =
            "rlk_admin_" + UUID.randomUUID().toString().replace("-", "");
    private static final String ELASTIC_PASSWORD = "pw-" + UUID.randomUUID();
    /** The Kafka users' passwords of the env file (admin and one per service). */
    private static final Map<String, String> KAFKA_PASSWORDS = BrokerAccess.newPasswords();

    private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092,kafka-3:9092";
    /** Live articles the demo drips, one a second: the stream lasts this many seconds. */
    private static final int LIVE = 150;

    private static final Duration STEADY = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofMinutes(6);
    private static final Pattern LIVE_SEQ = Pattern.compile("-live-[a-z0-9]+-(\\d+)$");
    private static final Pattern INITIAL = Pattern.compile("\\((\\d+) initial articles");

    private final List<String> figures = new ArrayList<>();
    private Compose compose;
    private int search1;
    private int search2;
    private int alert1;
    private int alert2;
    private int ingest1;
    private int console1;
    private int console2;

    @Test
    void killedBrokerAndNodeMidStreamLoseNothingAndDuplicateNothing() throws Exception {
        ContainerChecks.assumeEngine("ClusterFailoverIT");
        Path work = Path.of("target", "cluster-failover").toAbsolutePath();
        Map<String, String> images = ContainerChecks.images("ClusterFailoverIT", work);

        List<String> files =
                new ArrayList<>(List.of("deploy/docker-compose.cluster.yml", "deploy/docker-compose.cluster.demo.yml"));
        int openFiles = containerOpenFilesLimit(images.get("REDLINE_ELASTICSEARCH_IMAGE"));
        if (openFiles < 65535) {
            files.add("deploy/docker-compose.cluster.low-limits.yml");
        }
        search1 = freePort();
        search2 = freePort();
        alert1 = freePort();
        alert2 = freePort();
        ingest1 = freePort();
        console1 = freePort();
        console2 = freePort();
        compose = new Compose(
                        ContainerChecks.root(),
                        "rlcluster" + ProcessHandle.current().pid(),
                        work,
                        files)
                .env(images)
                .env("ELASTIC_PASSWORD", ELASTIC_PASSWORD)
                .env("REDLINE_ADMIN_KEY", ADMIN_KEY)
                // alert-service seals webhook secrets and channel URLs with it (README "With Docker" puts it in .env).
                .env("REDLINE_SECRETS_KEY", TestKeys.SECRETS_KEY)
                // Every service hashes API keys with it (README "With Docker" puts it in .env).
                .env("REDLINE_KEY_PEPPER", TestKeys.KEY_PEPPER)
                .env(KAFKA_PASSWORDS)
                .env("KAFKA_HEAP", "384m")
                .env("ES_HEAP", "512m")
                .env("REDLINE_SEARCH_PORT", Integer.toString(search1))
                .env("REDLINE_SEARCH_2_PORT", Integer.toString(search2))
                .env("REDLINE_ALERT_PORT", Integer.toString(alert1))
                .env("REDLINE_ALERT_2_PORT", Integer.toString(alert2))
                .env("REDLINE_INGEST_PORT", Integer.toString(ingest1))
                .env("REDLINE_INGEST_2_PORT", Integer.toString(freePort()))
                .env("REDLINE_ANALYSIS_PORT", Integer.toString(freePort()))
                .env("REDLINE_ANALYSIS_2_PORT", Integer.toString(freePort()))
                .env("REDLINE_CONSOLE_PORT", Integer.toString(console1))
                .env("REDLINE_CONSOLE_2_PORT", Integer.toString(console2))
                // Feeds are registered by the test once the subscription is in place, so every article is due.
                .env("REDLINE_INGEST_FEEDS", "")
                .env("REDLINE_DEMO_INTERVAL", "1s")
                .env("REDLINE_DEMO_MAX_LIVE", Integer.toString(LIVE));
        Instant t0 = Instant.now();
        try {
            compose.run(Duration.ofMinutes(10), "build");
            // Everything but the feed server: the stream starts when the test says so.
            List<String> services = new ArrayList<>(compose.run(Duration.ofMinutes(1), "config", "--services")
                    .lines()
                    .map(String::strip)
                    .filter(s -> s.matches("[a-z0-9][a-z0-9_.-]*") && !s.equals("demo-feeds"))
                    .toList());
            List<String> up = new ArrayList<>(List.of("up", "-d"));
            up.addAll(services);
            compose.run(Duration.ofMinutes(10), up.toArray(String[]::new));
            Map<String, String> states = compose.awaitHealthy(Duration.ofMinutes(10));
            figures.add(String.format(
                    "start: %d containers up and healthy %.0f s after the build began (open-files "
                            + "limit in a container %d%s)",
                    states.size(), secs(t0), openFiles, openFiles < 65535 ? ": low-limits override added" : ""));
            // Both consoles forward the sign-in to search-service by the name its two instances share.
            for (int console : List.of(console1, console2)) {
                HttpResponse<String> me = send(console, "GET", "/api/me", null);
                assertThat(me.statusCode())
                        .as("GET /api/me on the console at %d: %s", console, me.body())
                        .isEqualTo(200);
                assertThat(JSON.readTree(me.body()).path("role").asText())
                        .as(me.body())
                        .isEqualTo("admin");
            }

            String secret = subscribe();
            Instant streamStart = Instant.now();
            compose.run(Duration.ofMinutes(2), "up", "-d", "--no-deps", "demo-feeds");
            for (String feed : List.of("world.rss", "security.atom", "diplomacy.rss")) {
                HttpResponse<String> r =
                        send(ingest1, "POST", "/api/feeds", "{\"url\":\"http://demo-feeds:8099/feeds/" + feed + "\"}");
                assertThat(r.statusCode())
                        .as("POST /api/feeds %s: %s", feed, r.body())
                        .isEqualTo(201);
            }
            assertThat(secret).startsWith("whsec_");

            sleepUntil(streamStart.plus(STEADY));
            phase("steady (" + STEADY.toSeconds() + " s)", streamStart);

            // Kill one broker and one Elasticsearch node; the restart policy must not bring them back on its own.
            String broker = compose.container("kafka-2");
            String node = compose.container("es-2");
            Compose.exec(
                    ContainerChecks.root(),
                    Duration.ofSeconds(30),
                    List.of("docker", "update", "--restart=no", broker, node));
            Compose.exec(ContainerChecks.root(), Duration.ofSeconds(30), List.of("docker", "kill", broker, node));
            Instant killed = Instant.now();
            Compose.sleep(Duration.ofSeconds(15));
            phase("kafka-2 and es-2 killed (+15 s)", streamStart);
            sleepUntil(killed.plus(OUTAGE));
            phase("outage (" + OUTAGE.toSeconds() + " s)", streamStart);

            Compose.exec(
                    ContainerChecks.root(),
                    Duration.ofSeconds(30),
                    List.of("docker", "update", "--restart=unless-stopped", broker, node));
            Compose.exec(ContainerChecks.root(), Duration.ofSeconds(60), List.of("docker", "start", broker, node));
            Instant restarted = Instant.now();

            // The end state: the whole stream indexed once, one alert per story, everything replicated and consumed.
            int initial = initialArticles();
            int expected = initial + LIVE;
            Instant deadline = Instant.now().plus(CONVERGE);
            EndState end = endState(expected);
            while (!end.converged() && Instant.now().isBefore(deadline)) {
                Compose.sleep(Duration.ofSeconds(5));
                end = endState(expected);
            }
            phase("converged " + String.format("%.0f s after the restart", secs(restarted)), streamStart);

            assertThat(end.liveSeqs()).as("live articles indexed (1..%d)", LIVE).hasSize(LIVE);
            assertThat(end.total()).as("articles indexed").isEqualTo(expected);
            assertThat(end.distinctIds()).as("distinct article ids").isEqualTo(expected);
            assertThat(end.alertsPerStory().values())
                    .as("alert.created per story")
                    .allMatch(n -> n == 1);
            assertThat(end.alertsPerStory().keySet()).as("stories alerted").isEqualTo(end.stories());
            assertThat(end.invalidSignatures())
                    .as("deliveries with an invalid signature")
                    .isZero();
            assertThat(end.health()).as("cluster health").isEqualTo("green");
            assertThat(end.underReplicated()).as("under-replicated partitions").isZero();
            assertThat(end.lag()).as("consumer lag").isZero();
            // The cluster's brokers are locked down as the single one is (after the counts: it writes a raw record).
            BrokerAccess.in(compose, "kafka-1", BOOTSTRAP, KAFKA_PASSWORDS).assertIngestCannotMintKeys();
        } finally {
            figures.forEach(System.out::println);
            if (compose != null) {
                compose.close();
            }
        }
    }

    /**
     * A subscription to every article of the demo feeds (a source filter: one matching every article must be
     * selective or a digest) on alert-1, seen by alert-2, and the receiver restarted with its secret.
     */
    private String subscribe() throws Exception {
        HttpResponse<String> created = send(alert1, "POST", "/api/subscriptions", """
                {"name":"cluster desk","filters":{"source":["demo-feeds"]},
                 "channels":[{"type":"webhook","url":"http://receiver:9999/hook"}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String id = body.path("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (send(alert2, "GET", "/api/subscriptions/" + id, null).statusCode() != 200) {
            assertThat(Instant.now()).as("alert-2 sees the subscription").isBefore(deadline);
            Compose.sleep(Duration.ofMillis(500));
        }
        String secret = body.path("webhookSecret").asText();
        compose.env("REDLINE_WEBHOOK_SECRET", secret);
        compose.run(Duration.ofMinutes(2), "up", "-d", "--no-deps", "receiver");
        return secret;
    }

    private void phase(String name, Instant streamStart) throws Exception {
        EndState s = endState(-1);
        figures.add(String.format(
                "%-40s t=%4.0f s  published %3d  indexed %3d  stories %3d  alerted %3d "
                        + "(repeats %d)  es %-6s  under-replicated %2d  lag %d",
                name,
                secs(streamStart),
                published(),
                s.total(),
                s.stories().size(),
                s.alertsPerStory().size(),
                s.repeats(),
                s.health(),
                s.underReplicated(),
                s.lag()));
        System.out.println("ClusterFailoverIT " + figures.get(figures.size() - 1));
    }

    /** What the cluster holds now. */
    record EndState(
            int expected,
            int total,
            int distinctIds,
            Set<Integer> liveSeqs,
            Set<String> stories,
            Map<String, Integer> alertsPerStory,
            int repeats,
            int invalidSignatures,
            String health,
            int underReplicated,
            long lag) {

        boolean converged() {
            return total == expected
                    && distinctIds == expected
                    && alertsPerStory.keySet().equals(stories)
                    && "green".equals(health)
                    && underReplicated == 0
                    && lag == 0;
        }
    }

    private EndState endState(int expected) throws Exception {
        // Every indexed article, paged with the API's cursor (a point in time: each hit exactly once).
        Set<String> ids = new HashSet<>();
        Set<Integer> live = new TreeSet<>();
        Set<String> stories = new TreeSet<>();
        int total = -1;
        String cursor = null;
        do {
            String path = "/api/articles?size=100&sort=newest" + "&cursor="
                    + (cursor == null ? "*" : URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> r = sendQuietly(search1, path);
            if (r == null || r.statusCode() != 200) {
                // One instance may be busy or restarting: the other one answers the same index.
                r = sendQuietly(search2, path);
            }
            if (r == null || r.statusCode() != 200) {
                total = -1;
                break;
            }
            JsonNode page = JSON.readTree(r.body());
            if (total < 0) {
                total = page.path("total").asInt();
            }
            for (JsonNode item : page.path("items")) {
                JsonNode article = item.path("document").path("article");
                ids.add(article.path("id").asText());
                stories.add(item.path("storyId").asText());
                Matcher m = LIVE_SEQ.matcher(article.path("url").asText());
                if (m.find()) {
                    live.add(Integer.parseInt(m.group(1)));
                }
            }
            cursor = page.path("nextCursor").isTextual() && page.path("items").size() > 0
                    ? page.path("nextCursor").asText()
                    : null;
        } while (cursor != null);

        Map<String, Set<String>> createdIds = new HashMap<>();
        int repeats = 0;
        int invalid = 0;
        Compose.Result deliveries = Compose.execute(
                ContainerChecks.root(),
                Duration.ofSeconds(30),
                List.of("docker", "exec", compose.container("receiver"), "cat", "/var/log/redline/deliveries.jsonl"));
        if (deliveries.exit() == 0) {
            for (String line :
                    deliveries.output().lines().filter(l -> l.startsWith("{")).toList()) {
                JsonNode d = JSON.readTree(line);
                if (d.path("repeat").asBoolean()) {
                    repeats++;
                }
                if (!d.path("valid").asBoolean()) {
                    invalid++;
                }
                if ("alert.created".equals(d.path("type").asText())) {
                    createdIds
                            .computeIfAbsent(d.path("storyId").asText(), k -> new TreeSet<>())
                            .add(d.path("id").asText());
                }
            }
        }
        Map<String, Integer> perStory = new LinkedHashMap<>();
        createdIds.forEach((story, webhookIds) -> perStory.put(story, webhookIds.size()));

        return new EndState(
                expected,
                total,
                ids.size(),
                live,
                stories,
                perStory,
                repeats,
                invalid,
                health(),
                underReplicated(),
                lag());
    }

    /** Cluster health as es-1 reports it. */
    private String health() throws IOException {
        Compose.Result r;
        try {
            r = Compose.execute(
                    ContainerChecks.root(),
                    Duration.ofSeconds(30),
                    List.of(
                            "docker",
                            "exec",
                            compose.container("es-1"),
                            "sh",
                            "-c",
                            "curl -s -u \"elastic:$ELASTIC_PASSWORD\" "
                                    + "\"http://localhost:9200/_cluster/health?timeout=5s\""));
        } catch (AssertionError e) {
            // No answer in time is no health yet, as a failed call is (see kafkaTool).
            return "none";
        }
        if (r.exit() != 0 || !r.output().strip().startsWith("{")) {
            return "none";
        }
        return JSON.readTree(r.output()).path("status").asText("none");
    }

    /** Partitions with fewer in-sync replicas than replicas, as kafka-1 reports them. */
    private int underReplicated() {
        Compose.Result r = kafkaTool("kafka-topics.sh", "--describe", "--under-replicated-partitions");
        if (r.exit() != 0) {
            return -1;
        }
        return (int) r.output().lines().filter(l -> l.contains("Partition:")).count();
    }

    /** The pipeline's consumer groups: each must be listed, with its partitions, for the lag to count. */
    private static final Set<String> GROUPS =
            Set.of("redline-analysis", "redline-search-indexer", "redline-alert-matcher", "redline-alert-dispatcher");

    /**
     * The summed lag of every consumer group on every partition it has committed (kafka-1's answer), or -1 while one
     * of the pipeline's groups is not listed with its partitions (rebalancing, or its members not back yet): a group
     * that prints no rows must not pass for a group without lag.
     */
    private long lag() {
        Compose.Result r = kafkaTool("kafka-consumer-groups.sh", "--describe", "--all-groups");
        if (r.exit() != 0) {
            return -1;
        }
        long lag = 0;
        Set<String> listed = new HashSet<>();
        for (String line : r.output().lines().toList()) {
            String[] cols = line.strip().split("\\s+");
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
            if (cols.length >= 6 && cols[5].matches("\\d+") && cols[2].matches("\\d+")) {
                lag += Long.parseLong(cols[5]);
                listed.add(cols[0]);
            }
        }
        return listed.containsAll(GROUPS) ? lag : -1;
    }

    /**
     * A Kafka tool run in kafka-1 as the admin (the brokers answer no one without credentials); a tool that does not
     * finish within its deadline counts as no answer (exit -1), like a failed one: these are probes, polled until the
     * cluster converges, and a JVM tool started in a container on a 2-core host busy with 20 containers has taken
     * over two minutes (CI, 2026-12-07) without anything being wrong with the cluster.
     */
    private Compose.Result kafkaTool(String tool, String... args) {
        try {
            return BrokerAccess.in(compose, "kafka-1", "localhost:9092", KAFKA_PASSWORDS)
                    .adminTool(tool, args);
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains("did not finish within")) {
                System.out.println("ClusterFailoverIT: " + tool + " gave no answer in time; polled again");
                return new Compose.Result(-1, e.getMessage());
            }
            throw e;
        }
    }

    /** Live articles the demo has published so far (its log has one line per drip). */
    private long published() {
        String log = Compose.execAllowingFailure(
                ContainerChecks.root(),
                Duration.ofSeconds(30),
                List.of("docker", "logs", compose.container("demo-feeds")));
        return log.lines().filter(l -> l.contains("Live drip: ")).count();
    }

    private int initialArticles() {
        String log = Compose.execAllowingFailure(
                ContainerChecks.root(),
                Duration.ofSeconds(30),
                List.of("docker", "logs", compose.container("demo-feeds")));
        Matcher m = INITIAL.matcher(log);
        assertThat(m.find()).as("the demo feed server's start line: %s", log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int containerOpenFilesLimit(String image) {
        String out = Compose.exec(
                        ContainerChecks.root(),
                        Duration.ofMinutes(1),
                        List.of(
                                "docker",
                                "run",
                                "--rm",
                                "--network",
                                "none",
                                "--entrypoint",
                                "sh",
                                image,
                                "-c",
                                "ulimit -Hn"))
                .strip();
        return out.equals("unlimited")
                ? Integer.MAX_VALUE
                : Integer.parseInt(out.lines().reduce((a, b) -> b).orElse("0").strip());
    }

    private HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_KEY);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendQuietly(int port, String path) {
        try {
            return send(port, "GET", path, null);
        } catch (Exception e) {
            return null;
        }
    }

    private static void sleepUntil(Instant when) {
        Duration left = Duration.between(Instant.now(), when);
        if (!left.isNegative()) {
            Compose.sleep(left);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double secs(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
