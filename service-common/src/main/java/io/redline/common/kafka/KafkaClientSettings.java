package io.redline.common.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Plain Kafka client settings derived from the messaging connector's broker config (bootstrap, security). */
public final class KafkaClientSettings {

    private KafkaClientSettings() {}

    /** A consumer without group: no auto-commit, from the earliest offset, never auto-creating topics. */
    public static Properties consumer(Map<String, Object> kafkaConfig, String clientId) {
        Properties p = filtered(kafkaConfig, ConsumerConfig.configNames());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Never let a consumer create a topic with broker defaults (one partition, no compaction).
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /** A producer that never loses or duplicates a send: acks=all, idempotent. */
    public static Properties producer(Map<String, Object> kafkaConfig, String clientId) {
        Properties p = filtered(kafkaConfig, ProducerConfig.configNames());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private static Properties filtered(Map<String, Object> kafkaConfig, Set<String> names) {
        Properties p = new Properties();
        Map<String, Object> copy = new HashMap<>(kafkaConfig);
        copy.forEach((k, v) -> {
            if (names.contains(k) && v != null) {
                p.put(k, v.toString());
            }
        });
        return p;
    }
}
