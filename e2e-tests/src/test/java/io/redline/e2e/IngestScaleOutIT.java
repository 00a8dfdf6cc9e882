package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStack;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import io.redline.localstack.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several ingest-service instances (the built jar, separate processes) against one real broker: every feed is
 * polled by one instance at a time and once per interval, feeds move when an instance leaves, crashes or joins,
 * and restarts publish nothing twice.
 */
class IngestScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FEEDS = 12;
    private static final Duration INTERVAL = Duration.ofSeconds(4);
    /**
     * With ±10 % jitter two polls of one feed start at least 3.6 s apart; requests reach the server a little
     * later than the poll starts, by a delay that varies with load, hence the 0.6 s margin.
     */
    private static final long MIN_GAP_MS = 3_000;

    private static Path root;
    private static Path runDir;
    private static KafkaBroker kafka;
    private static HttpServer feedServer;
    /** Every feed request: feed number, the polling instance (from the User-Agent) and when. */
    private static final List<Hit> hits = new CopyOnWriteArrayList<>();

    private static final Map<Integer, Integer> itemsPerFeed = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger copyPolls =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final Map<String, ManagedProcess> instances = new LinkedHashMap<>();
    private static final Map<String, Integer> ports = new HashMap<>();

    record Hit(int feed, String instance, long atMillis) {}

    @BeforeAll
    static void start() throws Exception {
        root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        runDir = StackDirs.newRunDir("scale-out");
        kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka"))
                .javaOpts(LocalStack.KAFKA_JAVA_OPTS)
                .start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (int i = 0; i < FEEDS; i++) {
            itemsPerFeed.put(i, 3);
        }
        com.sun.net.httpserver.HttpHandler handler = exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/feed/".length()));
            String ua = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
            hits.add(new Hit(n, ua.substring(ua.lastIndexOf('/') + 1), System.currentTimeMillis()));
            // No ETag or Last-Modified: an unchanged body must be recognised by its hash and the dedupe ledger.
            byte[] body = rss(n, itemsPerFeed.get(n)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
        feedServer.createContext("/feed/", handler);
        feedServer.start();
    }

    @AfterAll
    static void stop() {
        instances.values().forEach(p -> p.stop(Duration.ofSeconds(30)));
        if (feedServer != null) {
            feedServer.stop(0);
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (runDir != null) {
            StackDirs.deleteRecursively(runDir);
        }
    }

    @Test
    void eachFeedIsPolledByOneInstanceOncePerIntervalAcrossJoinsLeavesCrashesAndRestarts() throws Exception {
        startInstance("A");
        startInstance("B");
        awaitReady("A");
        awaitReady("B");
        for (int i = 0; i < FEEDS; i++) {
            String body = JSON.writeValueAsString(Map.of("url", feedUrl(i), "tags", List.of("scale-out")));
            HttpResponse<String> r = send(
                    "A",
                    HttpRequest.newBuilder(api("A", "/api/feeds"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        // Two instances: the feeds are split between them, each feed settled on one of them.
        awaitPollsOfEveryFeed(4);
        assertThat(lastPollers(3).values())
                .allSatisfy(owners -> assertThat(owners).hasSize(1));
        assertThat(lastPollers(3).values().stream().flatMap(List::stream).distinct())
                .containsExactlyInAnyOrder("A", "B");
        // Any instance answers for every feed, with its health.
        JsonNode listed = JSON.readTree(send(
                        "B",
                        HttpRequest.newBuilder(api("B", "/api/feeds?tag=scale-out"))
                                .build())
                .body());
        assertThat(listed).hasSize(FEEDS);
        assertThat(listed.findValuesAsText("status")).containsOnly("ok");
        assertThat(listed.findValuesAsText("polledBy")).containsOnly("A", "B");

        // B leaves cleanly: A takes over every feed.
        instances.remove("B").stop(Duration.ofSeconds(60));
        awaitPollsOfEveryFeed(3);
        assertThat(lastPollers(2).values())
                .allSatisfy(owners -> assertThat(owners).containsExactly("A"));

        // C joins: the feeds are split again.
        startInstance("C");
        awaitReady("C");
        awaitPollsOfEveryFeed(4);
        assertThat(lastPollers(2).values())
                .allSatisfy(owners -> assertThat(owners).hasSize(1));
        assertThat(lastPollers(2).values().stream().flatMap(List::stream).distinct())
                .containsExactlyInAnyOrder("A", "C");

        // C crashes (SIGKILL): after the group's session timeout its feeds come back to A.
        instances.remove("C").kill();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> lastPollers(2).values().stream().allMatch(owners -> owners.equals(List.of("A"))));

        // A restarts as D: with the saved state and the ledger it publishes nothing again.
        instances.remove("A").stop(Duration.ofSeconds(60));
        startInstance("D");
        awaitReady("D");
        awaitPollsOfEveryFeed(2);
        assertThat(lastPollers(1).values())
                .allSatisfy(owners -> assertThat(owners).containsExactly("D"));

        // A new feed at another URL serving feed 5's items: it has no saved state, so only the dedupe ledger
        // (read back from Kafka by D at start-up) can tell that its articles were published already.
        feedServer.createContext("/copy/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/copy/".length()));
            byte[] body = rss(n, itemsPerFeed.get(n)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            copyPolls.incrementAndGet();
        });
        HttpResponse<String> copy = send(
                "D",
                HttpRequest.newBuilder(api("D", "/api/feeds"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                                "url",
                                "http://127.0.0.1:" + feedServer.getAddress().getPort() + "/copy/5"))))
                        .build());
        assertThat(copy.statusCode()).as(copy.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> copyPolls.get() >= 2);
        assertThat(rawRecords()).hasSize(FEEDS * 3);

        // A new item is published exactly once.
        itemsPerFeed.put(0, 4);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> rawRecords().size() > FEEDS * 3);
        awaitPollsOfEveryFeed(2);

        List<String> keys = rawRecords();
        System.out.printf(
                "Scale-out: %d feed polls by %s; %d articles on the raw topic, %d distinct%n",
                hits.size(),
                hits.stream().map(Hit::instance).distinct().toList(),
                keys.size(),
                keys.stream().distinct().count());
        assertThat(keys).hasSize(FEEDS * 3 + 1).doesNotHaveDuplicates();
        // Never two polls of one feed closer than half an interval, whoever made them, over the whole run.
        Map<Integer, List<Hit>> byFeed = hits.stream().collect(Collectors.groupingBy(Hit::feed));
        byFeed.forEach((feed, list) -> {
            for (int i = 1; i < list.size(); i++) {
                long gap = list.get(i).atMillis() - list.get(i - 1).atMillis();
                assertThat(gap)
                        .as(
                                "gap between polls %d and %d of feed %d (%s then %s)",
                                i - 1,
                                i,
                                feed,
                                list.get(i - 1).instance(),
                                list.get(i).instance())
                        .isGreaterThanOrEqualTo(MIN_GAP_MS);
            }
        });
    }

    /** Waits until every feed was polled {@code polls} more times from now. */
    private static void awaitPollsOfEveryFeed(int polls) {
        Map<Integer, Long> start = counts();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<Integer, Long> now = counts();
                    for (int i = 0; i < FEEDS; i++) {
                        if (now.getOrDefault(i, 0L) - start.getOrDefault(i, 0L) < polls) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static Map<Integer, Long> counts() {
        return hits.stream().collect(Collectors.groupingBy(Hit::feed, Collectors.counting()));
    }

    /** For each feed, the distinct instances among its last {@code n} polls. */
    private static Map<Integer, List<String>> lastPollers(int n) {
        Map<Integer, List<String>> out = new HashMap<>();
        hits.stream()
                .collect(Collectors.groupingBy(Hit::feed))
                .forEach((feed, list) -> out.put(
                        feed,
                        list.subList(Math.max(0, list.size() - n), list.size()).stream()
                                .map(Hit::instance)
                                .distinct()
                                .toList()));
        return out;
    }

    private static void startInstance(String name) {
        int port = FreePorts.next();
        ports.put(name, port);
        Path jar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_PROFILE", "demo"); // allows the loopback feed server through the SSRF guard
        env.put("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", TestKeys.ADMIN); // feeds are an admin's to register
        env.put("REDLINE_INGEST_POLL_INTERVAL", INTERVAL.toSeconds() + "s");
        // All the feeds are on one host (the test's server): the default 1 s between two fetches from one host
        // would make a round of them take longer than the poll interval, and this test is about ownership.
        env.put("REDLINE_INGEST_HOST_INTERVAL", "100ms");
        env.put("REDLINE_INGEST_INSTANCE_ID", name);
        env.put("REDLINE_INGEST_USER_AGENT", "Redline-scale-out-test/" + name);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        instances.put(
                name,
                ManagedProcess.start(
                        "ingest-" + name,
                        List.of(
                                java,
                                "-Xmx256m",
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-jar",
                                jar.toString()),
                        env,
                        root,
                        runDir.resolve("ingest-" + name + ".log")));
    }

    private static void awaitReady(String name) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(instances.get(name).isAlive())
                            .as(instances.get(name).logTail(40))
                            .isTrue();
                    return send(
                                            name,
                                            HttpRequest.newBuilder(api(name, "/q/health/ready"))
                                                    .build())
                                    .statusCode()
                            == 200;
                });
    }

    private static URI api(String instance, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(instance) + path);
    }

    /** Sends {@code request} with the admin key, as every instance accepts it. */
    private static HttpResponse<String> send(String instance, HttpRequest request)
            throws IOException, InterruptedException {
        HttpRequest withKey = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .build();
        return HTTP.send(withKey, HttpResponse.BodyHandlers.ofString());
    }

    private static String feedUrl(int n) {
        return "http://127.0.0.1:" + feedServer.getAddress().getPort() + "/feed/" + n;
    }

    private static String rss(int feed, int items) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed ")
                .append(feed)
                .append("</title><link>http://news.example/</link>");
        for (int i = 0; i < items; i++) {
            sb.append("<item><title>Feed ")
                    .append(feed)
                    .append(" story ")
                    .append(i)
                    .append("</title><link>http://news.example/")
                    .append(feed)
                    .append('/')
                    .append(i)
                    .append("</link><description>Talks on a ceasefire continued in the capital.</description>")
                    .append("<pubDate>Thu, 26 Nov 2026 0")
                    .append(i)
                    .append(":00:00 GMT</pubDate></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    /** Keys of every record on the raw topic, from the beginning. */
    private static List<String> rawRecords() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor("redline.articles.raw", Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(info.topic(), info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
