package io.redline.common.kafka.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Reads a consumer group's lag from the broker with the admin client: per partition, the log end offset less the
 * group's committed offset (where the group would start, per its {@code auto.offset.reset}, when it committed none).
 */
public final class ConsumerLagSampler implements AutoCloseable {

    /** One reading of a group on its topics: lag per partition, and the sums the readiness rule looks at. */
    public record Sample(Map<TopicPartition, Long> lagByPartition, long lag, long committed) {}

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;

    /** A sampler with its own admin client, made from the connector's Kafka settings (bootstrap, security). */
    public ConsumerLagSampler(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis() + 5_000);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "redline-consumer-lag");
        this.admin = Admin.create(config);
    }

    /** The lag of {@code group} on {@code topics}; {@code autoOffsetReset} is where it starts without a commit. */
    public Sample sample(String group, Collection<String> topics, String autoOffsetReset) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                partitions.add(new TopicPartition(d.name(), p.partition()));
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = "earliest".equals(autoOffsetReset)
                ? offsets(
                        partitions.stream()
                                .filter(tp -> committed.get(tp) == null)
                                .toList(),
                        OffsetSpec.earliest())
                : Map.of();
        Map<TopicPartition, Long> lag = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        long total = 0;
        long committedSum = 0;
        for (TopicPartition tp : partitions) {
            long endOffset = end.getOrDefault(tp, 0L);
            OffsetAndMetadata c = committed.get(tp);
            // No commit yet: the group starts at the log start (earliest) or the end (latest: nothing is owed).
            long position = c != null ? c.offset() : start.getOrDefault(tp, endOffset);
            long l = Math.max(0, endOffset - position);
            lag.put(tp, l);
            total += l;
            committedSum += c == null ? 0 : c.offset();
        }
        return new Sample(lag, total, committedSum);
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> r =
                admin.listOffsets(request).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }
}
