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
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("q", "howitzers")
                .get("/api/articles").then().statusCode(200).body("total", greaterThanOrEqualTo(1)));
        given().queryParam("q", "howitzers").get("/api/articles").then()
                .body("items[0].id", equalTo(id))
                .body("items[0].document.analysis.level", equalTo("HIGH"))
                .body("items[0].document.analysis.signals[0].type", equalTo("RED_LINE"))
                .body("items[0].highlights.'article.title'[0]", equalTo("Kremlin draws a red line over <em>howitzers</em>"));
        given().get("/api/articles/" + id).then().statusCode(200).body("article.title",
                equalTo("Kremlin draws a red line over howitzers"));
    }

    @Test
    void olderRevisionNeverOverwritesNewer() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, analyzed(id, 2, "Revision two about frigates"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/articles/" + id)
                .then().statusCode(200));
        send(id, analyzed(id, 1, "Revision one about frigates"));
        String marker = UUID.randomUUID().toString().replace("-", "");
        send(marker, analyzed(marker, 1, "Marker after the stale revision"));
        // Records of one partition are indexed in order; the marker shares nothing with id, so wait on the
        // consumer group's progress instead: once both later records are consumed the stale one was too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/articles/" + marker)
                .then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything());
        given().get("/api/articles/" + id).then().body("article.title", equalTo("Revision two about frigates"));
    }

    @Test
    void olderAnalyzerVersionOfTheSameRevisionNeverOverwritesNewer() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, analyzed(id, 1, "Reanalysed by rules two about corvettes", "rules-0.2.0"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/articles/" + id)
                .then().statusCode(200));
        send(id, analyzed(id, 1, "Stale analysis by rules one about corvettes", "rules-0.1.0"));
        String marker = UUID.randomUUID().toString().replace("-", "");
        send(marker, analyzed(marker, 1, "Marker after the stale analysis"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/articles/" + marker)
                .then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedEverything());
        given().get("/api/articles/" + id).then().body("article.title", equalTo("Reanalysed by rules two about corvettes"))
                .body("analysis.analyzerVersion", equalTo("rules-0.2.0"));
    }

    @Test
    void unknownIdIs404AndBadSizeIs400ProblemNamingTheParameter() {
        given().get("/api/articles/does-not-exist").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("size", 0).get("/api/articles").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("size"));
        given().queryParam("size", 101).get("/api/articles").then().statusCode(400);
    }

    @Test
    void malformedRecordGoesToDeadLetterTopicWithReason() throws Exception {
        String key = "bad-" + UUID.randomUUID();
        send(key, "[1,2,3]");
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
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
            assertThat(new String(found.get(0).headers().lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName())
                    .value(), StandardCharsets.UTF_8)).contains("not an analyzed-article/1 document");
        }
    }

    private boolean consumedEverything() throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            var committed = admin.listConsumerGroupOffsets("redline-search-indexer").partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(
                    tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            return committed.entrySet().stream().allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
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
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.ARTICLES_ANALYZED.topicName(), key, value)).get();
        }
    }
}
