package io.redline.search.index;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The seam to alert-service on the real broker and Elasticsearch: every article the indexer writes appears on
 * {@code redline.articles.indexed} as {@code indexed-article/1} with its story id, and is searchable by then; stale
 * revisions and dead-lettered records are not published.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IndexedArticlePublishTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    ElasticsearchClient client;

    @Test
    void everyWrittenArticleIsPublishedWithItsStoryOnceSearchable() throws Exception {
        String feed = "publish-" + Fixtures.newId();
        String text = uniqueText();
        ArticleSpec first = spec(feed, "wire.example", "Frigates sail past the red line", text, "2026-11-26T06:00:00Z");
        List<ArticleSpec> others = List.of(
                spec(feed, "a.example", "Drone strike on a depot", uniqueText(), "2026-11-26T07:00:00Z"),
                spec(feed, "b.example", "Talks resume in Geneva", uniqueText(), "2026-11-26T07:30:00Z"));
        try (KafkaConsumer<String, String> indexed = indexedConsumer()) {
            send(first);
            others.forEach(this::send);
            List<ArticleSpec> all = new ArrayList<>(others);
            all.add(first);
            Map<String, ConsumerRecord<String, String>> seen = readSearchable(indexed, ids(all));
            for (ArticleSpec s : all) {
                ConsumerRecord<String, String> r = seen.get(s.id);
                assertThat(header(r, ContractHeader.SCHEMA.headerName())).isEqualTo(IndexedArticle.SCHEMA);
                assertThat(header(r, ContractHeader.PRODUCER.headerName())).isEqualTo("search-service");
                IndexedArticle published = contract().readValue(r.value(), IndexedArticle.class);
                assertThat(published.article().id()).isEqualTo(s.id);
                assertThat(published.analyzed()).isEqualTo(s.build());
                assertThat(published.derived()).isNotNull();
                assertThat(published.derived().storyId()).isNotBlank();
                assertThat(published.derived().signalKeys())
                        .contains(IndexedArticle.modalityKey(SignalType.RED_LINE.name(), Modality.ASSERTED));
                // The published document is the one in the index, derived fields and all.
                IndexedArticle stored = client.get(
                                g -> g.index(ArticleIndex.INDEX).id(s.id), IndexedArticle.class)
                        .source();
                assertThat(published).isEqualTo(stored);
            }
            // A story of its own: the first article of one is its story.
            assertThat(contract()
                            .readValue(seen.get(first.id).value(), IndexedArticle.class)
                            .derived()
                            .storyId())
                    .isEqualTo(first.id);

            // A wire copy indexed once the first is searchable joins its story, and says so on the topic.
            await().atMost(WAIT)
                    .untilAsserted(() -> given().queryParam("feed", feed)
                            .get("/api/articles")
                            .then()
                            .statusCode(200)
                            .body("total", equalTo(3)));
            ArticleSpec copy = spec(feed, "copy.example", first.title, text, "2026-11-26T08:00:00Z");
            send(copy);
            ConsumerRecord<String, String> copied =
                    readSearchable(indexed, Set.of(copy.id)).get(copy.id);
            assertThat(contract()
                            .readValue(copied.value(), IndexedArticle.class)
                            .derived()
                            .storyId())
                    .isEqualTo(first.id);
        }
    }

    @Test
    void aStaleRevisionIsNotPublished() throws Exception {
        ArticleSpec newer = spec(
                "publish-" + Fixtures.newId(),
                "stale.example",
                "Revision two about corvettes",
                uniqueText(),
                "2026-11-26T09:00:00Z");
        newer.revision = 2;
        try (KafkaConsumer<String, String> indexed = indexedConsumer()) {
            send(newer);
            readSearchable(indexed, Set.of(newer.id));
        }
        ArticleSpec older =
                spec(newer.feed, newer.source, "Revision one about corvettes", newer.text, "2026-11-26T09:00:00Z");
        older.id = newer.id;
        older.revision = 1;
        RecordMetadata stale = send(older);
        awaitIndexerPast(List.of(stale));

        // The indexer commits a batch only after publishing it: everything it will publish for 'older' is there.
        List<IndexedArticle> published = readAllPublished(Set.of(newer.id)).stream()
                .map(r -> read(r.value()))
                .toList();
        // At least once: a redelivered batch may publish revision 2 again, but never revision 1.
        assertThat(published)
                .isNotEmpty()
                .extracting(a -> a.article().revision())
                .containsOnly(2);
        given().get("/api/articles/" + newer.id)
                .then()
                .statusCode(200)
                .body("article.title", equalTo("Revision two about corvettes"));
    }

    @Test
    void deadLetteredRecordsAreNotPublished() throws Exception {
        String run = Fixtures.newId().substring(0, 12);
        ArticleSpec good =
                spec("publish-" + run, "good.example", "Good about gunboats", uniqueText(), "2026-11-26T10:00:00Z");
        String unreadable = run + "unreadable";
        String noAnalysis = run + "noanalysis";
        ArticleSpec refused =
                spec(good.feed, "refused.example", "Refused about gunboats", uniqueText(), "2026-11-26T10:00:00Z");
        String refusedValue = json.writeValueAsString(refused.build())
                .replace("\"publishedAt\":\"2026-11-26T10:00:00Z\"", "\"publishedAt\":\"+12026-11-26T10:00:00Z\"");
        assertThat(refusedValue).contains("+12026");
        String topic = Topic.ARTICLES_ANALYZED.topicName();
        // One partition, back to back: usually one batch, in which the bad records must not be published.
        List<RecordMetadata> sent = send(List.of(
                new ProducerRecord<>(topic, 0, unreadable, "{\"article\":{\"id\":\"" + unreadable + "\"}, [unclosed"),
                new ProducerRecord<>(topic, 0, noAnalysis, "{\"article\":{\"id\":\"" + noAnalysis + "\"}}"),
                new ProducerRecord<>(topic, 0, refused.id, refusedValue),
                new ProducerRecord<>(topic, 0, good.id, json.writeValueAsString(good.build()))));
        try (KafkaConsumer<String, String> indexed = indexedConsumer()) {
            readSearchable(indexed, Set.of(good.id));
        }
        awaitIndexerPast(sent);

        Set<String> bad = Set.of(unreadable, noAnalysis, refused.id);
        assertThat(deadLetterKeys(bad)).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(readAllPublished(bad)).isEmpty();
        given().get("/api/articles/" + refused.id).then().statusCode(404);
    }

    @Test
    void anArticleTooLargeToPublishStaysSearchableAndIsDeadLetteredWithTheReason() throws Exception {
        String run = Fixtures.newId().substring(0, 12);
        // ~600 KB of text: the analysed record fits Kafka's 1 MB default, the indexed one (text plus its stems) does
        // not, so the broker's producer refuses it for good. The indexer must neither stall nor lose the article.
        StringBuilder text = new StringBuilder();
        while (text.length() < 600_000) {
            text.append("frigates ").append(Fixtures.newId(), 0, 10).append(' ');
        }
        ArticleSpec big =
                spec("publish-" + run, "big.example", "Big about frigates", text.toString(), "2026-11-26T10:00:00Z");
        ArticleSpec after =
                spec(big.feed, "after.example", "After about frigates", uniqueText(), "2026-11-26T10:00:00Z");
        String topic = Topic.ARTICLES_ANALYZED.topicName();
        List<RecordMetadata> sent = send(List.of(
                new ProducerRecord<>(topic, 0, big.id, json.writeValueAsString(big.build())),
                new ProducerRecord<>(topic, 0, after.id, json.writeValueAsString(after.build()))));
        try (KafkaConsumer<String, String> indexed = indexedConsumer()) {
            readSearchable(indexed, Set.of(after.id));
        }
        awaitIndexerPast(sent);

        given().get("/api/articles/" + big.id).then().statusCode(200);
        assertThat(readAllPublished(Set.of(big.id))).isEmpty();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ARTICLES_ANALYZED_DLQ.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            List<ConsumerRecord<String, String>> dead = readToEnd(consumer, partitions, Set.of(big.id));
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), "dead-letter-reason"))
                    .startsWith("indexed but not published to redline.articles.indexed")
                    .contains("RecordTooLargeException");
        }
    }

    /**
     * Polls {@code consumer} until it has a record of each id, and for each one, as soon as it is read, checks that
     * its article is already searchable by id: the indexer publishes after the index write.
     */
    private Map<String, ConsumerRecord<String, String>> readSearchable(
            KafkaConsumer<String, String> consumer, Set<String> ids) {
        Map<String, ConsumerRecord<String, String>> found = new HashMap<>();
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (ids.contains(r.key())) {
                    given().get("/api/articles/" + r.key()).then().statusCode(200);
                    found.putIfAbsent(r.key(), r);
                }
            }
            return found.keySet().containsAll(ids);
        });
        return found;
    }

    /** Every record on redline.articles.indexed (to its current end) whose key is one of {@code ids}. */
    private List<ConsumerRecord<String, String>> readAllPublished(Set<String> ids) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ARTICLES_INDEXED.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return readToEnd(consumer, partitions, ids);
        }
    }

    /** The keys among {@code keys} on redline.articles.analyzed.dlq (to its current end). */
    private Set<String> deadLetterKeys(Set<String> keys) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ARTICLES_ANALYZED_DLQ.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return readToEnd(consumer, partitions, keys).stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
        }
    }

    private static List<ConsumerRecord<String, String>> readToEnd(
            KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions, Set<String> keys) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (keys.contains(r.key())) {
                    found.add(r);
                }
            });
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
        });
        return found;
    }

    /**
     * Waits until the indexer's consumer group has committed past every one of {@code records}: it commits a batch
     * only after writing it, dead-lettering its bad records and publishing the rest.
     */
    private void awaitIndexerPast(List<RecordMetadata> records) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            await().atMost(WAIT).until(() -> {
                var committed = admin.listConsumerGroupOffsets("redline-search-indexer")
                        .partitionsToOffsetAndMetadata()
                        .get();
                return records.stream().allMatch(m -> {
                    var offset = committed.get(new TopicPartition(m.topic(), m.partition()));
                    return offset != null && offset.offset() > m.offset();
                });
            });
        }
    }

    /** A consumer of redline.articles.indexed with a group of its own, from the beginning, already assigned. */
    private KafkaConsumer<String, String> indexedConsumer() {
        KafkaConsumer<String, String> consumer = consumer();
        consumer.subscribe(List.of(Topic.ARTICLES_INDEXED.topicName()));
        // Joins the group before the test sends anything; reading from the beginning finds the records either way.
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {});
            return !consumer.assignment().isEmpty();
        });
        consumer.seekToBeginning(consumer.assignment());
        return consumer;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "publish-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"));
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** A reader as strict as the contract: a field the record has that {@code indexed-article/1} lacks fails. */
    private ObjectMapper contract() {
        return json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private IndexedArticle read(String value) {
        try {
            return contract().readValue(value, IndexedArticle.class);
        } catch (Exception e) {
            throw new AssertionError("not an indexed-article/1 document: " + value, e);
        }
    }

    private RecordMetadata send(ArticleSpec spec) {
        try {
            AnalyzedArticle doc = spec.build();
            return send(List.of(new ProducerRecord<>(
                            Topic.ARTICLES_ANALYZED.topicName(), spec.id, json.writeValueAsString(doc))))
                    .get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<RecordMetadata> send(List<ProducerRecord<String, String>> records) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                "50"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            List<RecordMetadata> done = new ArrayList<>();
            for (var f : sent) {
                done.add(f.get());
            }
            return done;
        }
    }

    private static Set<String> ids(Collection<ArticleSpec> specs) {
        return specs.stream().map(s -> s.id).collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A body no other test shares, so near-duplicate detection puts it in a story of its own. */
    private static String uniqueText() {
        return IntStream.range(0, 40)
                .mapToObj(i -> Fixtures.newId().substring(0, 8))
                .collect(Collectors.joining(" "));
    }

    private static ArticleSpec spec(String feed, String source, String title, String text, String published) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = source;
        s.title = title;
        s.text = text;
        s.score = 55;
        s.published = Instant.parse(published);
        return s.signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS");
    }
}
