package io.redline.common.kafka.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redline.common.kafka.IncomingChannels.Channel;
import io.redline.localstack.LocalStackTestResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer-lag monitor on the real broker: records no consumer of a group has committed show as the gauge per
 * partition, a commit takes them off, and lag that keeps growing without a commit past the window (on a clock the
 * test moves) is a stall the readiness check reports.
 */
class ConsumerLagMonitorTest {

    private static String bootstrap;
    private String topic;
    private String group;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ConsumerLagMonitor monitor;

    /** A clock that stands still until the test moves it. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void broker() {
        LocalStackTestResource stack = new LocalStackTestResource();
        stack.init(Map.of("elasticsearch", "false"));
        bootstrap = stack.start().get("kafka.bootstrap.servers");
    }

    @BeforeEach
    void topicAndMonitor() throws Exception {
        topic = "redline.test.lag-" + UUID.randomUUID();
        group = "redline-test-lag-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        monitor = new ConsumerLagMonitor(
                Map.of("bootstrap.servers", bootstrap),
                List.of(new Channel("test-in", group, List.of(topic), "earliest", 0)),
                registry,
                true,
                Duration.ofSeconds(15),
                Duration.ofMinutes(5),
                clock);
    }

    @AfterEach
    void close() {
        monitor.close();
    }

    @Test
    void recordsNotCommittedShowAsLagPerPartitionUntilTheGroupCommitsThem() throws Exception {
        produce(0, 5);
        produce(1, 3);

        monitor.sampleNow();

        assertThat(lag(0)).isEqualTo(5);
        assertThat(lag(1)).isEqualTo(3);
        assertThat(monitor.lag("test-in")).isEqualTo(8);

        commit(0, 2);
        monitor.sampleNow();

        assertThat(lag(0)).isEqualTo(3);
        assertThat(monitor.lag("test-in")).isEqualTo(6);
        assertThat(monitor.stalls()).isEmpty();
    }

    @Test
    void lagThatGrowsWithNoCommitForTheWindowIsAStallAndACommitEndsIt() throws Exception {
        produce(0, 2);
        monitor.sampleNow();
        clock.advance(Duration.ofMinutes(3));
        produce(0, 2);
        monitor.sampleNow();
        assertThat(monitor.stalls()).as("inside the window").isEmpty();

        clock.advance(Duration.ofMinutes(3));
        produce(1, 1);
        monitor.sampleNow();

        assertThat(monitor.stalls()).singleElement().satisfies(s -> {
            assertThat(s.channel()).isEqualTo("test-in");
            assertThat(s.groupId()).isEqualTo(group);
            assertThat(s.lag()).isEqualTo(5);
            assertThat(s.since()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        });
        assertThat(new ConsumerLagHealthCheck(monitor).call().getStatus().name())
                .isEqualTo("DOWN");

        commit(0, 4);
        clock.advance(Duration.ofSeconds(15));
        monitor.sampleNow();
        assertThat(monitor.stalls()).isEmpty();
        assertThat(new ConsumerLagHealthCheck(monitor).call().getStatus().name())
                .isEqualTo("UP");
    }

    private double lag(int partition) {
        Gauge g = registry.find(ConsumerLagMonitor.METRIC)
                .tags("channel", "test-in", "group", group, "topic", topic, "partition", Integer.toString(partition))
                .gauge();
        assertThat(g).as("gauge of partition " + partition).isNotNull();
        return g.value();
    }

    private void produce(int partition, int n) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Commits {@code offset} on a partition for the group, as its consumers would after processing. */
    private void commit(int partition, long offset) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "group.id", group),
                new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            c.assign(List.of(tp));
            c.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }
}
