package io.redline.e2e;

import static io.redline.e2e.ServiceLauncher.awaitHealthy;
import static io.redline.e2e.ServiceLauncher.get;
import static io.redline.e2e.ServiceLauncher.post;
import static io.redline.e2e.ServiceLauncher.quietly;
import static io.redline.e2e.ServiceLauncher.tail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Topic;
import io.redline.e2e.WebhookReceiver.Received;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStack;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Alert delivery survives a SIGKILL of alert-service (which owns the alert state) while deliveries are being retried,
 * and a SIGKILL of the Kafka broker while alerts are in flight, without losing a story's alert or sending it under
 * two webhook-ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertRestartIT {

    /** Stories alerted before the alert-service crash, and after it before the broker crash. */
    private static final int N = 12;

    private static final int M = 6;
    private static final int HIGH_SCORE = 55;
    private static final int CRITICAL_SCORE = 85;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    /**
     * One lead per story. Each names the made-up word the subscription asks for; nothing else is shared, so their
     * SimHashes are far apart and every article starts a story of its own.
     */
    private static final List<String[]> LEADS = List.of(
            lead("Zorblak artillery shells the northern ridge", "Batteries fired on hilltop positions before dawn."),
            lead("Zorblak navy seizes a grain freighter", "Marines boarded the ship in disputed coastal waters."),
            lead("Zorblak parliament approves emergency powers", "Deputies voted late on Tuesday amid loud protest."),
            lead("Zorblak drones hit a fuel depot", "Firefighters fought burning tanks for eleven hours."),
            lead("Zorblak expels four foreign envoys", "The ministry accused them of recruiting informants."),
            lead("Zorblak reservists report to barracks", "Buses collected men from villages across the valley."),
            lead("Zorblak jets violate neighbouring airspace", "Interceptors scrambled twice during the afternoon."),
            lead("Zorblak cuts gas exports abruptly", "Pipeline pressure dropped to zero shortly after midnight."),
            lead("Zorblak tanks massed near the river crossing", "Satellite photos show columns parked under trees."),
            lead("Zorblak blames saboteurs for the bridge collapse", "Investigators found charges beneath one pier."),
            lead("Zorblak missile test splashes down offshore", "Fishermen reported debris falling near the reef."),
            lead("Zorblak border guards exchange fire", "Two soldiers were wounded at a remote mountain post."),
            lead("Zorblak hackers cripple the port authority", "Cranes stood idle while container systems failed."),
            lead("Zorblak mobilises its coastal militia", "Volunteers received rifles at old harbour warehouses."),
            lead("Zorblak submarine surfaces beside the cable route", "Divers later inspected the seabed line."),
            lead("Zorblak leader threatens nuclear retaliation", "His televised address lasted barely four minutes."),
            lead("Zorblak convoy ambushed on the desert highway", "Burnt trucks blocked both lanes until evening."),
            lead("Zorblak recalls its ambassador from the capital", "Diplomats packed archives into unmarked vans."));

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static Path root;
    private static Path runDir;
    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    private static ServiceLauncher launcher;
    private static ManagedProcess searchService;
    private static int searchPort;
    private static ManagedProcess alertService;
    private static int alertPort;
    private static KafkaProducer<String, String> producer;
    private static WebhookReceiver receiver;
    private static String subscriptionId;
    /** Every article produced, in order; the first N, then M, then the level rise. */
    private static final List<RawArticle> produced = new ArrayList<>();

    private static final Map<String, Long> phaseMillis = new LinkedHashMap<>();

    @BeforeAll
    static void stackServicesReceiverAndSubscription() throws Exception {
        root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        // Our own broker and node in a throw-away folder: this test kills them, so they must be nobody else's.
        runDir = StackDirs.newRunDir("e2e-alert-restart");
        kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
        elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                .javaOpts(LocalStack.ELASTICSEARCH_JAVA_OPTS);
        kafka.start();
        elasticsearch.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        elasticsearch.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);
        producer = producer();
        receiver = new WebhookReceiver();
        launcher = new ServiceLauncher(root, runDir, kafka::bootstrapServers);

        searchPort = FreePorts.next();
        searchService = launcher.start(
                "search-service",
                "search-service",
                searchPort,
                Map.of("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearch.hostAndPort()));
        alertService = startAlertService(1);
        awaitHealthy(searchService, searchPort);
        awaitHealthy(alertService, alertPort);

        HttpResponse<String> created = post(
                alertPort,
                "/api/subscriptions",
                JSON.writeValueAsString(Map.of(
                        "name",
                        "zorblak restarts",
                        "query",
                        "zorblak",
                        "channels",
                        List.of(Map.of("type", "webhook", "url", receiver.url())))));
        assertThat(created.statusCode())
                .as("POST /api/subscriptions: %s", created.body())
                .isEqualTo(201);
        subscriptionId = JSON.readTree(created.body()).path("id").asText();
        assertThat(subscriptionId).isNotBlank();
    }

    @AfterAll
    static void stopEverything() {
        // Services first so they leave the broker cleanly; each step on its own so one failure stops the rest.
        if (launcher != null) {
            launcher.stopAll(Duration.ofSeconds(20));
        }
        if (producer != null) {
            quietly(() -> producer.close(Duration.ofSeconds(5)));
        }
        if (receiver != null) {
            quietly(receiver::close);
        }
        if (kafka != null) {
            quietly(() -> kafka.stop(Duration.ofSeconds(30)));
        }
        if (elasticsearch != null) {
            quietly(() -> elasticsearch.stop(Duration.ofSeconds(30)));
        }
        if (runDir != null) {
            StackDirs.deleteRecursively(runDir);
        }
    }

    @Test
    @Order(1)
    void anAlertServiceKilledWhileDeliveriesRetryIsReplacedAndEveryStoryArrivesUnderOneId() throws Exception {
        long t0 = System.nanoTime();
        receiver.answer(503);
        for (int i = 0; i < N; i++) {
            produce(i, 1, HIGH_SCORE);
        }
        // Every story has its delivery in the log and has been refused at least once: the retry queue is full.
        awaitWithLogs(() -> {
            List<JsonNode> deliveries = deliveries();
            assertThat(deliveries).hasSize(N);
            assertThat(deliveries).allSatisfy(d -> {
                assertThat(d.path("status").asText()).isEqualTo("retrying");
                assertThat(d.path("attempts").asInt()).isPositive();
            });
        });
        assertThat(receiver.ids()).hasSize(N);
        phaseMillis.put("503 until all retrying", millisSince(t0));

        // A crash, not a shutdown: whatever attempt was under way holds its lease until it runs out.
        long t1 = System.nanoTime();
        alertService.kill();
        int seenBeforeCrash = receiver.requests.size();
        alertService = startAlertService(2);
        awaitHealthy(alertService, alertPort);
        receiver.answer(204);

        awaitWithLogs(() -> assertThat(deliveries())
                .hasSize(N)
                .allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("delivered")));
        phaseMillis.put("kill, restart, all delivered", millisSince(t1));

        assertThat(receiver.requests.size()).as("the new process made attempts").isGreaterThan(seenBeforeCrash);
        assertThat(receiver.acceptedIds())
                .as("distinct webhook-ids accepted")
                .hasSize(N)
                .isEqualTo(messageIds(deliveries()));
        assertOneIdPerStory(N);
        assertThat(receiver.types()).containsOnly("alert.created");
    }

    @Test
    @Order(2)
    void aBrokerKilledWithAlertsInFlightComesBackAndNothingIsLostOrDuplicated() throws Exception {
        assertThat(produced).as("the alert-service crash test ran first").hasSize(N);
        // The replacement gets the partitions only once the group has dropped the killed member (its session timed
        // out); before that, the articles below would just wait on the broker rather than be in flight when it dies.
        long t = System.nanoTime();
        awaitWithLogs(() -> {
            assertOwnsEveryPartition("redline-search-indexer", Topic.ARTICLES_ANALYZED, 1);
            assertOwnsEveryPartition("redline-alert-matcher", Topic.ARTICLES_INDEXED, 1);
            // The dispatcher runs three consumers (mp.messaging.incoming.alerts.concurrency).
            assertOwnsEveryPartition("redline-alert-dispatcher", Topic.ALERTS, 3);
        });
        phaseMillis.put("replacement owns the partitions", millisSince(t));

        long t0 = System.nanoTime();
        // On the broker before it dies (acks=all), but only just: search-service is indexing and publishing what it
        // indexed, alert-service matching, publishing alerts and dispatching them when the broker goes.
        for (int i = N; i < N + M; i++) {
            produce(i, 1, HIGH_SCORE);
        }
        kafka.kill();
        // Same data directory and ports: consumers and producers reconnect to what they knew.
        kafka.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        phaseMillis.put("broker kill and restart", millisSince(t0));

        awaitWithLogs(() -> {
            assertThat(receiver.acceptedIds()).hasSize(N + M);
            assertThat(deliveries())
                    .hasSize(N + M)
                    .allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("delivered"));
        });
        phaseMillis.put("broker restart until all delivered", millisSince(t0));
        assertThat(searchService.isAlive())
                .as("search-service rode out the broker restart")
                .isTrue();
        assertThat(alertService.isAlive())
                .as("alert-service rode out the broker restart")
                .isTrue();
        assertOneIdPerStory(N + M);

        // An earlier story rises from HIGH to CRITICAL (a new revision): exactly one update, on a new webhook-id.
        long t1 = System.nanoTime();
        RawArticle first = produce(0, 2, CRITICAL_SCORE);
        awaitWithLogs(() -> {
            assertThat(receiver.types()).contains("alert.updated");
            assertThat(deliveries())
                    .hasSize(N + M + 1)
                    .allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("delivered"));
        });
        phaseMillis.put("level rise delivered", millisSince(t1));

        List<Received> updates = receiver.accepted().stream()
                .filter(r -> "alert.updated".equals(r.type()))
                .toList();
        assertThat(updates.stream().map(Received::webhookId).distinct()).hasSize(1);
        JsonNode update = updates.get(0).body();
        assertThat(update.at("/data/article/id").asText()).isEqualTo(first.id());
        assertThat(update.at("/data/previousLevel").asText()).isEqualTo("HIGH");
        assertThat(update.at("/data/level").asText()).isEqualTo("CRITICAL");
        assertThat(receiver.acceptedIds()).hasSize(N + M + 1).isEqualTo(messageIds(deliveries()));
        assertOneIdPerStory(N + M);

        printSummary();
    }

    /**
     * The group is stable with only the live service's consumers ({@code members}; a killed process's would make more
     * until their session times out), which together hold every partition of the topic.
     */
    private static void assertOwnsEveryPartition(String group, Topic topic, int members) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(group);
            assertThat(d.groupState()).as("state of %s", group).isEqualTo(GroupState.STABLE);
            assertThat(d.members()).as("members of %s", group).hasSize(members);
            assertThat(d.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size())
                            .sum())
                    .as("partitions of %s", group)
                    .isEqualTo(topic.partitions());
        }
    }

    /** Each story was created under exactly one webhook-id, and {@code stories} distinct stories arrived. */
    private static void assertOneIdPerStory(int stories) {
        Map<String, Set<String>> idsByStory = receiver.createdIdsByStory();
        assertThat(idsByStory).as("stories alerted").hasSize(stories);
        assertThat(idsByStory)
                .allSatisfy((story, ids) ->
                        assertThat(ids).as("webhook-ids of story %s", story).hasSize(1));
    }

    private static void printSummary() throws Exception {
        List<JsonNode> deliveries = deliveries();
        long delivered = deliveries.stream()
                .filter(d -> "delivered".equals(d.path("status").asText()))
                .count();
        int attempts =
                deliveries.stream().mapToInt(d -> d.path("attempts").asInt()).sum();
        List<Received> accepted = receiver.accepted();
        int distinct = receiver.acceptedIds().size();
        System.out.printf(
                "AlertRestartIT summary: articles produced %d, stories %d, alerts delivered %d "
                        + "(attempts recorded %d), receiver requests %d (refused %d, accepted %d), distinct webhook-ids %d, "
                        + "repeats of an accepted webhook-id %d; phases %s%n",
                produced.size(),
                produced.stream().map(RawArticle::id).distinct().count(),
                delivered,
                attempts,
                receiver.requests.size(),
                receiver.requests.size() - accepted.size(),
                accepted.size(),
                distinct,
                accepted.size() - distinct,
                phaseMillis.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue() + " ms")
                        .collect(Collectors.joining(", ")));
    }

    // --- articles

    private static String[] lead(String title, String sentence) {
        return new String[] {title, sentence};
    }

    /**
     * Publishes article {@code i} (its own story) at a revision and score, as analysis-service would, and waits for
     * the broker to have it; a later revision keeps the id, title and text, so it stays in its story.
     */
    private static RawArticle produce(int i, int revision, int score) throws Exception {
        String title = LEADS.get(i)[0];
        String text = title + ". " + LEADS.get(i)[1];
        String url = "https://news.example.org/2026/11/" + title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        String id =
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(url.getBytes(StandardCharsets.UTF_8)));
        Instant published = Instant.now().minusSeconds(120);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest((title + "\n" + text + "\n" + revision).getBytes(StandardCharsets.UTF_8)));
        RawArticle raw = new RawArticle(
                id,
                revision,
                url,
                "e2e-world",
                "https://news.example.org/world/rss.xml",
                "news.example.org",
                title,
                LEADS.get(i)[1],
                "<p>" + text + "</p>",
                text,
                List.of("Staff reporter"),
                List.of("World"),
                List.of("e2e"),
                "en",
                published,
                published,
                published.plusSeconds(30),
                hash);
        AnalyzedArticle analyzed = new AnalyzedArticle(
                raw,
                new Analysis(
                        "redline-tagger-2.0.0",
                        "en",
                        true,
                        score,
                        EscalationLevel.ofScore(score),
                        0,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        raw.fetchedAt().plusSeconds(1)));
        ProducerRecord<String, String> r =
                new ProducerRecord<>(Topic.ARTICLES_ANALYZED.topicName(), raw.id(), JSON.writeValueAsString(analyzed));
        r.headers().add(ContractHeader.SCHEMA.headerName(), AnalyzedArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
        r.headers().add(ContractHeader.PRODUCER.headerName(), "analysis-service".getBytes(StandardCharsets.UTF_8));
        producer.send(r).get(60, TimeUnit.SECONDS);
        produced.add(raw);
        return raw;
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    // --- alert-service

    /**
     * Runs the built alert-service jar against our broker and node, on a fresh port, with short retry, lease and
     * scheduler settings so a crash is recovered from in seconds, and loopback http receivers allowed.
     */
    private static ManagedProcess startAlertService(int generation) {
        alertPort = FreePorts.next();
        Map<String, String> env = ServiceLauncher.alertServiceEnv(elasticsearch.hostAndPort(), searchPort);
        env.put("REDLINE_ALERTS_BACKOFF", "1s");
        env.put("REDLINE_ALERTS_MAX_BACKOFF", "3s");
        // Enough attempts to ride out a slow restart on a busy machine without anything being dead-lettered.
        env.put("REDLINE_ALERTS_MAX_ATTEMPTS", "40");
        env.put("REDLINE_ALERTS_LEASE", "5s");
        env.put("REDLINE_ALERTS_SCHEDULER_INTERVAL", "500ms");
        return launcher.start("alert-service", "alert-service-" + generation, alertPort, env);
    }

    /** The subscription's deliveries as the API lists them. */
    private static List<JsonNode> deliveries() throws Exception {
        HttpResponse<String> response =
                get(alertPort, "/api/subscriptions/" + subscriptionId + "/deliveries?limit=100");
        assertThat(response.statusCode())
                .as("GET deliveries: %s", response.body())
                .isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    private static Set<String> messageIds(List<JsonNode> deliveries) {
        return deliveries.stream()
                .map(d -> d.path("messageId").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Awaits the assertion; on time-out the failure also shows the end of each service's and the broker's log. */
    private static void awaitWithLogs(ThrowingRunnable assertion) {
        launcher.awaitWithLogs(
                PATIENCE,
                assertion,
                () -> "\n--- kafka ---\n" + tail(kafka.logFile(), 20)
                        + "\n--- receiver ---\n" + receiver.requests.size() + " requests, accepted "
                        + receiver.acceptedIds().size() + " ids");
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
