package io.redline.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.demo.PublishedArticle;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Demo feeds served over real HTTP are polled and their articles land on the real broker's raw topic. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
@WithTestResource(value = DemoFeedsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FeedIngestionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void publishesEveryDemoArticleOnceKeyedByIdWithSchemaHeader() {
        int expected = DemoFeedsResource.server.content().initial().size();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= expected;
            });
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).hasSize(32);
                assertThat(r.value()).contains("\"id\":\"" + r.key() + "\"");
                assertThat(new String(
                                r.headers()
                                        .lastHeader(ContractHeader.SCHEMA.headerName())
                                        .value(),
                                StandardCharsets.UTF_8))
                        .isEqualTo(RawArticle.SCHEMA);
            });
            assertThat(records.stream().map(ConsumerRecord::key).distinct().count())
                    .isEqualTo(records.size());

            // Further polls of unchanged feeds publish nothing; a new demo article is published once.
            PublishedArticle next = DemoFeedsResource.server.publishNext();
            List<ConsumerRecord<String, String>> later = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(later::add);
                return later.stream().anyMatch(r -> r.value().contains(next.id()));
            });
            // Several more poll cycles (1 s each) pass while we keep reading: still nothing else arrives.
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(later::add);
            }
            assertThat(later).hasSize(1);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topic.ARTICLES_RAW.topicName()));
        return consumer;
    }
}
