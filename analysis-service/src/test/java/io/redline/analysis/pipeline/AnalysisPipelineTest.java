package io.redline.analysis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
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

/** Raw articles on the real broker come out analysed; poison records land in the DLQ with a reason. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class AnalysisPipelineTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void analysesRawArticleAndKeepsItsKey() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        send(id, rawArticle(id, "Kremlin warns of red line",
                "Moscow said that long-range missile strikes on Russian territory would cross a red line."));
        ConsumerRecord<String, String> out = awaitRecord(Topic.ARTICLES_ANALYZED, id);
        assertThat(out.value()).contains("\"analysis\"").contains("RED_LINE").contains("\"analyzerVersion\"");
        assertThat(new String(out.headers().lastHeader(ContractHeader.SCHEMA.headerName()).value(),
                StandardCharsets.UTF_8)).isEqualTo("analyzed-article/1");
    }

    @Test
    void poisonRecordGoesToDeadLetterTopicWithReasonAndNextRecordIsAnalysed() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        String nextId = UUID.randomUUID().toString().replace("-", "");
        send(poisonKey, "{this is not json");
        send(nextId, rawArticle(nextId, "Talks resume in Geneva", "Delegations met for talks in Geneva."));

        ConsumerRecord<String, String> dead = awaitRecord(Topic.ARTICLES_RAW_DLQ, poisonKey);
        assertThat(dead.value()).isEqualTo("{this is not json");
        String reason = new String(dead.headers().lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName()).value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("not a raw-article/1 JSON document");
        assertThat(awaitRecord(Topic.ARTICLES_ANALYZED, nextId).value()).contains("TALKS");
    }

    @Test
    void articleWithoutIdIsRejectedWithReason() throws Exception {
        String key = "noid-" + UUID.randomUUID();
        send(key, "{\"title\":\"x\",\"text\":\"y\"}");
        ConsumerRecord<String, String> dead = awaitRecord(Topic.ARTICLES_RAW_DLQ, key);
        assertThat(new String(dead.headers().lastHeader(ContractHeader.DEAD_LETTER_REASON.headerName()).value(),
                StandardCharsets.UTF_8)).contains("no id");
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
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.ARTICLES_RAW.topicName(), key, value)).get();
        }
    }

    private ConsumerRecord<String, String> awaitRecord(Topic topic, String key) {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
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
