package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redline.contracts.Topic;
import io.redline.e2e.WebhookReceiver.Received;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStack;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of each service (the built jars, separate processes) against one real broker and one real
 * Elasticsearch node poll every feed once, analyse, index and match every article once and send every due alert
 * once, and keep doing so through the survivors after one instance of each leaves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int FEEDS = 12;
    /** Items each feed serves in the first wave, and after the second. */
    private static final int FIRST_WAVE = 8;

    private static final int SECOND_WAVE = 10;
    private static final Duration INTERVAL = Duration.ofSeconds(4);
    /**
     * With ±10 % jitter two polls of one feed start at least 3.6 s apart; requests reach the feed server a little
     * later than the poll starts, by a delay that varies with load, hence the margin (as in IngestScaleOutIT).
     */
    private static final long MIN_GAP_MS = 3_000;

    private static final Duration PATIENCE = Duration.ofMinutes(4);
    /** The made-up word the subscription asks for; only the alerting items contain it. */
    private static final String KEYWORD = "Vorlund";

    private static final String INGEST_GROUP = "redline-ingest";
    private static final String ANALYSIS_GROUP = "redline-analysis";
    private static final String INDEXER_GROUP = "redline-search-indexer";
    private static final String MATCHER_GROUP = "redline-alert-matcher";
    private static final String DISPATCHER_GROUP = "redline-alert-dispatcher";
    /** mp.messaging.incoming.alerts.concurrency of alert-service: consumers per instance in the dispatcher group. */
    private static final int DISPATCHERS_PER_INSTANCE = 3;

    /**
     * Leads of the alerting items, each its own story: nothing but the keyword is shared, so their SimHashes are
     * far apart. The first six appear in the first wave, the rest in the second.
     */
    private static final List<String[]> LEADS = List.of(
            lead("artillery shells the northern ridge", "Batteries fired on hilltop positions before dawn."),
            lead("navy seizes a grain freighter", "Marines boarded the ship in disputed coastal waters."),
            lead("parliament approves emergency powers", "Deputies voted late on Tuesday amid loud protest."),
            lead("drones hit a fuel depot", "Firefighters fought burning tanks for eleven hours."),
            lead("expels four foreign envoys", "The ministry accused them of recruiting informants."),
            lead("reservists report to barracks", "Buses collected men from villages across the valley."),
            lead("jets violate neighbouring airspace", "Interceptors scrambled twice during the afternoon."),
            lead("cuts gas exports abruptly", "Pipeline pressure dropped to zero shortly after midnight."),
            lead("tanks massed near the river crossing", "Satellite photos show columns parked under trees."));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path root;
    private static Path runDir;
    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    private static HttpServer feedServer;
    private static WebhookReceiver receiver;
    private static ServiceLauncher launcher;
    private static String subscriptionId;
    /** Every service instance by name (ingest-A, analysis-B, alert-A, ...), and its HTTP port. */
    private static final Map<String, ManagedProcess> instances = new LinkedHashMap<>();

    private static final Map<String, Integer> ports = new HashMap<>();
    /** The items of each feed, of which the first {@link #shown} are served. */
    private static final List<List<Item>> items = new ArrayList<>();

    private static final AtomicInteger shown = new AtomicInteger(FIRST_WAVE);
    /** Every feed request: feed number, the polling instance (from the User-Agent) and when. */
    private static final List<Hit> hits = new CopyOnWriteArrayList<>();

    private static final List<String> summary = new ArrayList<>();
    private static long startedAt;

    record Hit(int feed, String instance, long atMillis) {}

    record Item(String title, String description, String link, boolean alerting) {}

    @BeforeAll
    static void stackFeedsReceiverAndTwoInstancesOfEachService() throws Exception {
        startedAt = System.nanoTime();
        root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        runDir = StackDirs.newRunDir("e2e-scale-out");
        // Our own servers bind their (kernel-chosen) ports first: once the broker and the node have picked theirs,
        // a later bind to port 0 could be handed a port one of them is about to take.
        receiver = new WebhookReceiver();
        makeItems();
        feedServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedServer.createContext("/feed/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/feed/".length()));
            String ua = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
            hits.add(new Hit(n, ua.substring(ua.lastIndexOf('/') + 1), System.currentTimeMillis()));
            byte[] body = rss(n).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feedServer.start();
        kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
        launcher = new ServiceLauncher(root, runDir, kafka::bootstrapServers);
        elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                .javaOpts(LocalStack.ELASTICSEARCH_JAVA_OPTS);
        kafka.start();
        elasticsearch.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        elasticsearch.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);

        // All eight at once: each creates the topics and indices it needs and tolerates the others doing the same.
        for (String instance : List.of("A", "B")) {
            startIngest(instance);
            startService("analysis-" + instance, "analysis-service", Map.of());
            startService(
                    "search-" + instance,
                    "search-service",
                    Map.of("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearch.hostAndPort()));
        }
        for (String instance : List.of("A", "B")) {
            startService("alert-" + instance, "alert-service", alertEnv());
        }
        instances.forEach((instance, process) -> ServiceLauncher.awaitHealthy(process, ports.get(instance)));

        HttpResponse<String> created = post(
                "alert-A",
                "/api/subscriptions",
                JSON.writeValueAsString(Map.of(
                        "name",
                        "vorlund scale-out",
                        "query",
                        KEYWORD.toLowerCase(),
                        "channels",
                        List.of(Map.of("type", "webhook", "url", receiver.url())))));
        assertThat(created.statusCode())
                .as("POST /api/subscriptions: %s", created.body())
                .isEqualTo(201);
        subscriptionId = JSON.readTree(created.body()).path("id").asText();
        // Either alert instance may match an alerting article: both must know the subscription first.
        awaitWithLogs(() -> assertThat(
                        get("alert-B", "/api/subscriptions/" + subscriptionId).statusCode())
                .isEqualTo(200));
    }

    @AfterAll
    static void stopEverything() {
        summary.forEach(System.out::println);
        // Services first (side by side) so they leave the broker cleanly; each step on its own so one failure
        // stops the rest.
        instances.values().stream()
                .map(p ->
                        CompletableFuture.runAsync(() -> ServiceLauncher.quietly(() -> p.stop(Duration.ofSeconds(30)))))
                .toList()
                .forEach(CompletableFuture::join);
        if (feedServer != null) {
            ServiceLauncher.quietly(() -> feedServer.stop(0));
        }
        if (receiver != null) {
            ServiceLauncher.quietly(receiver::close);
        }
        if (kafka != null) {
            ServiceLauncher.quietly(() -> kafka.stop(Duration.ofSeconds(30)));
        }
        if (elasticsearch != null) {
            ServiceLauncher.quietly(() -> elasticsearch.stop(Duration.ofSeconds(30)));
        }
        if (runDir != null) {
            StackDirs.deleteRecursively(runDir);
        }
    }

    @Test
    @Order(1)
    void twoInstancesOfEachServicePollEachFeedOnceAndAnalyseIndexAndAlertEachArticleOnce() throws Exception {
        // Every group has both instances and every partition placed before the first item exists, so nothing
        // below can be explained by a rebalance handing records over mid-flight.
        long t0 = System.nanoTime();
        awaitGroups(2);
        summary.add("ScaleOutIT | groups settled with 2 instances each after " + seconds(startedAt) + " s");
        Map<String, Double> before = counters();

        for (int i = 0; i < FEEDS; i++) {
            HttpResponse<String> r = post(
                    "ingest-A",
                    "/api/feeds",
                    JSON.writeValueAsString(Map.of(
                            "url",
                            "http://127.0.0.1:" + feedServer.getAddress().getPort() + "/feed/" + i,
                            "tags",
                            List.of("scale-out"))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        awaitAllThrough(FEEDS * FIRST_WAVE);

        // Since the feeds exist each one has been polled by one instance only, never twice within an interval.
        Map<Integer, Set<String>> pollers = pollersPerFeed(hits);
        assertThat(pollers)
                .hasSize(FEEDS)
                .allSatisfy((feed, who) ->
                        assertThat(who).as("pollers of feed %d", feed).hasSize(1));
        assertThat(pollers.values().stream().flatMap(Set::stream).distinct()).containsExactlyInAnyOrder("A", "B");
        checkMinimumGap();

        Map<String, Double> after = counters();
        assertEachInstanceDidSomeAndAllOnce(before, after, List.of("A", "B"), FEEDS * FIRST_WAVE);
        // Both dispatchers are in the group (three consumers each); with only a few alerts their six partitions
        // may all happen to be one instance's, so the per-instance dispatch figure is printed, not asserted.
        summarise("two instances each", before, after, List.of("A", "B"), FEEDS * FIRST_WAVE, hits, t0);
    }

    @Test
    @Order(2)
    void afterOneInstanceOfEachLeavesTheSurvivorsDoTheSameForNewItems() throws Exception {
        assertThat(hits).as("the two-instance test ran first").isNotEmpty();
        long t0 = System.nanoTime();
        // Everything committed first, so the survivors start from where the leavers stopped and re-read nothing.
        awaitWithLogs(() -> {
            assertThat(lag(ANALYSIS_GROUP, Topic.ARTICLES_RAW))
                    .as("lag of " + ANALYSIS_GROUP)
                    .isZero();
            assertThat(lag(INDEXER_GROUP, Topic.ARTICLES_ANALYZED))
                    .as("lag of " + INDEXER_GROUP)
                    .isZero();
            assertThat(lag(MATCHER_GROUP, Topic.ARTICLES_INDEXED))
                    .as("lag of " + MATCHER_GROUP)
                    .isZero();
            assertThat(lag(DISPATCHER_GROUP, Topic.ALERTS))
                    .as("lag of " + DISPATCHER_GROUP)
                    .isZero();
        });
        // Side by side, each a clean SIGTERM shutdown in which the instance leaves its groups.
        List.of("ingest-B", "analysis-B", "search-B", "alert-B").stream()
                .map(s -> CompletableFuture.runAsync(() -> instances.get(s).stop(Duration.ofSeconds(60))))
                .toList()
                .forEach(CompletableFuture::join);
        awaitGroups(1);
        long leftAt = System.currentTimeMillis();
        Map<String, Double> before = counters();

        shown.set(SECOND_WAVE);
        awaitAllThrough(FEEDS * SECOND_WAVE);

        // B's feeds moved to A without a poll too early; since B left, only A polls.
        checkMinimumGap();
        Map<Integer, Set<String>> pollers =
                pollersPerFeed(hits.stream().filter(h -> h.atMillis() > leftAt).toList());
        assertThat(pollers)
                .hasSize(FEEDS)
                .allSatisfy((feed, who) ->
                        assertThat(who).as("pollers of feed %d", feed).containsExactly("A"));

        Map<String, Double> after = counters();
        assertEachInstanceDidSomeAndAllOnce(before, after, List.of("A"), FEEDS * (SECOND_WAVE - FIRST_WAVE));
        summarise(
                "survivors after B left",
                before,
                after,
                List.of("A"),
                FEEDS * (SECOND_WAVE - FIRST_WAVE),
                hits.stream().filter(h -> h.atMillis() > leftAt).toList(),
                t0);
    }

    // --- the checks

    /**
     * Waits until {@code articles} articles in all are on the raw topic, on the analysed topic and in the index,
     * every due alert is delivered, no group lags, and every feed was polled twice more (so a second publication of
     * anything would have happened); then asserts each article is on each topic and in the index exactly once and
     * each due story reached the receiver under exactly one webhook-id.
     */
    private static void awaitAllThrough(int articles) {
        awaitWithLogs(() -> {
            assertThat(keys(Topic.ARTICLES_RAW)).as("raw records").hasSizeGreaterThanOrEqualTo(articles);
            assertThat(keys(Topic.ARTICLES_ANALYZED)).as("analysed records").hasSizeGreaterThanOrEqualTo(articles);
            Index index = index();
            assertThat(index.copies()).as("indexed articles").hasSizeGreaterThanOrEqualTo(articles);
            assertThat(receiver.createdIdsByStory().keySet())
                    .as("stories alerted")
                    .isEqualTo(dueStories(index));
            assertThat(deliveries())
                    .allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("delivered"));
            assertThat(lag(ANALYSIS_GROUP, Topic.ARTICLES_RAW))
                    .as("lag of " + ANALYSIS_GROUP)
                    .isZero();
            assertThat(lag(INDEXER_GROUP, Topic.ARTICLES_ANALYZED))
                    .as("lag of " + INDEXER_GROUP)
                    .isZero();
            assertThat(lag(MATCHER_GROUP, Topic.ARTICLES_INDEXED))
                    .as("lag of " + MATCHER_GROUP)
                    .isZero();
            assertThat(lag(DISPATCHER_GROUP, Topic.ALERTS))
                    .as("lag of " + DISPATCHER_GROUP)
                    .isZero();
        });
        awaitPollsOfEveryFeed(2);

        List<String> raw = keys(Topic.ARTICLES_RAW);
        assertThat(raw).as("raw records").hasSize(articles).doesNotHaveDuplicates();
        List<String> analysed = keys(Topic.ARTICLES_ANALYZED);
        assertThat(analysed)
                .as("analysed records")
                .hasSize(articles)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(raw);
        // What the search instances indexed, each published once for alert-service to match.
        List<String> indexedRecords = keys(Topic.ARTICLES_INDEXED);
        assertThat(indexedRecords)
                .as("indexed records")
                .hasSize(articles)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(raw);
        Index index = uncheckedIndex();
        assertThat(index.copies().keySet()).as("indexed articles").isEqualTo(new TreeSet<>(raw));
        assertThat(index.copies())
                .allSatisfy((id, copies) ->
                        assertThat(copies).as("copies of %s", id).isEqualTo(1));
        long alerting = index.alerting().size();
        assertThat(alerting)
                .as("alerting articles indexed")
                .isEqualTo(items.stream()
                        .flatMap(f -> f.subList(0, shown.get()).stream())
                        .filter(Item::alerting)
                        .count());

        Map<String, Set<String>> delivered = receiver.createdIdsByStory();
        assertThat(delivered.keySet()).as("stories alerted").isEqualTo(dueStories(index));
        assertThat(delivered)
                .allSatisfy((story, ids) ->
                        assertThat(ids).as("webhook-ids of story %s", story).hasSize(1));
        // A webhook-id may reach the receiver again only as a retry, i.e. once per attempt the delivery log counts.
        Map<String, Integer> attempts = new HashMap<>();
        uncheckedDeliveries()
                .forEach(d -> attempts.put(
                        d.path("messageId").asText(), d.path("attempts").asInt()));
        assertThat(attempts).as("deliveries logged").hasSize(delivered.size());
        receiver.requests.stream()
                .collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()))
                .forEach((id, n) -> assertThat(n)
                        .as("requests with webhook-id %s", id)
                        .isLessThanOrEqualTo(attempts.getOrDefault(id, 0)));
        assertThat(receiver.types()).containsOnly("alert.created");
    }

    /**
     * Per-instance counters: each instance of {@code survivors} analysed, indexed, published as indexed and matched
     * some articles and, summed, exactly {@code articles} (no record was processed twice).
     */
    private static void assertEachInstanceDidSomeAndAllOnce(
            Map<String, Double> before, Map<String, Double> after, List<String> survivors, int articles) {
        // Metric -> the service whose instances count it.
        Map<String, String> metrics = Map.of(
                "redline_analysis_articles_analyzed_total",
                "analysis",
                "redline_search_articles_indexed_total",
                "search",
                "redline_search_articles_published_total",
                "search",
                // One per article matched (the timer times each article against every subscription).
                "redline_alerts_match_time_seconds_count",
                "alert");
        for (var e : metrics.entrySet()) {
            String metric = e.getKey();
            long sum = 0;
            for (String s : survivors) {
                long did = delta(before, after, e.getValue() + "-" + s, metric);
                assertThat(did).as("%s of %s-%s", metric, e.getValue(), s).isPositive();
                sum += did;
            }
            assertThat(sum).as("%s summed over the instances", metric).isEqualTo(articles);
        }
    }

    /** Each group stable, with {@code perService} instances as members and every partition placed. */
    private static void awaitGroups(int perService) {
        Map<String, Integer> members = Map.of(
                INGEST_GROUP,
                perService,
                ANALYSIS_GROUP,
                perService,
                INDEXER_GROUP,
                perService,
                MATCHER_GROUP,
                perService,
                DISPATCHER_GROUP,
                perService * DISPATCHERS_PER_INSTANCE);
        awaitWithLogs(() -> {
            try (Admin admin = admin()) {
                Map<String, ConsumerGroupDescription> groups =
                        admin.describeConsumerGroups(members.keySet()).all().get(10, TimeUnit.SECONDS);
                members.forEach((group, count) -> {
                    ConsumerGroupDescription d = groups.get(group);
                    assertThat(d.groupState()).as("state of %s", group).isEqualTo(GroupState.STABLE);
                    assertThat(d.members()).as("members of %s", group).hasSize(count);
                    // Six partitions over at most six members: everyone holds some, so everyone works.
                    assertThat(d.members())
                            .as("members of %s", group)
                            .allSatisfy(m ->
                                    assertThat(m.assignment().topicPartitions()).isNotEmpty());
                    assertThat(d.members().stream()
                                    .mapToInt(m ->
                                            m.assignment().topicPartitions().size())
                                    .sum())
                            .as("partitions placed in %s", group)
                            .isEqualTo(6);
                });
            }
        });
    }

    private static void checkMinimumGap() {
        hits.stream().collect(Collectors.groupingBy(Hit::feed)).forEach((feed, list) -> {
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

    private static Map<Integer, Set<String>> pollersPerFeed(List<Hit> from) {
        return from.stream()
                .collect(Collectors.groupingBy(
                        Hit::feed,
                        TreeMap::new,
                        Collectors.mapping(Hit::instance, Collectors.toCollection(TreeSet::new))));
    }

    /** Waits until every feed was polled {@code polls} more times from now. */
    private static void awaitPollsOfEveryFeed(int polls) {
        Map<Integer, Long> start = pollCounts();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<Integer, Long> now = pollCounts();
            for (int i = 0; i < FEEDS; i++) {
                if (now.getOrDefault(i, 0L) - start.getOrDefault(i, 0L) < polls) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Map<Integer, Long> pollCounts() {
        return hits.stream().collect(Collectors.groupingBy(Hit::feed, Collectors.counting()));
    }

    private static void summarise(
            String phase,
            Map<String, Double> before,
            Map<String, Double> after,
            List<String> who,
            int articles,
            List<Hit> polls,
            long t0)
            throws Exception {
        Function<String, String> byInstance = metric -> who.stream()
                .map(s -> Long.toString(delta(
                        before,
                        after,
                        (metric.startsWith("redline_analysis")
                                        ? "analysis-"
                                        : metric.startsWith("redline_ingest")
                                                ? "ingest-"
                                                : metric.startsWith("redline_alerts") ? "alert-" : "search-")
                                + s,
                        metric)))
                .collect(Collectors.joining("/"));
        Index index = index();
        Map<String, Set<String>> delivered = receiver.createdIdsByStory();
        int copies =
                index.copies().values().stream().mapToInt(Integer::intValue).sum();
        int dispatchers;
        try (Admin admin = admin()) {
            dispatchers = admin.describeConsumerGroups(List.of(DISPATCHER_GROUP))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(DISPATCHER_GROUP)
                    .members()
                    .size();
        }
        long minGap = hits.stream().collect(Collectors.groupingBy(Hit::feed)).values().stream()
                .mapToLong(l -> {
                    long min = Long.MAX_VALUE;
                    for (int i = 1; i < l.size(); i++) {
                        min = Math.min(min, l.get(i).atMillis() - l.get(i - 1).atMillis());
                    }
                    return min;
                })
                .min()
                .orElse(-1);
        String p = "ScaleOutIT | " + phase + " | ";
        summary.add(p
                + String.format(
                        "feeds %d | polls %d | by instance %s | min gap (whole run) %d ms",
                        FEEDS,
                        polls.size(),
                        polls.stream()
                                .collect(Collectors.groupingBy(Hit::instance, TreeMap::new, Collectors.counting())),
                        minGap));
        summary.add(p
                + String.format(
                        "articles %d (new %d) | raw %d | analysed %d | by instance %s | published " + "by ingest %s",
                        FEEDS * shown.get(),
                        articles,
                        keys(Topic.ARTICLES_RAW).size(),
                        keys(Topic.ARTICLES_ANALYZED).size(),
                        byInstance.apply("redline_analysis_articles_analyzed_total"),
                        byInstance.apply("redline_ingest_articles_published_total")));
        summary.add(p
                + String.format(
                        "indexed %d (documents %d) | by instance %s | published as indexed %d | by "
                                + "instance %s | matched by alert instance %s",
                        index.copies().size(),
                        copies,
                        byInstance.apply("redline_search_articles_indexed_total"),
                        keys(Topic.ARTICLES_INDEXED).size(),
                        byInstance.apply("redline_search_articles_published_total"),
                        byInstance.apply("redline_alerts_match_time_seconds_count")));
        summary.add(p
                + String.format(
                        "alerts due %d | delivered %d | webhook requests %d | distinct webhook-ids %d "
                                + "| dispatcher members %d | dispatched by instance %s",
                        dueStories(index).size(),
                        delivered.size(),
                        receiver.requests.size(),
                        receiver.ids().size(),
                        dispatchers,
                        byInstance.apply("redline_alerts_dispatched_total")));
        summary.add(p + "took " + seconds(t0) + " s, " + seconds(startedAt) + " s since the start");
    }

    // --- feeds

    private static String[] lead(String title, String sentence) {
        return new String[] {KEYWORD + " " + title, sentence};
    }

    /**
     * Every feed's items, fixed up front: filler of random words, and per wave a few feeds with one alerting item
     * (six in the first wave, three in the second).
     */
    private static void makeItems() {
        Random random = new Random(20261127L);
        int leads = 0;
        for (int f = 0; f < FEEDS; f++) {
            List<Item> feed = new ArrayList<>();
            for (int i = 0; i < SECOND_WAVE; i++) {
                boolean alerting = (i == 3 && f < 6) || (i == FIRST_WAVE && f >= 6 && f < 9);
                String title =
                        alerting ? LEADS.get(leads)[0] : "Local " + FillerText.words(random, 6) + " " + f + "-" + i;
                String description = alerting ? LEADS.get(leads++)[1] : FillerText.words(random, 25) + ".";
                feed.add(new Item(title, description, "http://news.example/scale-out/" + f + "/" + i, alerting));
            }
            items.add(feed);
        }
    }

    private static String rss(int feed) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed ")
                .append(feed)
                .append("</title><link>http://news.example/</link>");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().minusSeconds(600).atOffset(ZoneOffset.UTC));
        // No ETag or Last-Modified: an unchanged body is recognised by its hash, a seen item by the dedupe ledger.
        for (Item item : items.get(feed).subList(0, shown.get())) {
            sb.append("<item><title>")
                    .append(item.title())
                    .append("</title><link>")
                    .append(item.link())
                    .append("</link><description>")
                    .append(item.description())
                    .append("</description><pubDate>")
                    .append(date)
                    .append("</pubDate></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    // --- Kafka

    /**
     * Keys of every record on {@code topic}, from the beginning. The raw topic is compacted, but only closed
     * segments are, and a run this short never closes one: a duplicate would still be there to see.
     */
    private static List<String> keys(Topic topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < topic.partitions(); i++) {
                parts.add(new TopicPartition(topic.topicName(), i));
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

    /** Records of {@code topic} that {@code group} has not committed; a partition never committed counts whole. */
    private static long lag(String group, Topic topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> wanted = new LinkedHashMap<>();
            for (int p = 0; p < topic.partitions(); p++) {
                wanted.put(new TopicPartition(topic.topicName(), p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end :
                    admin.listOffsets(wanted).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(config);
    }

    // --- Elasticsearch and the alert log

    /** What Elasticsearch holds: copies and story of each article id, and the ids of the alerting ones. */
    private record Index(Map<String, Integer> copies, Map<String, String> story, Set<String> alerting) {}

    private static Index index() throws Exception {
        HttpRequest search = HttpRequest.newBuilder(
                        URI.create(elasticsearch.httpUrl() + "/articles*/_search?size=10000&ignore_unavailable=true"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"_source\":[\"article.id\",\"article.title\","
                        + "\"derived.storyId\"],\"query\":{\"match_all\":{}}}"))
                .build();
        HttpResponse<String> response = HTTP.send(search, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("search: %s", response.body()).isEqualTo(200);
        JsonNode hits = JSON.readTree(response.body()).path("hits");
        assertThat(hits.path("total").path("value").asLong())
                .as("hits fit one page")
                .isLessThan(10_000);
        Map<String, Integer> copies = new TreeMap<>();
        Map<String, String> story = new HashMap<>();
        Set<String> alerting = new TreeSet<>();
        for (JsonNode hit : hits.path("hits")) {
            String id = hit.at("/_source/article/id").asText();
            copies.merge(id, 1, Integer::sum);
            story.put(id, hit.at("/_source/derived/storyId").asText());
            if (hit.at("/_source/article/title").asText().startsWith(KEYWORD + " ")) {
                alerting.add(id);
            }
        }
        return new Index(copies, story, alerting);
    }

    private static Index uncheckedIndex() {
        try {
            return index();
        } catch (Exception e) {
            throw new AssertionError("cannot read the index", e);
        }
    }

    /** Stories of the alerting articles, as the index assigned them: one alert is due for each. */
    private static Set<String> dueStories(Index index) {
        return index.alerting().stream().map(index.story()::get).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The subscription's deliveries as the API of alert-A (there from start to end) lists them. */
    private static List<JsonNode> deliveries() throws Exception {
        HttpResponse<String> response =
                get("alert-A", "/api/subscriptions/" + subscriptionId + "/deliveries?limit=100");
        assertThat(response.statusCode())
                .as("GET deliveries: %s", response.body())
                .isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    private static List<JsonNode> uncheckedDeliveries() {
        try {
            return deliveries();
        } catch (Exception e) {
            throw new AssertionError("cannot read the deliveries", e);
        }
    }

    // --- services

    private static void startIngest(String instance) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "demo"); // allows the loopback feed server through the SSRF guard
        env.put("REDLINE_INGEST_POLL_INTERVAL", INTERVAL.toSeconds() + "s");
        // All the feeds are on one host (the test's server): the default 1 s between two fetches from one host
        // would make a round of them take longer than the poll interval, and this test is about ownership.
        env.put("REDLINE_INGEST_HOST_INTERVAL", "100ms");
        env.put("REDLINE_INGEST_INSTANCE_ID", instance);
        env.put("REDLINE_INGEST_USER_AGENT", "Redline-scale-out-test/" + instance);
        startService("ingest-" + instance, "ingest-service", env);
    }

    /**
     * Every alert instance on the same node, with article links to search-A, loopback http receivers allowed and
     * short retry waits.
     */
    private static Map<String, String> alertEnv() {
        Map<String, String> env = ServiceLauncher.alertServiceEnv(elasticsearch.hostAndPort(), ports.get("search-A"));
        env.put("REDLINE_ALERTS_BACKOFF", "1s");
        env.put("REDLINE_ALERTS_MAX_BACKOFF", "3s");
        env.put("REDLINE_ALERTS_MAX_ATTEMPTS", "40");
        env.put("REDLINE_ALERTS_SCHEDULER_INTERVAL", "500ms");
        return env;
    }

    private static void startService(String instance, String module, Map<String, String> own) {
        int port = FreePorts.next();
        ports.put(instance, port);
        instances.put(instance, launcher.start(module, instance, port, own));
    }

    /** Each instance's counters from its /q/metrics, keyed {@code instance|metric}; a stopped instance has none. */
    private static Map<String, Double> counters() throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String instance : instances.keySet()) {
            if (!instances.get(instance).isAlive()) {
                continue;
            }
            HttpResponse<String> r = get(instance, "/q/metrics");
            assertThat(r.statusCode()).as("metrics of %s", instance).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                // Counters, and the count of each timer (how many times it timed something).
                if (line.startsWith("redline_") && (line.contains("_total") || line.contains("_seconds_count"))) {
                    String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    out.merge(instance + "|" + name, value, Double::sum);
                }
            }
        }
        return out;
    }

    private static long delta(Map<String, Double> before, Map<String, Double> after, String instance, String metric) {
        String key = instance + "|" + metric;
        return Math.round(after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0));
    }

    private static HttpResponse<String> get(String instance, String path) throws Exception {
        return ServiceLauncher.get(ports.get(instance), path);
    }

    private static HttpResponse<String> post(String instance, String path, String json) throws Exception {
        return ServiceLauncher.post(ports.get(instance), path, json);
    }

    /** Awaits the assertion; on time-out the failure also shows the end of each instance's and the broker's log. */
    private static void awaitWithLogs(ThrowingRunnable assertion) {
        launcher.awaitWithLogs(
                PATIENCE,
                assertion,
                () -> "\n--- kafka ---\n"
                        + ServiceLauncher.tail(kafka.logFile(), 20) + "\n--- receiver ---\n" + receiver.requests.size()
                        + " requests, accepted " + receiver.acceptedIds().size() + " ids; feed polls " + hits.size());
    }

    private static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }
}
