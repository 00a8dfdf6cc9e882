package io.redline.ingest.registry;

import io.redline.common.kafka.CompactedTopicTail;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.contracts.Topic;
import io.redline.ingest.feed.IngestConfig;
import io.redline.ingest.feed.PublishedLedger;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The dedupe memory kept durable and shared: every publication is also written to the compacted
 * {@code redline.ingest.ledger} topic (article id -> "hash revision"), which every instance reads at start-up
 * and follows, so a restart or another instance does not publish an article again.
 *
 * <p>Memory stays bounded by {@code dedupe-capacity} (least recently used ids are forgotten; forgetting only
 * risks re-sending an unchanged old article, which search-service's external versioning ignores).
 */
@ApplicationScoped
public class KafkaLedger implements PublishedLedger {

    private static final Logger LOG = Logger.getLogger(KafkaLedger.class);

    private final InMemory memory;
    private final KafkaProducer<String, String> producer;
    private final CompactedTopicTail tail;

    public KafkaLedger(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.memory = new InMemory(config.dedupeCapacity());
        String instance = config.instanceId().orElse(IngestInstance.defaultId());
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(kafkaConfig, "ledger-" + instance),
                new StringSerializer(),
                new StringSerializer());
        this.tail = new CompactedTopicTail(
                Topic.INGEST_LEDGER.topicName(), kafkaConfig, "ledger-tail-" + instance, (id, value) -> {
                    if (value != null) {
                        memory.record(id, parse(value));
                    }
                });
    }

    /** Starts following the ledger topic (called once topics exist). */
    void start() {
        tail.start();
    }

    /** Waits until everything published before the call is remembered here. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return tail.awaitCaughtUp(timeout);
    }

    @Override
    public Published get(String articleId) {
        return memory.get(articleId);
    }

    @Override
    public void record(String articleId, Published published) {
        memory.record(articleId, published);
        producer.send(
                new ProducerRecord<>(
                        Topic.INGEST_LEDGER.topicName(),
                        articleId,
                        published.contentHash() + " " + published.revision()),
                (meta, e) -> {
                    if (e != null) {
                        // The article itself is safely on the raw topic; at worst a restart re-sends it once.
                        LOG.warnf("Could not record article %s in the ledger: %s", articleId, e.toString());
                    }
                });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /** Number of article ids remembered in memory. */
    public int size() {
        return memory.size();
    }

    static Published parse(String value) {
        int space = value.lastIndexOf(' ');
        return new Published(value.substring(0, space), Integer.parseInt(value.substring(space + 1)));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
        tail.close();
    }
}
