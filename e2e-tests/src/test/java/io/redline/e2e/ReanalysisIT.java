package io.redline.e2e;

import static io.redline.e2e.ServiceLauncher.awaitHealthy;
import static io.redline.e2e.ServiceLauncher.get;
import static io.redline.e2e.ServiceLauncher.quietly;
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
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * The re-analysis procedure of analysis-service/README.md, run for real: replaying the raw topic under a new consumer
 * group re-analyses every article, and the index ends with exactly one document per article, all by the new analyzer;
 * a stale copy the index refuses is not passed on to alerting either.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReanalysisIT {

    /** What the previous deployment's analyzer called itself: semver-shaped and older than the current one. */
    private static final String OLD_VERSION = "redline-tagger-1.9.0";
    /** The consumer group the README tells operators to start the new analyzer with. */
    private static final String REPLAY_GROUP = "redline-analysis-v-e2e-replay";

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    /** Conflict leads (from the probe set, all asserted) with a signal the current tagger must find in each. */
    private static final List<Lead> CONFLICT = List.of(
            new Lead(
                    "Moscow draws a red line over long-range missiles",
                    "Moscow warned that any strike on Russian "
                            + "territory with Western-supplied long-range missiles would cross a red line.",
                    SignalType.RED_LINE),
            new Lead(
                    "Overnight missile attack on Kharkiv energy site",
                    "Russian missiles struck an energy facility " + "near Kharkiv overnight, killing three workers.",
                    SignalType.STRIKE),
            new Lead(
                    "Strategic forces on alert near Finland",
                    "Russia placed its strategic missile forces on high "
                            + "alert and began snap exercises near the Finnish border.",
                    SignalType.MOBILIZATION),
            new Lead(
                    "Minsk calls up reservists",
                    "Belarus announced the call-up of reservists for an unscheduled " + "military drill.",
                    SignalType.MOBILIZATION),
            new Lead(
                    "EU adopts new sanctions round",
                    "The European Union adopted a new round of sanctions targeting " + "Russian banks and oil exports.",
                    SignalType.SANCTIONS),
            new Lead(
                    "Warsaw expels diplomats",
                    "Poland expelled three Russian diplomats accused of espionage.",
                    SignalType.SANCTIONS),
            new Lead(
                    "Negotiators meet in Istanbul",
                    "Russian and Ukrainian negotiators met in Istanbul for a second "
                            + "round of talks on a prisoner exchange.",
                    SignalType.TALKS),
            new Lead(
                    "Thirty-day truce agreed",
                    "Both sides agreed to a 30-day ceasefire along the front line starting " + "at midnight.",
                    SignalType.CEASEFIRE),
            new Lead(
                    "UN chief appeals for restraint",
                    "The UN Secretary-General urged all parties to show restraint "
                            + "and return to the negotiating table.",
                    SignalType.DEESCALATION_APPEAL),
            new Lead(
                    "New US aid package for Kyiv",
                    "The United States announced a new package of military aid to "
                            + "Ukraine that includes air defence interceptors and artillery shells.",
                    SignalType.WEAPONS_SUPPLY));

    /** Articles without a conflict, so the corpus looks like a real feed mix; no signal is asserted for them. */
    private static final List<Lead> QUIET = List.of(
            new Lead(
                    "City council backs cycle lanes",
                    "The city council voted for twelve kilometres of new cycle " + "lanes along the river.",
                    null),
            new Lead(
                    "Coral reefs recovering",
                    "Marine biologists reported that coral cover on the northern reef grew "
                            + "for the third year in a row.",
                    null),
            new Lead(
                    "Harvest beats forecasts",
                    "Farmers in the region brought in a wheat harvest well above last "
                            + "year's forecasts after a mild spring.",
                    null),
            new Lead(
                    "New library opens downtown",
                    "A new public library opened downtown with a large children's "
                            + "section and a rooftop reading garden.",
                    null),
            new Lead(
                    "Rail line reopens after repairs",
                    "The coastal rail line reopened on Monday after six weeks of " + "track repairs.",
                    null),
            new Lead(
                    "Museum shows medieval maps",
                    "The national museum opened an exhibition of medieval maps lent by "
                            + "libraries across the continent.",
                    null),
            new Lead(
                    "Marathon draws record field",
                    "More than forty thousand runners took part in the city marathon, " + "a record for the event.",
                    null),
            new Lead(
                    "Central bank holds rates",
                    "The central bank left its main interest rate unchanged, citing " + "steady inflation.",
                    null),
            new Lead("Heat wave eases", "Temperatures fell across the south as the week-long heat wave eased.", null),
            new Lead(
                    "Orchestra announces season",
                    "The city orchestra announced a season of twenty concerts, " + "including three premieres.",
                    null));

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static Path root;
    private static Path runDir;
    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    private static ServiceLauncher launcher;
    private static int searchPort;
    private static int analysisPort;
    private static KafkaProducer<String, String> producer;
    private static final List<RawArticle> articles = new ArrayList<>();
    private static final Map<String, SignalType> expectedSignal = new LinkedHashMap<>();
    private static String currentVersion;

    @BeforeAll
    static void previousDeploymentHasIndexedEverythingUnderTheOldAnalyzer() throws Exception {
        root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        // Our own broker and node in a throw-away folder, so @AfterAll can stop them whatever happens.
        runDir = StackDirs.newRunDir("e2e-reanalysis");
        kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
        elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                .javaOpts(LocalStack.ELASTICSEARCH_JAVA_OPTS);
        kafka.start();
        elasticsearch.start();
        kafka.awaitReady(LocalStack.KAFKA_READY_TIMEOUT);
        elasticsearch.awaitReady(LocalStack.ELASTICSEARCH_READY_TIMEOUT);
        createTopics(Topic.ARTICLES_RAW, Topic.ARTICLES_ANALYZED);
        producer = producer();
        launcher = new ServiceLauncher(root, runDir, kafka::bootstrapServers);

        searchPort = FreePorts.next();
        ManagedProcess searchService = launcher.start(
                "search-service",
                "search-service",
                searchPort,
                Map.of("QUARKUS_ELASTICSEARCH_HOSTS", elasticsearch.hostAndPort()));
        awaitHealthy(searchService, searchPort);

        // Playing ingest-service (raw topic) and the previous analyzer deployment (analysed topic, no signals).
        for (int i = 0; i < CONFLICT.size() + QUIET.size(); i++) {
            Lead lead = i % 2 == 0 ? CONFLICT.get(i / 2) : QUIET.get(i / 2);
            RawArticle raw = rawArticle(i, lead);
            articles.add(raw);
            if (lead.signal() != null) {
                expectedSignal.put(raw.id(), lead.signal());
            }
            send(Topic.ARTICLES_RAW, raw.id(), raw, RawArticle.SCHEMA, "ingest-service");
            send(Topic.ARTICLES_ANALYZED, raw.id(), oldAnalysisOf(raw), AnalyzedArticle.SCHEMA, "analysis-service");
        }
        producer.flush();

        awaitWithLogs(() -> {
            JsonNode page = articlePage();
            assertThat(page.path("total").asLong()).isEqualTo(articles.size());
            assertThat(versions(page)).containsOnly(OLD_VERSION);
        });
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
    void replayUnderANewConsumerGroupReanalysesEveryArticleWithoutDuplicates() throws Exception {
        // README step 2: a new group starts from the earliest offset, so the whole raw topic is replayed.
        analysisPort = FreePorts.next();
        ManagedProcess analysisService = launcher.start(
                "analysis-service",
                "analysis-service",
                analysisPort,
                Map.of("MP_MESSAGING_INCOMING_ARTICLES_RAW_GROUP_ID", REPLAY_GROUP));
        awaitHealthy(analysisService, analysisPort);
        currentVersion = JSON.readTree(get(analysisPort, "/api/taxonomy").body())
                .path("analyzerVersion")
                .asText();
        assertThat(currentVersion).isNotBlank().isNotEqualTo(OLD_VERSION);

        awaitWithLogs(() -> {
            JsonNode page = articlePage();
            assertThat(page.path("total").asLong())
                    .as("one document per article")
                    .isEqualTo(articles.size());
            assertThat(versions(page)).containsOnly(currentVersion);
        });

        // The old analysis had no signals; each conflict article now carries the one its lead sentence states.
        for (JsonNode item : articlePage().path("items")) {
            SignalType expected = expectedSignal.get(item.path("id").asText());
            if (expected != null) {
                assertThat(item.at("/document/analysis/signals").findValuesAsText("type"))
                        .as("signals of %s", item.at("/document/article/title").asText())
                        .contains(expected.name());
            }
        }
        List<String> ids = new ArrayList<>();
        articlePage().path("items").forEach(item -> ids.add(item.path("id").asText()));
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        articles.stream().map(RawArticle::id).toList());

        // README step 4: the new group's lag reaching zero is how an operator knows the replay is done.
        awaitWithLogs(() -> assertThat(replayLag()).isZero());
    }

    @Test
    @Order(2)
    void staleRedeliveryOfTheOldAnalysisDoesNotOverwriteTheNewOne() throws Exception {
        assertThat(currentVersion).as("the replay test ran first").isNotNull();
        RawArticle target = articles.get(0);
        assertThat(expectedSignal).containsKey(target.id());

        // Where redline.articles.indexed (what alert-service matches) ends before the stale copy arrives.
        Map<TopicPartition, Long> indexedFrom = endOffsets(Topic.ARTICLES_INDEXED);
        // A late copy of the old analysis (same revision, older analyzer) must lose to external versioning.
        RecordMetadata stale = send(
                Topic.ARTICLES_ANALYZED,
                target.id(),
                oldAnalysisOf(target),
                AnalyzedArticle.SCHEMA,
                "analysis-service");
        // A new article behind it in the same partition: once it is searchable, the stale record has been handled.
        RawArticle marker = rawArticle(
                articles.size(),
                new Lead(
                        "Bridge repairs finished",
                        "Engineers finished repairs on the old stone bridge ahead of schedule.",
                        null));
        producer.send(record(
                        new ProducerRecord<>(
                                Topic.ARTICLES_ANALYZED.topicName(),
                                stale.partition(),
                                marker.id(),
                                JSON.writeValueAsString(oldAnalysisOf(marker))),
                        AnalyzedArticle.SCHEMA,
                        "analysis-service"))
                .get();

        // Search is near-real-time (refresh interval), so the count is awaited too, not only the get by id.
        awaitWithLogs(() -> {
            assertThat(get(searchPort, "/api/articles/" + marker.id()).statusCode())
                    .isEqualTo(200);
            assertThat(articlePage().path("total").asLong())
                    .as("the N articles plus the marker")
                    .isEqualTo(articles.size() + 1L);
        });

        JsonNode doc =
                JSON.readTree(get(searchPort, "/api/articles/" + target.id()).body());
        assertThat(doc.at("/analysis/analyzerVersion").asText()).isEqualTo(currentVersion);
        assertThat(doc.at("/analysis/signals").findValuesAsText("type"))
                .contains(expectedSignal.get(target.id()).name());

        // The marker was written and published for alerting (before its batch was acknowledged, so it may trail
        // search by a moment); the stale copy, before it in the same partition, was refused and not published:
        // an alert never fires on an old revision.
        List<String> keys = new ArrayList<>();
        awaitWithLogs(() -> {
            keys.clear();
            keys.addAll(keysSince(Topic.ARTICLES_INDEXED, indexedFrom));
            assertThat(keys)
                    .as("records on %s since the stale copy", Topic.ARTICLES_INDEXED.topicName())
                    .contains(marker.id());
        });
        assertThat(keys)
                .as("records on %s since the stale copy", Topic.ARTICLES_INDEXED.topicName())
                .doesNotContain(target.id());
    }

    private record Lead(String title, String sentence, SignalType signal) {}

    private static RawArticle rawArticle(int i, Lead lead) throws Exception {
        String url = "https://news.example.org/2026/11/"
                + lead.title().toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + i;
        String id =
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(url.getBytes(StandardCharsets.UTF_8)));
        String text = lead.sentence() + " Officials gave no further details on the matter. "
                + "This report will be updated as more information becomes available.";
        Instant published = Instant.parse("2026-11-20T08:00:00Z").plus(Duration.ofMinutes(17L * i));
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest((lead.title() + "\n" + text).getBytes(StandardCharsets.UTF_8)));
        return new RawArticle(
                id,
                1,
                url,
                "e2e-world",
                "https://news.example.org/world/rss.xml",
                "news.example.org",
                lead.title(),
                lead.sentence(),
                "<p>" + text + "</p>",
                text,
                List.of("Staff reporter"),
                List.of("World"),
                List.of("e2e"),
                "en",
                published,
                published,
                published.plusSeconds(60),
                hash);
    }

    /** What the previous deployment's analyzer produced: its own version, nothing found. */
    private static AnalyzedArticle oldAnalysisOf(RawArticle raw) {
        return new AnalyzedArticle(
                raw,
                new Analysis(
                        OLD_VERSION,
                        "en",
                        true,
                        0,
                        EscalationLevel.NONE,
                        0,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        raw.fetchedAt().plusSeconds(1)));
    }

    private static RecordMetadata send(Topic topic, String key, Object value, String schema, String producerName)
            throws Exception {
        return producer.send(record(
                        new ProducerRecord<>(topic.topicName(), key, JSON.writeValueAsString(value)),
                        schema,
                        producerName))
                .get(30, TimeUnit.SECONDS);
    }

    private static ProducerRecord<String, String> record(
            ProducerRecord<String, String> r, String schema, String producerName) {
        r.headers().add(ContractHeader.SCHEMA.headerName(), schema.getBytes(StandardCharsets.UTF_8));
        r.headers().add(ContractHeader.PRODUCER.headerName(), producerName.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The topics as the services create them (partitions, cleanup, retention from the contract). */
    private static void createTopics(Topic... topics) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic t : topics) {
            wanted.add(new NewTopic(t.topicName(), t.partitions(), (short) 1)
                    .configs(Map.of(
                            "cleanup.policy", t.cleanupPolicy(), "retention.ms", Long.toString(t.retentionMs()))));
        }
        try (Admin admin = admin()) {
            admin.createTopics(wanted).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Topic topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < topic.partitions(); p++) {
            latest.put(new TopicPartition(topic.topicName(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        try (Admin admin = admin()) {
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        }
        return out;
    }

    /** Keys of the records on {@code topic} from the offsets {@code from} to its current end. */
    private static List<String> keysSince(Topic topic, Map<TopicPartition, Long> from) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(from.keySet());
            consumer.assign(partitions);
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    /** Records of the raw topic the replay group has not committed yet. */
    private static long replayLag() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(REPLAY_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < Topic.ARTICLES_RAW.partitions(); p++) {
                latest.put(new TopicPartition(Topic.ARTICLES_RAW.topicName(), p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end :
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
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

    /** Awaits the assertion; on time-out the failure also shows the end of each service's log. */
    private static void awaitWithLogs(ThrowingRunnable assertion) {
        launcher.awaitWithLogs(PATIENCE, assertion, () -> "");
    }

    /** Every indexed article, newest first (the corpus is well under one page of 100). */
    private static JsonNode articlePage() throws Exception {
        HttpResponse<String> response = get(searchPort, "/api/articles?size=100");
        assertThat(response.statusCode())
                .as("GET /api/articles: %s", response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The analyzer version of each item on the page, one entry per item. */
    private static List<String> versions(JsonNode page) {
        List<String> versions = new ArrayList<>();
        page.path("items")
                .forEach(item -> versions.add(
                        item.at("/document/analysis/analyzerVersion").asText()));
        return versions;
    }
}
