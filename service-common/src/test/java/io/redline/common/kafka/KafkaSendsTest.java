package io.redline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.localstack.LocalStackTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches sent to the real broker: refused records come back one by one, passing failures are resent once each. */
class KafkaSendsTest {

    private static final Logger LOG = Logger.getLogger(KafkaSendsTest.class);

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        LocalStackTestResource stack = new LocalStackTestResource();
        stack.init(Map.of("elasticsearch", "false"));
        bootstrap = stack.start().get("kafka.bootstrap.servers");
    }

    @Test
    void aRecordRefusedForGoodComesBackAndTheOthersAreWrittenOnce() throws Exception {
        String topic = createTopic();
        List<ProducerRecord<String, String>> records = List.of(
                new ProducerRecord<>(topic, "a", "small a"),
                new ProducerRecord<>(topic, "big", "x".repeat(5_000)),
                new ProducerRecord<>(topic, "b", "small b"));
        try (KafkaProducer<String, String> producer = producer(Map.of("max.request.size", "2000"))) {
            List<KafkaSends.Refused<String, String>> refused = KafkaSends.sendAll(producer, records, LOG, "test");
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).record().key()).isEqualTo("big");
            assertThat(refused.get(0).cause()).isInstanceOf(RecordTooLargeException.class);
        }
        assertThat(read(topic, 2)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void recordsForATopicThatAppearsLaterAreResentUntilWrittenOnceEach() throws Exception {
        String topic = "redline.test.sends-" + UUID.randomUUID();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        // The topic does not exist and is not auto-created: every send times out (retriable) until it is created.
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(3_000);
                createTopic(topic);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (KafkaProducer<String, String> producer = producer(Map.of("max.block.ms", "1000"))) {
            assertThat(KafkaSends.sendAll(producer, records, LOG, "test")).isEmpty();
        }
        later.get(60, TimeUnit.SECONDS);
        assertThat(read(topic, 5))
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        java.util.Properties p =
                KafkaClientSettings.producer(Map.of("bootstrap.servers", bootstrap), "sends-test-" + UUID.randomUUID());
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static String createTopic() throws Exception {
        return createTopic("redline.test.sends-" + UUID.randomUUID());
    }

    private static String createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    /** Every record on the topic once at least {@code expected} have arrived, plus a grace poll for extras. */
    private static List<ConsumerRecord<String, String>> read(String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        "sends-test-" + UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (all.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
            consumer.poll(Duration.ofSeconds(2)).forEach(all::add);
            return all;
        }
    }
}
