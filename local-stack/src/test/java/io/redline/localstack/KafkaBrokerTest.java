package io.redline.localstack;

import static io.redline.localstack.ProcessAssertions.assertNothingLeft;
import static io.redline.localstack.ProcessAssertions.assertRunsAsGroupLeader;
import static io.redline.localstack.ProcessAssertions.processTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** One broker through its life: round trip, crash and restart with its data, clean stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerTest {

    private static final String TOPIC = "redline-test";
    private static final Duration READY = Duration.ofSeconds(90);

    private Path dataDir;
    private KafkaBroker broker;

    @BeforeAll
    void startBroker() {
        dataDir = StackDirs.newRunDir("kafka-broker-test");
        broker = KafkaBroker.onFreePorts(dataDir).javaOpts(LocalStack.KAFKA_JAVA_OPTS);
        broker.start().awaitReady(READY);
    }

    @AfterAll
    void cleanUp() {
        if (broker != null) {
            broker.kill();
        }
        StackDirs.deleteRecursively(dataDir);
    }

    @Test
    @Order(1)
    void createsATopicAndRoundTripsARecord() throws Exception {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(TOPIC, "article-1", "Border clash escalates"))
                    .get(30, TimeUnit.SECONDS);
        }

        assertThat(consumeAll()).containsExactly("Border clash escalates");
    }

    @Test
    @Order(2)
    void killLeavesNoProcessAndARestartKeepsTheData() {
        long pid = broker.pid();
        List<Long> tree = processTree(pid);
        assertRunsAsGroupLeader(pid);

        broker.kill();

        assertNothingLeft(pid, tree);
        assertThat(broker.isRunning()).isFalse();

        broker.start().awaitReady(READY);

        assertThat(broker.pid()).isNotEqualTo(pid);
        assertThat(consumeAll()).containsExactly("Border clash escalates");
    }

    @Test
    @Order(3)
    void stopLeavesNoProcess() {
        long pid = broker.pid();
        List<Long> tree = processTree(pid);

        broker.stop();

        assertNothingLeft(pid, tree);
        assertThat(broker.isRunning()).isFalse();
    }

    /** Every value in the topic, read by a new consumer group from the start. */
    private List<String> consumeAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }
}
