package io.redline.ingest.registry;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.common.kafka.RecordJson;
import io.redline.contracts.Topic;
import io.redline.ingest.feed.FeedPoller;
import io.redline.ingest.feed.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Decides which feeds this instance polls: the instances of one consumer group share the partitions of the
 * {@code redline.feeds} topic, and each polls exactly the feeds whose records live in its partitions.
 *
 * <p>When an instance joins or leaves, Kafka moves partitions; before giving one up an instance finishes its
 * fetches in flight for those feeds and makes their state durable, and the next owner reads that state
 * (schedule, validators) before taking them on, so a feed is never polled by two instances at once nor twice
 * within one interval. Start-up order: topics exist, the registry, state and ledger tables are read in full,
 * configured feeds are registered, then the instance joins the group.
 */
@ApplicationScoped
public class FeedAssignment {

    private static final Logger LOG = Logger.getLogger(FeedAssignment.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final IngestConfig config;
    private final FeedRegistry registry;
    private final KafkaLedger ledger;
    private final FeedPoller poller;
    private final Properties consumerProps;
    private final Map<TopicPartition, Set<String>> feedsByPartition = new ConcurrentHashMap<>();
    /** Partitions gained and still being replayed: the latest record per feed, and the offset the replay ends at. */
    private final Map<TopicPartition, Map<String, String>> loading = new HashMap<>();

    private final Map<TopicPartition, Long> loadUntil = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile KafkaConsumer<String, String> consumer;

    public FeedAssignment(
            IngestConfig config,
            FeedRegistry registry,
            KafkaLedger ledger,
            FeedPoller poller,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.registry = registry;
        this.ledger = ledger;
        this.poller = poller;
        String instance = config.instanceId().orElse(IngestInstance.defaultId());
        this.consumerProps = KafkaClientSettings.consumer(kafkaConfig, "assign-" + instance);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Incremental hand-over: only the partitions that move are revoked, the rest keep being polled.
        consumerProps.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A crashed instance's feeds move to the others after this long without heartbeats.
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
        consumerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        this.thread = new Thread(this::run, "feed-assignment");
        this.thread.setDaemon(true);
    }

    /** After the topics were created (TopicInitializer runs at priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        registry.start();
        ledger.start();
        thread.start();
    }

    /** Whether this instance has read the registry and joined the group (readiness). */
    public boolean ready() {
        return ready;
    }

    private void run() {
        try {
            // Never poll before the dedupe memory and saved states are complete: it would re-publish.
            while (running && !(registry.awaitCaughtUp(CATCH_UP) && ledger.awaitCaughtUp(CATCH_UP))) {
                LOG.warn("Feed registry not read yet (Kafka unreachable?); still trying");
            }
            if (!running) {
                return;
            }
            registry.ensureConfigured();
            LOG.infof(
                    "Feed registry read: %d feeds, %d article ids remembered; joining group %s",
                    registry.definitions().size(), ledger.size(), config.groupId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (running) {
            try (KafkaConsumer<String, String> c =
                    new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer = c;
                c.subscribe(List.of(Topic.FEEDS.topicName()), new Listener(c));
                ready = true;
                while (running) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Map<String, String> replay = loading.get(tp);
                        if (replay != null) {
                            replay.put(r.key(), r.value()); // history of a partition just gained: keep the last only
                        } else {
                            apply(tp, r.key(), r.value());
                        }
                    }
                    finishLoading(c);
                }
                // Leaving the group (close) revokes our partitions through the listener: feeds are handed over cleanly.
            } catch (WakeupException e) {
                // shutdown
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Feed assignment failed (%s); rejoining", e.toString());
                    loading.clear();
                    loadUntil.clear();
                    release(new ArrayList<>(feedsByPartition.keySet()));
                    sleep(1000);
                }
            }
        }
        ready = false;
    }

    /**
     * Applies the replayed history of gained partitions once it is read up to where it ended at assignment:
     * acting record by record would schedule a feed from an old record before its later delete or disable.
     */
    private void finishLoading(KafkaConsumer<String, String> c) {
        for (TopicPartition tp : List.copyOf(loading.keySet())) {
            if (c.position(tp) >= loadUntil.get(tp)) {
                Map<String, String> latest = loading.remove(tp);
                loadUntil.remove(tp);
                latest.forEach((key, value) -> apply(tp, key, value));
            }
        }
    }

    private void apply(TopicPartition tp, String key, String value) {
        if (key == null) {
            return;
        }
        Set<String> ids = feedsByPartition.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet());
        if (value == null) {
            ids.remove(key);
            poller.remove(key);
            return;
        }
        FeedDefinition d;
        try {
            d = RecordJson.MAPPER.readValue(value, FeedDefinition.class);
        } catch (IOException e) {
            LOG.warnf("Unreadable feed record %s: %s", key, e.getMessage());
            return;
        }
        ids.add(d.id());
        if (d.enabled()) {
            poller.upsert(d, registry.savedState(d.id()));
        } else {
            poller.remove(d.id());
        }
    }

    private void release(Collection<TopicPartition> partitions) {
        Set<String> ids = new HashSet<>();
        for (TopicPartition tp : partitions) {
            Set<String> s = feedsByPartition.remove(tp);
            if (s != null) {
                ids.addAll(s);
            }
        }
        if (!ids.isEmpty()) {
            poller.release(ids);
            LOG.infof("Handed over %d feed(s) of partitions %s", ids.size(), partitions);
        }
    }

    /** Loads the feeds of partitions we gain (from the start of the compacted topic) and hands over those we lose. */
    private final class Listener implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, String> c;

        Listener(KafkaConsumer<String, String> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            try {
                // The previous owner flushed its state and ledger before giving them up; read both before scheduling.
                if (!registry.awaitStateCaughtUp(CATCH_UP) || !ledger.awaitCaughtUp(CATCH_UP)) {
                    LOG.warn("Feed state or ledger not fully read before taking over feeds");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                loading.put(tp, new LinkedHashMap<>());
                loadUntil.put(tp, ends.getOrDefault(tp, 0L));
            }
            LOG.infof("Now polling the feeds of partitions %s", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forgetLoading(partitions);
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forgetLoading(partitions);
            release(partitions);
        }

        private void forgetLoading(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                loading.remove(tp);
                loadUntil.remove(tp);
            });
        }
    }

    /** Leaves the group before the application's beans go away, so fetches finish and state is saved. */
    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (!ready) {
            thread.interrupt(); // still waiting for Kafka at start-up
        }
        try {
            thread.join(config.fetchTimeout().plusSeconds(40).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
