package io.redline.alerts.dispatch;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Alert;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexedArticleConsumer} on the real broker: records on {@code redline.articles.indexed} that are no
 * {@code indexed-article/1} document go to {@code redline.articles.indexed.dlq} with the reason and where they came
 * from, and the readable articles polled with them are matched and alerted all the same.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IndexedArticleConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The consumer group of redline.articles.indexed (application.properties). */
    private static final String MATCHER_GROUP = "redline-alert-matcher";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Test
    void unreadableRecordsAreDeadLetteredWithTheirReasonAndTheRestOfTheBatchStillAlerts() throws Exception {
        String sub = subscribe("florvane dlq", "florvane");
        IndexedArticle first = IndexedArticles.of(
                article("Florvane artillery shells the bridge").build(), "story-" + Fixtures.newId());
        IndexedArticle last =
                IndexedArticles.of(article("Florvane navy closes the strait").build(), "story-" + Fixtures.newId());
        String notJson = "unreadable-" + Fixtures.newId();
        String noAnalysis = "incomplete-" + Fixtures.newId();
        String incomplete = json.writeValueAsString(Map.of("article", Map.of("id", noAnalysis)));

        // One partition and one producer batch: the consumer gets the four records in one poll, so one batch holds
        // the readable articles and the records that are not.
        List<RecordMetadata> sent;
        try (KafkaProducer<String, String> producer = batchingProducer()) {
            List<Future<RecordMetadata>> futures = List.of(
                    producer.send(Fixtures.indexedRecord(json, first, 0)),
                    producer.send(Fixtures.rawIndexedRecord(notJson, "{not json", 0)),
                    producer.send(Fixtures.rawIndexedRecord(noAnalysis, incomplete, 0)),
                    producer.send(Fixtures.indexedRecord(json, last, 0)));
            producer.flush();
            sent = futures.stream().map(IndexedArticleConsumerTest::get).toList();
        }

        Map<String, ConsumerRecord<String, String>> dead =
                records(Topic.ARTICLES_INDEXED_DLQ.topicName(), Set.of(notJson, noAnalysis));
        for (String key : List.of(notJson, noAnalysis)) {
            ConsumerRecord<String, String> r = dead.get(key);
            assertThat(header(r, ContractHeader.DEAD_LETTER_REASON.headerName()))
                    .as(key)
                    .startsWith("not an indexed-article/1 document");
            assertThat(header(r, "dead-letter-topic")).isEqualTo(Topic.ARTICLES_INDEXED.topicName());
            assertThat(header(r, "dead-letter-partition")).isEqualTo("0");
            // The record is kept as it came, headers included, for whoever repairs it.
            assertThat(header(r, ContractHeader.SCHEMA.headerName())).isEqualTo(IndexedArticle.SCHEMA);
        }
        assertThat(dead.get(notJson).value()).isEqualTo("{not json");
        assertThat(header(dead.get(notJson), "dead-letter-offset"))
                .isEqualTo(Long.toString(sent.get(1).offset()));
        assertThat(header(dead.get(noAnalysis), ContractHeader.DEAD_LETTER_REASON.headerName()))
                .contains("no article id or analysis");

        String firstKey = AlertFactory.key(sub, first.derived().storyId());
        String lastKey = AlertFactory.key(sub, last.derived().storyId());
        Map<String, ConsumerRecord<String, String>> alerts =
                records(Topic.ALERTS.topicName(), Set.of(firstKey, lastKey));
        assertThat(json.readValue(alerts.get(firstKey).value(), Alert.class)
                        .article()
                        .id())
                .isEqualTo(first.article().id());
        assertThat(json.readValue(alerts.get(lastKey).value(), Alert.class)
                        .article()
                        .id())
                .isEqualTo(last.article().id());

        // And the batch was acknowledged past the dead-lettered records: they are never matched again.
        TopicPartition partition = new TopicPartition(Topic.ARTICLES_INDEXED.topicName(), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(MATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > sent.get(3).offset();
            });
        }
    }

    private static ArticleSpec article(String title) {
        ArticleSpec s = new ArticleSpec();
        s.title = title;
        s.text = title + ". Officials said the situation was escalating.";
        s.score = 55;
        s.published = Instant.now().minusSeconds(60);
        s.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS");
        return s;
    }

    /**
     * A subscription whose only channel is paused: its alerts go to redline.alerts (and its stream and feeds), and no
     * delivery is attempted to a receiver this test does not run.
     */
    private static String subscribe(String name, String q) {
        Map<String, Object> channel = new HashMap<>();
        channel.put("type", "webhook");
        channel.put("url", "https://hooks.example.org/redline");
        channel.put("enabled", false);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("query", q);
        b.put("channels", List.of(channel));
        return given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Holds records until flushed, so that records to one partition leave in one batch. */
    private KafkaProducer<String, String> batchingProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        60_000,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        1 << 20),
                new StringSerializer(),
                new StringSerializer());
    }

    private static RecordMetadata get(Future<RecordMetadata> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first record of each key on {@code topic}, read from the start; fails when one does not come in time. */
    private Map<String, ConsumerRecord<String, String>> records(String topic, Set<String> keys) {
        Map<String, ConsumerRecord<String, String>> found = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + Fixtures.newId(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found.size() < keys.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                    if (keys.contains(r.key())) {
                        found.putIfAbsent(r.key(), r);
                    }
                }
            }
        }
        assertThat(found.keySet()).as("records on " + topic).containsExactlyInAnyOrderElementsOf(keys);
        return found;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
