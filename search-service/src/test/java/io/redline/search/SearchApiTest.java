package io.redline.search;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Analysed articles on the real broker are indexed into the real Elasticsearch and found through the API. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SearchApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void indexedArticleIsFoundByWordAndById() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, analyzed(id, 1, "Kremlin draws a red line over howitzers"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().queryParam("q", "howitzers")
                        .get("/api/articles")
                        .then()
                        .statusCode(200)
                        .body("total", greaterThanOrEqualTo(1)));
        given().queryParam("q", "howitzers")
                .get("/api/articles")
                .then()
                .body("items[0].id", equalTo(id))
                .body("items[0].document.analysis.level", equalTo("HIGH"))
                .body("items[0].document.analysis.signals[0].type", equalTo("RED_LINE"))
                .body(
                        "items[0].highlights.'article.title'[0]",
                        equalTo("Kremlin draws a red line over <em>howitzers</em>"));
        given().get("/api/articles/" + id)
                .then()
                .statusCode(200)
                .body("article.title", equalTo("Kremlin draws a red line over howitzers"));
    }

    @Test
    void olderRevisionNeverOverwritesNewer() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, analyzed(id, 2, "Revision two about frigates"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/articles/" + id).then().statusCode(200));
        send(id, analyzed(id, 1, "Revision one about frigates"));
        String marker = UUID.randomUUID().toString().replace("-", "");
        send(marker, analyzed(marker, 1, "Marker after the stale revision"));
        // Records of one partition are indexed in order; the marker shares nothing with id, so wait on the
        // consumer group's progress instead: once both later records are consumed the stale one was too.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> given().get("/api/articles/" + marker).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything());
        given().get("/api/articles/" + id).then().body("article.title", equalTo("Revision two about frigates"));
    }

    @Test
    void olderAnalyzerVersionOfTheSameRevisionNeverOverwritesNewer() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, analyzed(id, 1, "Reanalysed by rules two about corvettes", "rules-0.2.0"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/articles/" + id).then().statusCode(200));
        send(id, analyzed(id, 1, "Stale analysis by rules one about corvettes", "rules-0.1.0"));
        String marker = UUID.randomUUID().toString().replace("-", "");
        send(marker, analyzed(marker, 1, "Marker after the stale analysis"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> given().get("/api/articles/" + marker).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything());
        given().get("/api/articles/" + id)
                .then()
                .body("article.title", equalTo("Reanalysed by rules two about corvettes"))
                .body("analysis.analyzerVersion", equalTo("rules-0.2.0"));
    }

    @Test
    void unknownIdIs404AndBadSizeIs400ProblemNamingTheParameter() {
        given().get("/api/articles/does-not-exist").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("size", 0)
                .get("/api/articles")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("size"));
        given().queryParam("size", 101).get("/api/articles").then().statusCode(400);
    }

    @Test
    void malformedRecordGoesToDeadLetterTopicWithReason() throws Exception {
        String key = "bad-" + UUID.randomUUID();
        send(key, "[1,2,3]");
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
            consumer.subscribe(List.of(Topic.ARTICLES_ANALYZED_DLQ.topicName()));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            assertThat(new String(
                            found.get(0)
                                    .headers()
                                    .lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName())
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("not an analyzed-article/1 document");
        }
    }

    @Test
    void aBatchWithBadRecordsIndexesTheGoodOnesAndDeadLettersEachBadOneWithItsReason() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> good = List.of(run + "g1", run + "g2", run + "g3");
        String unreadable = run + "b1";
        String noId = run + "b2";
        String refused = run + "b3";
        // One partition, sent back to back: they are usually consumed in one batch, where one bad record must
        // neither hold up nor drop the others (the semantics hold for any batching).
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
            String topic = Topic.ARTICLES_ANALYZED.topicName();
            List<ProducerRecord<String, String>> records = List.of(
                    new ProducerRecord<>(topic, 0, good.get(0), analyzed(good.get(0), 1, "Batch one about gunboats")),
                    new ProducerRecord<>(topic, 0, unreadable, "{\"article\": [unclosed"),
                    new ProducerRecord<>(topic, 0, good.get(1), analyzed(good.get(1), 1, "Batch two about gunboats")),
                    new ProducerRecord<>(topic, 0, noId, "{\"article\":{\"title\":\"no id\"},\"analysis\":{}}"),
                    new ProducerRecord<>(
                            topic,
                            0,
                            refused,
                            analyzed(refused, 1, "Refused about gunboats")
                                    .replace(
                                            "\"publishedAt\":\"2026-11-27T08:00:00Z\"",
                                            "\"publishedAt\":\"+12026-11-27T08:00:00Z\"")),
                    new ProducerRecord<>(
                            topic, 0, good.get(2), analyzed(good.get(2), 1, "Batch three about gunboats")));
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            for (var f : sent) {
                f.get();
            }
        }
        for (String id : good) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> given().get("/api/articles/" + id).then().statusCode(200));
        }
        Map<String, ConsumerRecord<String, String>> dead = deadLetters(List.of(unreadable, noId, refused));
        assertThat(reason(dead.get(unreadable))).contains("not an analyzed-article/1 document");
        assertThat(reason(dead.get(noId))).contains("without article id");
        assertThat(reason(dead.get(refused))).contains("Elasticsearch rejected article " + refused);
        // The copies keep what is needed to find and replay the original.
        for (ConsumerRecord<String, String> r : dead.values()) {
            assertThat(header(r, "dead-letter-topic")).isEqualTo(Topic.ARTICLES_ANALYZED.topicName());
            assertThat(header(r, "dead-letter-partition")).isEqualTo("0");
            assertThat(header(r, "dead-letter-offset")).matches("[0-9]+");
        }
        assertThat(dead.get(refused).value()).contains("+12026-11-27T08:00:00Z");
        given().get("/api/articles/" + refused).then().statusCode(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything());
    }

    private Map<String, ConsumerRecord<String, String>> deadLetters(List<String> keys) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        Map<String, ConsumerRecord<String, String>> found = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.ARTICLES_ANALYZED_DLQ.topicName()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (keys.contains(r.key())) {
                        found.put(r.key(), r);
                    }
                });
                return found.size() == keys.size();
            });
        }
        return found;
    }

    private static String reason(ConsumerRecord<String, String> r) {
        return header(r, ContractHeader.DEAD_LETTER_REASON.headerName());
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private boolean consumedEverything() throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            var committed = admin.listConsumerGroupOffsets("redline-search-indexer")
                    .partitionsToOffsetAndMetadata()
                    .get();
            var ends = admin.listOffsets(committed.keySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                    .all()
                    .get();
            return committed.entrySet().stream()
                    .allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
        }
    }

    static String analyzed(String id, int revision, String title) {
        return analyzed(id, revision, title, "test");
    }

    static String analyzed(String id, int revision, String title, String analyzerVersion) {
        return """
                {"article":{"id":"%s","revision":%d,"url":"http://example.org/%s","feedId":"f1",
                  "feedUrl":"http://example.org/rss","sourceDomain":"example.org","title":"%s","summary":"",
                  "contentHtml":"","text":"Officials said the line was drawn.","authors":[],"categories":[],"tags":[],
                  "language":"en","publishedAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z",
                  "fetchedAt":"2026-11-27T08:01:00Z","contentHash":"h%d"},
                 "analysis":{"analyzerVersion":"%s","language":"en","supported":true,"escalationScore":55,
                  "level":"HIGH","deescalationScore":0,"goldstein":null,
                  "signals":[{"type":"RED_LINE","modality":"ASSERTED","speaker":null,"actors":["RUS"],
                    "evidence":{"sentenceIndex":0,"start":0,"end":10,"sentence":"%s","matchedText":"red line"},
                    "confidence":0.7}],
                  "events":[],"dyads":[],"actors":["RUS"],"topEvidence":[],"analyzedAt":"2026-11-27T08:02:00Z"}}
                """.formatted(id, revision, id, title, revision, analyzerVersion, title);
    }

    private void send(String key, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.ARTICLES_ANALYZED.topicName(), key, value))
                    .get();
        }
    }
}
