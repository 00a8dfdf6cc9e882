package io.redline.analysis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Raw articles on the real broker come out analysed, in order per article; poison records land in the DLQ with a reason. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class AnalysisPipelineTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper mapper;

    @Test
    void analysesRawArticleAndKeepsItsKey() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(
                id,
                rawArticle(
                        id,
                        "Kremlin warns of red line",
                        "Moscow said that long-range missile strikes on Russian territory would cross a red line."));
        ConsumerRecord<String, String> out = awaitRecord(Topic.ARTICLES_ANALYZED, id);
        assertThat(out.value()).contains("\"analysis\"").contains("RED_LINE").contains("\"analyzerVersion\"");
        assertThat(new String(
                        out.headers()
                                .lastHeader(ContractHeader.SCHEMA.headerName())
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("analyzed-article/1");
    }

    @Test
    void poisonRecordGoesToDeadLetterTopicWithReasonAndNextRecordIsAnalysed() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        String nextId = UUID.randomUUID().toString().replace("-", "");
        send(poisonKey, "{this is not json");
        send(nextId, rawArticle(nextId, "Talks resume in Geneva", "Delegations met for talks in Geneva."));

        ConsumerRecord<String, String> dead = awaitRecord(Topic.ARTICLES_RAW_DLQ, poisonKey);
        assertThat(dead.value()).isEqualTo("{this is not json");
        String reason = new String(
                dead.headers()
                        .lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName())
                        .value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("not a raw-article/1 JSON document");
        assertThat(awaitRecord(Topic.ARTICLES_ANALYZED, nextId).value()).contains("TALKS");
    }

    @Test
    void articleWithoutIdIsRejectedWithReason() throws Exception {
        String key = "noid-" + UUID.randomUUID();
        send(key, "{\"title\":\"x\",\"text\":\"y\"}");
        ConsumerRecord<String, String> dead = awaitRecord(Topic.ARTICLES_RAW_DLQ, key);
        assertThat(new String(
                        dead.headers()
                                .lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName())
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("no id");
    }

    @Test
    void analysedRecordCarriesTheRawArticleAsItCameAndParsesAsTheContract() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        // JSON escapes in the raw text must reach the analysed record as they are (it is copied, not re-encoded).
        String raw = rawArticle(
                id, "Kremlin warns of \\\"red line\\\" \\u00e9", "Moscow said strikes would cross a red line.");
        send(id, "  " + raw + "\n");
        ConsumerRecord<String, String> out = awaitRecord(Topic.ARTICLES_ANALYZED, id);
        AnalyzedArticle analysed = mapper.readValue(out.value(), AnalyzedArticle.class);
        assertThat(analysed.article()).isEqualTo(mapper.readValue(raw, RawArticle.class));
        assertThat(analysed.analysis().signals()).isNotEmpty();
    }

    @Test
    void rawRecordWithTrailingContentStillGivesValidJson() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String raw = rawArticle(id, "Talks resume in Geneva", "Delegations met for talks in Geneva.");
        send(id, raw + " trailing}");
        ConsumerRecord<String, String> out = awaitRecord(Topic.ARTICLES_ANALYZED, id);
        assertThat(mapper.readValue(out.value(), AnalyzedArticle.class).article())
                .isEqualTo(mapper.readValue(raw, RawArticle.class));
    }

    @Test
    void burstWithPoisonRecordsLosesNothingAndCommitsEveryOffset() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> good = new ArrayList<>();
        List<String> poison = new ArrayList<>();
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                "20"));
        // One burst, so the pipeline has many records in flight at once with bad ones between them.
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 300; i++) {
                if (i % 30 == 7) {
                    String key = "poison-" + run + "-" + i;
                    poison.add(key);
                    producer.send(new ProducerRecord<>(Topic.ARTICLES_RAW.topicName(), key, "{\"id\":"));
                } else {
                    String id = run + "g" + i;
                    good.add(id);
                    producer.send(new ProducerRecord<>(
                            Topic.ARTICLES_RAW.topicName(),
                            id,
                            rawArticle(id, "Troops massed at the border", "Officials said troops were deployed.")));
                }
            }
            producer.flush();
        }
        assertThat(awaitKeys(Topic.ARTICLES_ANALYZED, good)).containsExactlyInAnyOrderElementsOf(good);
        assertThat(awaitKeys(Topic.ARTICLES_RAW_DLQ, poison)).containsExactlyInAnyOrderElementsOf(poison);
        // Every raw record was acknowledged (analysed one stored, or bad one dead-lettered): the group's committed
        // offsets reach the end of the topic.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                        "redline-analysis")
                                .partitionsToOffsetAndMetadata()
                                .get();
                        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                        committed.keySet().stream()
                                .filter(tp -> tp.topic().equals(Topic.ARTICLES_RAW.topicName()))
                                .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                        assertThat(latest).isNotEmpty();
                        admin.listOffsets(latest)
                                .all()
                                .get()
                                .forEach((tp, end) -> assertThat(
                                                committed.get(tp).offset())
                                        .as("committed offset of %s", tp)
                                        .isEqualTo(end.offset()));
                    });
        }
    }

    @Test
    void revisionsOfOneArticleStayInOrder() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        Properties p = new Properties();
        p.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int revision = 1; revision <= 50; revision++) {
                producer.send(new ProducerRecord<>(
                        Topic.ARTICLES_RAW.topicName(),
                        id,
                        rawArticle(id, "Talks resume", "Delegations met for talks.")
                                .replace("\"revision\":1", "\"revision\":" + revision)));
            }
        }
        List<Integer> revisions = new ArrayList<>();
        Properties c = new Properties();
        c.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        java.util.regex.Pattern revision = java.util.regex.Pattern.compile("\"revision\":(\\d+)");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.ARTICLES_ANALYZED.topicName()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (id.equals(r.key())) {
                        java.util.regex.Matcher m = revision.matcher(r.value());
                        assertThat(m.find()).isTrue();
                        revisions.add(Integer.parseInt(m.group(1)));
                    }
                });
                return revisions.size() >= 50;
            });
        }
        assertThat(revisions).isSorted().startsWith(1).endsWith(50);
    }

    /** The keys of {@code wanted} found on {@code topic}, awaiting until all are there. */
    private List<String> awaitKeys(Topic topic, List<String> wanted) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        java.util.Set<String> want = new java.util.HashSet<>(wanted);
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (want.contains(r.key())) {
                        found.add(r.key());
                    }
                });
                return found.size() == want.size();
            });
        }
        return new ArrayList<>(found);
    }

    static String rawArticle(String id, String title, String text) {
        return """
                {"id":"%s","revision":1,"url":"http://example.org/%s","feedId":"f1","feedUrl":"http://example.org/rss",
                 "sourceDomain":"example.org","title":"%s","summary":"","contentHtml":"","text":"%s",
                 "authors":[],"categories":[],"tags":[],"language":"en","publishedAt":"2026-11-27T08:00:00Z",
                 "updatedAt":"2026-11-27T08:00:00Z","fetchedAt":"2026-11-27T08:01:00Z","contentHash":"h"}
                """.formatted(id, id, title, text);
    }

    private void send(String key, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.ARTICLES_RAW.topicName(), key, value))
                    .get();
        }
    }

    private ConsumerRecord<String, String> awaitRecord(Topic topic, String key) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
