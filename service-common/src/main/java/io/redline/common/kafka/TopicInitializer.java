package io.redline.common.kafka;

import io.quarkus.runtime.StartupEvent;
import io.redline.common.retry.Backoff;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the Kafka topics a service uses, with the partitions and retention of {@link Topic}, at start-up.
 *
 * <p>Brokers run with {@code auto.create.topics.enable=false}: an auto-created topic would get the broker's
 * defaults (one partition, no compaction) and silently break replay and scale-out. Creation is idempotent,
 * so every service can ensure the topics it touches, in any start order.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private final Map<String, Object> kafkaConfig;
    private final List<String> topicNames;
    private final Duration timeout;
    private final short replicationFactor;

    @Inject
    public TopicInitializer(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "redline.kafka.topics") Optional<List<String>> topicNames,
            @ConfigProperty(name = "redline.kafka.topic-init-timeout", defaultValue = "60s") Duration timeout,
            @ConfigProperty(name = "redline.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.kafkaConfig = kafkaConfig;
        this.topicNames = topicNames.orElse(List.of());
        this.timeout = timeout;
        this.replicationFactor = replicationFactor;
    }

    /** Runs before the messaging connectors start consuming (lower priority value runs first). */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        ensureTopics();
    }

    /** Creates every configured topic that does not exist yet; retries until the broker answers or time is up. */
    public void ensureTopics() {
        if (topicNames.isEmpty()) {
            return;
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : topicNames) {
            wanted.add(newTopic(Topic.byName(name.trim()), replicationFactor));
        }
        try {
            Backoff.fixed(Duration.ofSeconds(1))
                    .giveUpAfter(timeout)
                    .call(LOG, "Creating Kafka topics " + topicNames, () -> createMissing(wanted));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not create Kafka topics " + topicNames + " within " + timeout + " at "
                            + kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                    e);
        }
    }

    /** One attempt: lists the topics and creates those missing; returns how many it created. */
    private int createMissing(List<NewTopic> wanted) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    LOG.infof(
                            "Created topic %s (%d partitions, %s)",
                            topic.name(), topic.numPartitions(), topic.configs());
                } catch (ExecutionException e) {
                    // Another service created it between our list and our create: that is fine.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return missing.size();
        }
    }

    /** The topic as it is created: partitions, cleanup policy and retention from the contract. */
    static NewTopic newTopic(Topic topic, short replicationFactor) {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", topic.cleanupPolicy());
        configs.put("retention.ms", Long.toString(topic.retentionMs()));
        // With more than one replica, acks=all only means something when a write needs two copies.
        configs.put("min.insync.replicas", replicationFactor > 1 ? "2" : "1");
        return new NewTopic(topic.topicName(), topic.partitions(), replicationFactor).configs(configs);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        // The connector's Kafka settings (bootstrap, security) apply to the admin client too; only the
        // admin-relevant ones are kept so the client does not warn about unknown producer settings.
        kafkaConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "redline-topic-initializer");
        return config;
    }
}
