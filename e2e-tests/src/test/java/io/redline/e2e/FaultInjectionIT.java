package io.redline.e2e;

import static io.redline.e2e.ServiceLauncher.awaitHealthy;
import static io.redline.e2e.ServiceLauncher.post;
import static io.redline.e2e.ServiceLauncher.quietly;
import static io.redline.e2e.ServiceLauncher.tail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStack;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline (analysis-service, search-service and alert-service on a real broker and node) loses and duplicates
 * nothing when Elasticsearch is down for a minute, when analysis-service is SIGKILLed mid-batch, when every consumed
 * topic carries a poison record, when the link from search-service to Elasticsearch freezes and is reset, when the
 * broker is SIGKILLed mid-stream and restarted, when search-service is SIGKILLed inside a bulk request Elasticsearch
 * has applied but not yet answered, when that link is throttled, when a bulk's answer is lost to the client's read
 * time-out, and when alert-service is SIGKILLed in the middle of a burst of deliveries to a slow receiver. Each kill
 * is triggered by what the killed work writes (the first analysed record of a burst, a bulk request on the wire, a
 * webhook request at the receiver), not by time, so it lands mid-batch on any machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    /** The made-up word the subscription asks for; only the alerting articles contain it. */
    private static final String KEYWORD = "Quarvex";

    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final Duration ES_DOWN = Duration.ofSeconds(60);
    private static final int BURST = 200;
    /** Shorter than the Elasticsearch client's 30 s socket timeout: requests hang rather than fail. */
    private static final Duration FREEZE = Duration.ofSeconds(20);
    /** Articles in flight when the broker or search-service is killed: enough to be mid-batch, few enough to be quick. */
    private static final int KILL_BURST = 100;
    /** One batch for the read time-out scenario: well above the indexer's smallest chunk (10), so it is halved. */
    private static final int TIMEOUT_BURST = 60;
    /**
     * The throttled link: a slow WAN rather than a dead one, so requests crawl but finish well within the
     * Elasticsearch client's 30 s socket timeout.
     */
    private static final long THROTTLE_BYTES_PER_SECOND = 16 * 1024;

    private static final Duration THROTTLE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLE = Duration.ofSeconds(20);
    private static final String ANALYSIS_GROUP = "redline-analysis";
    private static final String INDEXER_GROUP = "redline-search-indexer";
    private static final String MATCHER_GROUP = "redline-alert-matcher";
    private static final String DISPATCHER_GROUP = "redline-alert-dispatcher";
    /** The dispatch burst: subscriptions asking for its keyword, each with a webhook to the slow receiver. */
    private static final int BURST_SUBSCRIPTIONS = 12;
    /** Stories of the dispatch burst published before the kill, and while alert-service is down. */
    private static final int BURST_STORIES = 8;

    private static final int STORIES_WHILE_DOWN = 2;
    /** How long the slow receiver takes to answer: each delivery attempt is under way (sent, unanswered) that long. */
    private static final Duration SLOW_ANSWER = Duration.ofMillis(400);
    /** The made-up word of the dispatch burst; the Quarvex subscription does not ask for it. */
    private static final String BURST_KEYWORD = "Brennvik";

    /**
     * Leads of the alerting articles, each its own story: nothing but the keyword is shared, so their SimHashes are
     * far apart.
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
            lead("tanks massed near the river crossing", "Satellite photos show columns parked under trees."),
            lead("blames saboteurs for the bridge collapse", "Investigators found charges beneath one pier."),
            lead("missile test splashes down offshore", "Fishermen reported debris falling near the reef."),
            lead("border guards exchange fire", "Two soldiers were wounded at a remote mountain post."),
            lead("hackers cripple the port authority", "Cranes stood idle while container systems failed."),
            lead("submarine surfaces beside the cable route", "Divers later inspected the seabed line."),
            lead("convoy ambushed on the desert highway", "Burnt trucks blocked both lanes until evening."),
            lead("mobilises its coastal militia", "Volunteers received rifles at old harbour warehouses."),
            lead("leader threatens nuclear retaliation", "His televised address lasted barely four minutes."),
            lead("recalls its ambassador abruptly", "Diplomats packed archives into unmarked vans."),
            lead("paratroopers land behind enemy lines", "Parachutes drifted over wheat fields at sunrise."),
            lead("sniper kills a patrol commander", "The shot came from a ruined grain silo."),
            lead("warships blockade the southern strait", "Tankers anchored offshore waiting for clearance."),
            lead("rebels capture an airbase", "Helicopters lay wrecked beside the cratered runway."),
            lead("saboteurs derail a munitions train", "Wagons burned in a gorge for two days."),
            lead("curfew imposed across the capital", "Armoured vehicles guarded every major intersection."),
            lead("mines discovered in shipping lanes", "Minesweepers cleared eleven devices near the estuary."),
            lead("prisoners swapped at a frontier checkpoint", "Families waited behind barbed wire since noon."),
            lead("shells strike a crowded railway station", "Medics triaged casualties on the platform floor."),
            lead("generals stage a palace coup", "State television played marching songs all night."),
            lead("radar station jammed for hours", "Controllers tracked flights with paper strips instead."),
            lead("refugees flood across the mountain pass", "Aid workers handed out blankets beside icy tents."));

    /** Leads of the dispatch burst, each its own story, far from each other and from the Quarvex leads. */
    private static final List<String[]> BURST_LEADS = List.of(
            burstLead("frigate rams a coastguard cutter", "Sailors were pulled from oily water near the lighthouse."),
            burstLead("cyberattack blacks out three provinces", "Hospitals ran on generators through the night."),
            burstLead("artillery duel erupts along the canal", "Villagers sheltered in cellars while shells landed."),
            burstLead("foreign minister walks out of summit", "Reporters saw the delegation leave by a side door."),
            burstLead("commandos raid an offshore oil platform", "Helicopters circled the rig before the landing."),
            burstLead("parliament suspends the peace accord", "The vote passed narrowly after a stormy debate."),
            burstLead("drone swarm downs a radar tower", "Engineers surveyed twisted steel on the hilltop."),
            burstLead("tank column crosses the frozen lake", "Ice fishermen filmed the vehicles at first light."),
            burstLead("spy satellite launched from remote range", "Amateur astronomers tracked the rocket's plume."),
            burstLead("mercenaries seize the gold mine", "Miners fled down a dirt road toward the river."));

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path root;
    private static Path runDir;
    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    /** search-service reaches Elasticsearch only through this, so the link between them can fail. */
    private static TcpProxy esLink;

    private static ServiceLauncher launcher;
    private static ManagedProcess analysisService;
    private static ManagedProcess searchService;
    private static ManagedProcess alertService;
    private static int searchPort;
    private static int analysisPort;
    private static int alertPort;
    private static KafkaProducer<String, String> producer;
    private static WebhookReceiver receiver;
    /** The receiver of the dispatch burst's subscriptions, slow to answer. */
    private static WebhookReceiver slowReceiver;
    /** Every article produced so far, across scenarios; the end checks of each scenario cover all of them. */
    private static final List<RawArticle> produced = new ArrayList<>();

    private static final Set<String> alerting = new TreeSet<>();
    private static final Random random = new Random(20261127L);
    private static int leadsUsed;
    private static int generation;
    private static final List<String> summary = new ArrayList<>();

    @BeforeAll
    static void stackServicesReceiverAndSubscription() throws Exception {
        root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        // Our own broker and node in a throw-away folder: this test stops them, so they must be nobody else's.
        runDir = StackDirs.newRunDir("e2e-faults");
        kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
        elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                .javaOpts(LocalStack.ELASTICSEARCH_JAVA_OPTS);
        kafka.start();
        elasticsearch.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        elasticsearch.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);
        producer = producer();
        receiver = new WebhookReceiver();
        // More threads than alert-service's delivery pool (8): every attempt it makes is held here, none queued.
        slowReceiver = new WebhookReceiver(SLOW_ANSWER, 16);
        esLink = new TcpProxy(elasticsearch.httpPort());
        launcher = new ServiceLauncher(root, runDir, kafka::bootstrapServers);

        // Each service creates the topics it uses at start-up, so nothing is produced before all are ready.
        searchService = startSearchService();
        analysisService = startAnalysisService();
        alertService = startAlertService();
        awaitHealthy(searchService, searchPort);
        awaitHealthy(analysisService, analysisPort);
        awaitHealthy(alertService, alertPort);

        HttpResponse<String> created = post(
                alertPort,
                "/api/subscriptions",
                JSON.writeValueAsString(Map.of(
                        "name",
                        "quarvex faults",
                        "query",
                        KEYWORD.toLowerCase(),
                        "channels",
                        List.of(Map.of("type", "webhook", "url", receiver.url())))));
        assertThat(created.statusCode())
                .as("POST /api/subscriptions: %s", created.body())
                .isEqualTo(201);
    }

    @AfterAll
    static void stopEverything() {
        summary.forEach(System.out::println);
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
        if (slowReceiver != null) {
            quietly(slowReceiver::close);
        }
        if (esLink != null) {
            quietly(esLink::close);
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
    void elasticsearchStoppedForAMinuteWhileArticlesFlowLosesAndDuplicatesNothing() throws Exception {
        List<RawArticle> scenario = new ArrayList<>();
        scenario.addAll(produceArticles(10, 1));
        awaitIndexed(scenario);

        elasticsearch.stop(Duration.ofSeconds(30));
        long stopped = System.nanoTime();
        // Articles keep arriving the whole time the node is away: search-service must hold them, not drop them.
        int waves = 0;
        while (System.nanoTime() - stopped < ES_DOWN.toNanos() - TimeUnit.SECONDS.toNanos(3)) {
            scenario.addAll(produceArticles(2, waves % 10 == 0 ? 1 : 0));
            waves++;
            Thread.sleep(2_000);
        }
        Thread.sleep(Math.max(0, ES_DOWN.toMillis() - millisSince(stopped)));
        elasticsearch.start();
        elasticsearch.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);
        scenario.addAll(produceArticles(10, 1));

        endChecks("elasticsearch stopped " + ES_DOWN.toSeconds() + " s", scenario);
        assertThat(searchService.isAlive())
                .as("search-service rode out the outage")
                .isTrue();
        assertThat(alertService.isAlive())
                .as("alert-service rode out the outage")
                .isTrue();
    }

    @Test
    @Order(2)
    void analysisServiceKilledMidBatchIsRestartedAndLosesAndDuplicatesNothing() throws Exception {
        long analyzedBefore = endOffsets(Topic.ARTICLES_ANALYZED);
        // Killed the moment the first analysed record of the burst appears: the service has the burst (up to a poll
        // of it) in hand, little of it written and nothing of it committed, however fast this machine is.
        KillWatch watch = KillWatch.onFirstRecord(Topic.ARTICLES_ANALYZED, () -> analysisService.kill());
        List<RawArticle> scenario = produceArticles(BURST, 4);
        watch.await();
        long analyzedAtKill = endOffsets(Topic.ARTICLES_ANALYZED) - analyzedBefore;
        // Raw records consumed or not but not committed: what the next owner reads again. A fast machine may have
        // written all the burst's results in one go before the kill, but not committed them.
        long uncommittedAtKill = lag(ANALYSIS_GROUP, Topic.ARTICLES_RAW);
        analysisService = startAnalysisService();

        endChecks(
                "analysis-service SIGKILL after " + analyzedAtKill + "/" + BURST + " analysed, " + uncommittedAtKill
                        + " uncommitted",
                scenario);
        // Redelivery after the crash may analyse an article twice; the index must still hold it once (checked above).
        System.out.printf(
                "FaultInjectionIT: analysed records for the burst %d (of %d articles)%n",
                endOffsets(Topic.ARTICLES_ANALYZED) - analyzedBefore, BURST);
    }

    @Test
    @Order(3)
    void aPoisonRecordOnEveryConsumedTopicIsDeadLetteredOrSkippedAndThePipelineFlows() throws Exception {
        String tag = "poison-" + UUID.randomUUID();
        // Keys as the topics expect them (compaction needs one); values no reader can make sense of.
        sendGarbage(Topic.ARTICLES_RAW, tag + "-raw", "{\"id\": [not json");
        sendGarbage(Topic.ARTICLES_ANALYZED, tag + "-analyzed", "{\"article\": 42, \"analysis\": \"none\"}");
        sendGarbage(Topic.ARTICLES_INDEXED, tag + "-indexed", "{\"article\": {\"id\": [1, 2]}, \"derived\": 7}");
        sendGarbage(Topic.ALERTS, tag + "-alert", "\u0000\u0001 not an alert");
        sendGarbage(Topic.SUBSCRIPTIONS, "sub_" + tag, "{\"id\": \"sub_x\", \"channels\": {{{");
        sendGarbage(Topic.API_KEYS, "key_" + tag, "<xml>not a key</xml>");
        sendGarbage(Topic.AUDIT, tag + "-audit", "[[[ not an audit event");
        List<RawArticle> scenario = produceArticles(20, 2);

        // Topics with a dead-letter queue: the record lands there with the reason in a header.
        Map<Topic, Topic> dlqs = Map.of(
                Topic.ARTICLES_RAW,
                Topic.ARTICLES_RAW_DLQ,
                Topic.ARTICLES_ANALYZED,
                Topic.ARTICLES_ANALYZED_DLQ,
                Topic.ARTICLES_INDEXED,
                Topic.ARTICLES_INDEXED_DLQ,
                Topic.ALERTS,
                Topic.ALERTS_DLQ);
        Map<String, String> reasons = new LinkedHashMap<>();
        awaitWithLogs(() -> {
            for (var e : dlqs.entrySet()) {
                String key = tag
                        + switch (e.getKey()) {
                            case ARTICLES_RAW -> "-raw";
                            case ARTICLES_ANALYZED -> "-analyzed";
                            case ARTICLES_INDEXED -> "-indexed";
                            default -> "-alert";
                        };
                String reason = deadLetterReason(e.getValue(), key);
                assertThat(reason)
                        .as("reason header of %s on %s", key, e.getValue().topicName())
                        .isNotBlank();
                reasons.put(e.getValue().topicName(), reason);
            }
            // Tables and the audit log have no DLQ: the record is skipped, saying so in the log.
            assertThat(log(alertService))
                    .contains("Subscription sub_" + tag + " is unreadable and ignored")
                    .contains("API key key_" + tag + " is unreadable and ignored");
            assertThat(log(searchService))
                    .contains("API key key_" + tag + " is unreadable and ignored")
                    .contains("Unreadable record on redline.audit skipped");
            assertThat(log(analysisService)).contains("API key key_" + tag + " is unreadable and ignored");
        });
        reasons.forEach((dlq, reason) -> System.out.printf("FaultInjectionIT: %s reason: %s%n", dlq, reason));

        endChecks("poison record on 7 topics", scenario);
        assertThat(searchService.isAlive()).isTrue();
        assertThat(analysisService.isAlive()).isTrue();
        assertThat(alertService.isAlive()).isTrue();
    }

    @Test
    @Order(4)
    void aFrozenThenResetLinkToElasticsearchLosesAndDuplicatesNothing() throws Exception {
        List<RawArticle> scenario = new ArrayList<>(produceArticles(10, 1));
        esLink.freeze();
        long frozenAt = System.nanoTime();
        // Articles keep coming while search-service's requests hang on the silent link.
        int waves = 0;
        while (millisSince(frozenAt) < FREEZE.toMillis() - 3_000) {
            scenario.addAll(produceArticles(2, waves++ == 3 ? 1 : 0));
            Thread.sleep(2_000);
        }
        Thread.sleep(Math.max(0, FREEZE.toMillis() - millisSince(frozenAt)));
        // The held requests die with their connections, as on a reset link; whatever Elasticsearch already applied
        // will be sent again and must still count once.
        int dropped = esLink.dropConnections();
        esLink.thaw();
        scenario.addAll(produceArticles(10, 1));
        Thread.sleep(2_000);
        dropped += esLink.dropConnections();
        scenario.addAll(produceArticles(10, 0));

        endChecks("es link frozen " + FREEZE.toSeconds() + " s, " + dropped + " connections dropped", scenario);
        assertThat(searchService.isAlive()).isTrue();
    }

    @Test
    @Order(5)
    void aBrokerKilledMidStreamAndRestartedOnItsPortsLosesAndDuplicatesNothing() throws Exception {
        // Killed the moment the burst flows (its first analysed record is written): analysis-service consuming and
        // producing, search-service about to index. Same data directory and ports on restart; nothing tells the
        // services, they must find the broker again themselves.
        KillWatch watch = KillWatch.onFirstRecord(Topic.ARTICLES_ANALYZED, () -> {
            kafka.kill();
            kafka.start();
        });
        // Our producer, like ingest-service's, holds what the dead broker did not acknowledge until it is back.
        List<RawArticle> scenario = new ArrayList<>(produceArticles(KILL_BURST, 2));
        watch.await();
        scenario.addAll(produceArticles(10, 1));
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        scenario.addAll(produceArticles(10, 1));

        endChecks("kafka SIGKILL after " + watch.recordsAtKill() + "/" + KILL_BURST + " analysed, restarted", scenario);
        assertThat(analysisService.isAlive())
                .as("analysis-service rode out the broker crash")
                .isTrue();
        assertThat(searchService.isAlive())
                .as("search-service rode out the broker crash")
                .isTrue();
        assertThat(alertService.isAlive())
                .as("alert-service rode out the broker crash")
                .isTrue();
    }

    @Test
    @Order(6)
    void searchServiceKilledMidBatchIsRestartedAndIndexesAndAlertsEveryStoryOnce() throws Exception {
        // A first quarter flows as usual: its alert is delivered before the crash.
        long publishedBefore = endOffsets(Topic.ARTICLES_INDEXED);
        int storiesBefore = receiver.createdIdsByStory().size();
        List<RawArticle> scenario = new ArrayList<>(produceArticles(KILL_BURST / 4, 1));
        awaitWithLogs(() -> assertThat(receiver.createdIdsByStory()).hasSize(storiesBefore + 1));
        int alertedBeforeKill = receiver.createdIdsByStory().size() - storiesBefore;

        // Then every bulk request reaches Elasticsearch but its answer does not come back: the process is killed
        // inside a bulk Elasticsearch has applied, before the offsets are committed and the alerts published.
        long heldBefore = esLink.heldRequests();
        esLink.holdResponsesAfter("/_bulk");
        List<RawArticle> rest = new ArrayList<>();
        for (int quarter = 1; quarter < 4; quarter++) {
            rest.addAll(produceArticles(KILL_BURST / 4, 1));
        }
        scenario.addAll(rest);
        Set<String> ids = rest.stream().map(RawArticle::id).collect(Collectors.toSet());
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> esLink.heldRequests() > heldBefore && indexedAmong(ids) > 0);
        searchService.kill();
        long appliedAtKill = indexedAmong(ids);
        esLink.releaseHeld();
        searchService = startSearchService();
        awaitHealthy(searchService, searchPort);

        endChecks(
                "search-service SIGKILL inside a bulk, " + appliedAtKill + "/" + rest.size()
                        + " applied unacknowledged, " + alertedBeforeKill + "/4 alerted before",
                scenario);
        // The batch in hand at the kill is indexed and published again: alert-service sees those articles twice and
        // story dedupe keeps their alerts to one (checked above).
        System.out.printf(
                "FaultInjectionIT: records on %s for the %d articles: %d%n",
                Topic.ARTICLES_INDEXED.topicName(),
                scenario.size(),
                endOffsets(Topic.ARTICLES_INDEXED) - publishedBefore);
    }

    @Test
    @Order(7)
    void aThrottledLinkToElasticsearchSlowsButLosesAndDuplicatesNothing() throws Exception {
        long bytesBefore = esLink.throttledBytes();
        esLink.throttle(THROTTLE_BYTES_PER_SECOND, THROTTLE_DELAY);
        long throttledAt = System.nanoTime();
        List<RawArticle> scenario = new ArrayList<>();
        int waves = 0;
        while (millisSince(throttledAt) < THROTTLE.toMillis()) {
            scenario.addAll(produceArticles(3, waves++ % 4 == 0 ? 1 : 0));
            Thread.sleep(2_000);
        }
        // Still throttled: the first wave gets through the slow link, so the throttle slowed search-service, not
        // stopped it.
        awaitIndexed(scenario.subList(0, 3));
        long throttledBytes = esLink.throttledBytes() - bytesBefore;
        esLink.unthrottle();
        scenario.addAll(produceArticles(10, 1));

        endChecks(
                "es link throttled " + THROTTLE_BYTES_PER_SECOND / 1024 + " KiB/s + " + THROTTLE_DELAY.toMillis()
                        + " ms per chunk for " + millisSince(throttledAt) / 1000 + " s, " + throttledBytes / 1024
                        + " KiB carried throttled",
                scenario);
        assertThat(throttledBytes).as("bytes that went through the throttle").isPositive();
        assertThat(searchService.isAlive()).isTrue();
    }

    @Test
    @Order(8)
    void aBulkWhoseAnswerIsLostToTheReadTimeOutIsWrittenAgainInHalvesAndCountsOnce() throws Exception {
        // search-service is stopped while the burst is analysed and started afresh, so that its first poll takes the
        // whole burst as one batch (a running consumer may hold a fetch answered with the first few records):
        // big enough for the indexer to split it when Elasticsearch times out on it.
        searchService.stop(Duration.ofSeconds(30));
        long analyzedBefore = endOffsets(Topic.ARTICLES_ANALYZED);
        List<RawArticle> scenario = produceArticles(TIMEOUT_BURST, 2);
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> endOffsets(Topic.ARTICLES_ANALYZED) - analyzedBefore >= TIMEOUT_BURST);
        // Elasticsearch will apply the bulk, but its answer never comes: the client gives up after its socket
        // timeout (30 s), as with a node too busy to answer in time.
        esLink.holdResponsesAfter("/_bulk");
        searchService = startSearchService();
        awaitHealthy(searchService, searchPort);
        // Released at the indexer's first time-out, whichever path it took, so a wrong path fails below, not by
        // waiting.
        awaitWithLogs(() -> assertThat(log(searchService)).containsPattern("Elasticsearch (timed out on|unavailable)"));
        esLink.releaseHeld();

        endChecks("es bulk answer withheld past the 30 s read time-out, then written in halves", scenario);
        String timedOut = log(searchService)
                .lines()
                .filter(l -> l.contains("Elasticsearch timed out on"))
                .findFirst()
                .orElse(null);
        assertThat(timedOut)
                .as(
                        "the indexer split the timed-out batch (search-service log:%n%s)",
                        tail(searchService.logFile(), 30))
                .isNotNull();
        System.out.printf("FaultInjectionIT: %s%n", timedOut.substring(timedOut.indexOf("Elasticsearch")));
        assertThat(searchService.isAlive()).isTrue();
    }

    @Test
    @Order(9)
    void alertServiceKilledMidDispatchBurstIsRestartedAndDeliversEveryDueAlertOncePerSubscriptionAndStory()
            throws Exception {
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < BURST_SUBSCRIPTIONS; i++) {
            HttpResponse<String> created = post(
                    alertPort,
                    "/api/subscriptions",
                    JSON.writeValueAsString(Map.of(
                            "name",
                            "brennvik burst " + i,
                            "query",
                            BURST_KEYWORD.toLowerCase(),
                            "channels",
                            List.of(Map.of("type", "webhook", "url", slowReceiver.url())))));
            assertThat(created.statusCode())
                    .as("POST /api/subscriptions: %s", created.body())
                    .isEqualTo(201);
            subscriptions.add(JSON.readTree(created.body()).path("id").asText());
        }
        int dueBeforeKill = BURST_SUBSCRIPTIONS * BURST_STORIES;
        long alertsBefore = endOffsets(Topic.ALERTS);

        // Every burst story matches every burst subscription: one batch of alerts for the dispatcher, then a queue
        // of deliveries to a receiver that holds each request for a while. Killed once a quarter of them has reached
        // the receiver: attempts are under way (sent, unanswered), more wait on the delivery pool, and the
        // dispatcher may still be working through the burst's alerts.
        List<RawArticle> burst = new ArrayList<>(produce(BURST_LEADS.subList(0, BURST_STORIES), 20));
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> slowReceiver.requests.size() >= dueBeforeKill / 4);
        // Counted just before: kill() returns once the process is gone, by when the receiver may have answered into
        // the void. Once it returns, no request of the dead process can arrive any more.
        int requestsAtKill = slowReceiver.requests.size();
        int unansweredAtKill = slowReceiver.inFlight();
        alertService.kill();
        long killedAt = System.nanoTime();
        long alertsAtKill = endOffsets(Topic.ALERTS) - alertsBefore;
        long uncommittedAtKill = lag(DISPATCHER_GROUP, Topic.ALERTS);
        assertThat(requestsAtKill)
                .as("alerts at the receiver when alert-service was killed")
                .isLessThan(dueBeforeKill);

        // Indexed while alert-service is down: its replacement matches these from the committed offset on.
        burst.addAll(produce(BURST_LEADS.subList(BURST_STORIES, BURST_STORIES + STORIES_WHILE_DOWN), 10));
        alertService = startAlertService();
        awaitHealthy(alertService, alertPort);

        endChecks("alert-service SIGKILL mid dispatch burst", burst);

        // One alert per burst subscription and burst story, delivered: the receiver has them all and the deliveries
        // log of each subscription says delivered for each.
        Index index = index();
        Set<String> stories = burst.stream()
                .filter(a -> a.title().startsWith(BURST_KEYWORD + " "))
                .map(a -> index.story.get(a.id()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(stories).as("burst stories").hasSize(BURST_STORIES + STORIES_WHILE_DOWN);
        Map<String, List<JsonNode>> logged = new HashMap<>();
        awaitWithLogs(() -> {
            Map<String, Map<String, Set<String>>> received = slowReceiver.createdIdsBySubscriptionAndStory();
            assertThat(received.keySet()).as("burst subscriptions alerted").isEqualTo(new TreeSet<>(subscriptions));
            received.forEach((subscription, byStory) -> assertThat(byStory.keySet())
                    .as("stories alerted for %s", subscription)
                    .isEqualTo(stories));
            for (String subscription : subscriptions) {
                List<JsonNode> deliveries = deliveries(subscription);
                assertThat(deliveries)
                        .as("deliveries of %s", subscription)
                        .hasSize(stories.size())
                        .allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("delivered"));
                logged.put(subscription, deliveries);
            }
            assertThat(pipelineLag()).as("lag of the pipeline's groups").isZero();
        });

        // Once per subscription and story: a receiver deduping by webhook-id saw each alert once, under the id the
        // deliveries log has for it.
        Map<String, Map<String, Set<String>>> received = slowReceiver.createdIdsBySubscriptionAndStory();
        received.forEach((subscription, byStory) -> byStory.forEach((story, ids) -> assertThat(ids)
                .as("webhook-ids of story %s for %s", story, subscription)
                .hasSize(1)));
        for (String subscription : subscriptions) {
            Set<String> ids = received.get(subscription).values().stream()
                    .flatMap(Set::stream)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> logIds = logged.get(subscription).stream()
                    .map(d -> d.path("messageId").asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(logIds).as("message ids logged for %s", subscription).isEqualTo(ids);
        }
        assertThat(slowReceiver.types()).containsOnly("alert.created");
        // The same webhook-id twice only for an attempt the kill cut short (sent before it, its answer lost with the
        // process) that the replacement made again once the dead process's lease ran out; never a third time.
        Map<String, Long> firstArrival = new HashMap<>();
        slowReceiver.accepted().forEach(r -> firstArrival.merge(r.webhookId(), r.arrivedNanos(), Math::min));
        Map<String, Long> repeated = new TreeMap<>();
        slowReceiver.acceptedRequestsById().forEach((id, n) -> {
            if (n > 1) {
                repeated.put(id, n);
            }
        });
        assertThat(repeated).allSatisfy((id, n) -> {
            assertThat(n).as("requests with webhook-id %s", id).isEqualTo(2);
            assertThat(firstArrival.get(id))
                    .as("first request with webhook-id %s came before the kill", id)
                    .isLessThan(killedAt);
        });
        int due = BURST_SUBSCRIPTIONS * stories.size();
        long deliveredOnce = received.values().stream()
                .flatMap(m -> m.values().stream())
                .filter(s -> s.size() == 1)
                .count();
        String line = String.format(
                "FaultInjectionIT | alert-service SIGKILL mid dispatch burst | subscriptions %d "
                        + "| stories %d (%d published while down) | at the kill: %d/%d alerts at the receiver, %d unanswered, "
                        + "%d/%d uncommitted by the dispatcher | alerts due %d | alerts delivered %d | receiver requests %d "
                        + "| webhook-ids sent again after the kill %d | deliveries logged %d | lag %d",
                BURST_SUBSCRIPTIONS,
                stories.size(),
                STORIES_WHILE_DOWN,
                requestsAtKill,
                dueBeforeKill,
                unansweredAtKill,
                uncommittedAtKill,
                alertsAtKill,
                due,
                deliveredOnce,
                slowReceiver.requests.size(),
                repeated.size(),
                logged.values().stream().mapToInt(List::size).sum(),
                pipelineLag());
        System.out.println(line);
        summary.add(line);
    }

    /**
     * A consumer placed at the end of a topic that runs an action (a kill) from its own thread the moment a new
     * record appears there, so the kill lands while the work that wrote the record is still going on.
     */
    private static final class KillWatch {
        private final CompletableFuture<Long> done = new CompletableFuture<>();

        /** Starts watching before returning: any record written after this call triggers {@code action}. */
        static KillWatch onFirstRecord(Topic topic, ThrowingRunnable action) {
            KillWatch watch = new KillWatch();
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
            KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.topicName(), p));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Map<TopicPartition, Long> start = new HashMap<>();
            partitions.forEach(tp -> start.put(tp, consumer.position(tp)));
            Thread t = new Thread(
                    () -> {
                        try {
                            long seen = 0;
                            // Closed before the action: the action may be killing the broker this consumer reads from.
                            try (consumer) {
                                long deadline = System.nanoTime() + PATIENCE.toNanos();
                                while (consumer.poll(Duration.ofMillis(20)).isEmpty()) {
                                    if (System.nanoTime() > deadline) {
                                        throw new IllegalStateException(
                                                "no record on " + topic.topicName() + " in " + PATIENCE);
                                    }
                                }
                                for (var end : consumer.endOffsets(partitions, Duration.ofSeconds(5))
                                        .entrySet()) {
                                    seen += end.getValue() - start.get(end.getKey());
                                }
                            }
                            action.run();
                            watch.done.complete(seen);
                        } catch (Throwable e) {
                            watch.done.completeExceptionally(e);
                        }
                    },
                    "kill-watch-" + topic.topicName());
            t.setDaemon(true);
            t.start();
            return watch;
        }

        /** Waits for the action to have run. */
        void await() throws Exception {
            done.get(PATIENCE.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        }

        /** Records written to the topic between the start of the watch and the action. */
        long recordsAtKill() throws Exception {
            return done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // --- the end checks

    /**
     * Waits until every article produced so far is in the index exactly once, every due alert (one per story of an
     * alerting article) has reached the receiver under exactly one webhook-id, and no pipeline group (analysis,
     * indexer, alert matcher, alert dispatcher) has lag; then records the scenario's line of figures.
     */
    private static void endChecks(String name, List<RawArticle> scenario) {
        Set<String> ids = scenario.stream().map(RawArticle::id).collect(Collectors.toCollection(TreeSet::new));
        Index[] last = new Index[1];
        long[] lag = new long[1];
        awaitWithLogs(() -> {
            Index index = index();
            last[0] = index;
            for (RawArticle a : produced) {
                assertThat(index.copies.getOrDefault(a.id(), 0))
                        .as("copies of article %s in the index", a.id())
                        .isEqualTo(1);
            }
            Set<String> due =
                    dueStories(index, produced.stream().map(RawArticle::id).toList());
            Map<String, Set<String>> delivered = receiver.createdIdsByStory();
            assertThat(delivered.keySet()).as("stories alerted").isEqualTo(due);
            assertThat(delivered)
                    .allSatisfy((story, webhookIds) -> assertThat(webhookIds)
                            .as("webhook-ids of story %s", story)
                            .hasSize(1));
            lag[0] = pipelineLag();
            assertThat(lag[0])
                    .as("lag of %s, %s, %s and %s", ANALYSIS_GROUP, INDEXER_GROUP, MATCHER_GROUP, DISPATCHER_GROUP)
                    .isZero();
        });
        Index index = last[0];
        long indexed = ids.stream().filter(index.copies::containsKey).count();
        long duplicates = index.copies.values().stream().mapToInt(c -> c - 1).sum();
        Set<String> due = dueStories(index, ids);
        Map<String, Set<String>> delivered = receiver.createdIdsByStory();
        long deliveredOnce = due.stream()
                .filter(s -> delivered.getOrDefault(s, Set.of()).size() == 1)
                .count();
        String line = String.format(
                "FaultInjectionIT | %s | produced %d | indexed %d | duplicates %d "
                        + "| alerts due %d | alerts delivered %d | lag %d",
                name, scenario.size(), indexed, duplicates, due.size(), deliveredOnce, lag[0]);
        System.out.println(line);
        summary.add(line);
    }

    /** Records not yet committed, summed over the four groups of the pipeline. */
    private static long pipelineLag() throws Exception {
        return lag(ANALYSIS_GROUP, Topic.ARTICLES_RAW)
                + lag(INDEXER_GROUP, Topic.ARTICLES_ANALYZED)
                + lag(MATCHER_GROUP, Topic.ARTICLES_INDEXED)
                + lag(DISPATCHER_GROUP, Topic.ALERTS);
    }

    /** Stories of the alerting articles among {@code ids}, as the index assigned them. */
    private static Set<String> dueStories(Index index, Collection<String> ids) {
        return ids.stream()
                .filter(alerting::contains)
                .map(index.story::get)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** What Elasticsearch holds behind the articles alias and any older article index: copies and story per id. */
    private record Index(Map<String, Integer> copies, Map<String, String> story) {}

    private static Index index() throws Exception {
        HttpRequest search = HttpRequest.newBuilder(
                        URI.create(elasticsearch.httpUrl() + "/articles*/_search?size=10000&ignore_unavailable=true"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"_source\":[\"article.id\",\"derived.storyId\"],\"query\":{\"match_all\":{}}}"))
                .build();
        HttpResponse<String> response = HTTP.send(search, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("search: %s", response.body()).isEqualTo(200);
        JsonNode hits = JSON.readTree(response.body()).path("hits");
        assertThat(hits.path("total").path("value").asLong())
                .as("hits fit one page")
                .isLessThan(10_000);
        Map<String, Integer> copies = new HashMap<>();
        Map<String, String> story = new HashMap<>();
        for (JsonNode hit : hits.path("hits")) {
            String id = hit.at("/_source/article/id").asText();
            copies.merge(id, 1, Integer::sum);
            story.put(id, hit.at("/_source/derived/storyId").asText());
        }
        return new Index(copies, story);
    }

    /** Records of {@code topic} that {@code group} has not committed; a partition never committed counts whole. */
    private static long lag(String group, Topic topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : latest(admin, topic).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    private static long endOffsets(Topic topic) throws Exception {
        try (Admin admin = admin()) {
            return latest(admin, topic).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static Map<TopicPartition, Long> latest(Admin admin, Topic topic) throws Exception {
        Map<TopicPartition, OffsetSpec> wanted = new LinkedHashMap<>();
        for (int p = 0; p < topic.partitions(); p++) {
            wanted.put(new TopicPartition(topic.topicName(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(wanted).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** The {@code dead-letter-reason} header of the record keyed {@code key} on a DLQ, or null if none is there. */
    private static String deadLetterReason(Topic dlq, String key) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < dlq.partitions(); p++) {
                partitions.add(new TopicPartition(dlq.topicName(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        Header reason = r.headers().lastHeader("dead-letter-reason");
                        return reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        }
    }

    // --- articles

    private static String[] lead(String title, String sentence) {
        return new String[] {KEYWORD + " " + title, sentence};
    }

    private static String[] burstLead(String title, String sentence) {
        return new String[] {BURST_KEYWORD + " " + title, sentence};
    }

    /**
     * Publishes {@code count} raw articles as ingest-service would, the first {@code alertingCount} of them alerting
     * (a lead naming the keyword), the rest filler of random words; returns them once the broker has them all.
     */
    private static List<RawArticle> produceArticles(int count, int alertingCount) throws Exception {
        List<String[]> leads = LEADS.subList(leadsUsed, leadsUsed + alertingCount);
        leadsUsed += alertingCount;
        List<RawArticle> out = produce(leads, count - alertingCount);
        out.subList(0, alertingCount).forEach(a -> alerting.add(a.id()));
        return out;
    }

    /**
     * Publishes one raw article per lead, then {@code fillers} of random words, as ingest-service would; returns them
     * once the broker has them all.
     */
    private static List<RawArticle> produce(List<String[]> leads, int fillers) throws Exception {
        List<RawArticle> out = new ArrayList<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < leads.size() + fillers; i++) {
            String title;
            String summaryText;
            if (i < leads.size()) {
                title = leads.get(i)[0];
                summaryText = leads.get(i)[1];
            } else {
                title = "Local " + FillerText.words(random, 6) + " " + produced.size();
                summaryText = FillerText.words(random, 25) + ".";
            }
            RawArticle raw = rawArticle(title, summaryText);
            ProducerRecord<String, String> r =
                    new ProducerRecord<>(Topic.ARTICLES_RAW.topicName(), raw.id(), JSON.writeValueAsString(raw));
            r.headers().add(ContractHeader.SCHEMA.headerName(), RawArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
            r.headers().add(ContractHeader.PRODUCER.headerName(), "ingest-service".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(r));
            produced.add(raw);
            out.add(raw);
        }
        // As long as the producer's delivery.timeout.ms (2 min): sends made while the broker restarts wait for it.
        for (var f : sent) {
            f.get(120, TimeUnit.SECONDS);
        }
        return out;
    }

    private static RawArticle rawArticle(String title, String summaryText) throws Exception {
        String url = "https://news.example.org/2026/11/" + title.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-"
                + produced.size();
        String id =
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(url.getBytes(StandardCharsets.UTF_8)));
        String text = title + ". " + summaryText;
        Instant published = Instant.now().minusSeconds(60);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest((title + "\n" + text).getBytes(StandardCharsets.UTF_8)));
        return new RawArticle(
                id,
                1,
                url,
                "e2e-world",
                "https://news.example.org/world/rss.xml",
                "news.example.org",
                title,
                summaryText,
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
    }

    /** A record with no contract headers and a value that is not what the topic carries. */
    private static void sendGarbage(Topic topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get(60, TimeUnit.SECONDS);
    }

    /** How many of {@code ids} the index holds (once or more). */
    private static long indexedAmong(Set<String> ids) throws Exception {
        return index().copies.keySet().stream().filter(ids::contains).count();
    }

    private static void awaitIndexed(List<RawArticle> articles) {
        awaitWithLogs(() -> {
            Index index = index();
            assertThat(articles).allSatisfy(a -> assertThat(index.copies).containsKey(a.id()));
        });
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(config);
    }

    // --- services

    /** The built analysis-service jar on a fresh port; each start is a new process generation. */
    private static ManagedProcess startAnalysisService() {
        analysisPort = FreePorts.next();
        return launcher.start("analysis-service", "analysis-service-" + (++generation), analysisPort, Map.of());
    }

    /** The built search-service jar, reaching Elasticsearch through the link the tests break; a fresh port. */
    private static ManagedProcess startSearchService() {
        searchPort = FreePorts.next();
        return launcher.start(
                "search-service",
                "search-service-" + (++generation),
                searchPort,
                Map.of("QUARKUS_ELASTICSEARCH_HOSTS", esLink.hostAndPort()));
    }

    /**
     * The built alert-service jar on a fresh port, with short retry settings so a fault is recovered from in seconds,
     * and loopback http receivers allowed. It reaches Elasticsearch directly: the broken link is search-service's.
     */
    private static ManagedProcess startAlertService() {
        alertPort = FreePorts.next();
        Map<String, String> env = ServiceLauncher.alertServiceEnv(elasticsearch.hostAndPort(), searchPort);
        env.put("REDLINE_ALERTS_BACKOFF", "1s");
        env.put("REDLINE_ALERTS_MAX_BACKOFF", "3s");
        // Enough attempts to ride out the Elasticsearch outage without anything being dead-lettered.
        env.put("REDLINE_ALERTS_MAX_ATTEMPTS", "100");
        env.put("REDLINE_ALERTS_SCHEDULER_INTERVAL", "500ms");
        // A delivery leased by a SIGKILLed process is taken up again once its lease runs out (default 60 s). Longer
        // than a delivery of the dispatch burst waits on the delivery pool: a lease that ran out while its delivery
        // was still queued would let the scheduler send it a second time alongside.
        env.put("REDLINE_ALERTS_LEASE", "30s");
        return launcher.start("alert-service", "alert-service-" + (++generation), alertPort, env);
    }

    /** A subscription's deliveries as alert-service's API lists them. */
    private static List<JsonNode> deliveries(String subscriptionId) throws Exception {
        HttpResponse<String> response =
                ServiceLauncher.get(alertPort, "/api/subscriptions/" + subscriptionId + "/deliveries?limit=100");
        assertThat(response.statusCode())
                .as("GET deliveries: %s", response.body())
                .isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    private static String log(ManagedProcess service) throws IOException {
        return Files.readString(service.logFile(), StandardCharsets.UTF_8);
    }

    /** Awaits the assertion; on time-out the failure also shows the end of each service's and the broker's log. */
    private static void awaitWithLogs(ThrowingRunnable assertion) {
        launcher.awaitWithLogs(
                PATIENCE,
                assertion,
                () -> "\n--- kafka ---\n" + tail(kafka.logFile(), 20) + "\n--- elasticsearch ---\n"
                        + tail(elasticsearch.logFile(), 20));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
