package io.redline.search.index;

import io.redline.common.kafka.KafkaClientSettings;
import io.redline.common.kafka.KafkaSends;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Copies rejected analysed-article records to {@code redline.articles.analyzed.dlq} with the headers SmallRye's
 * dead-letter strategy writes, and returns only once the broker has them, so the indexer can commit past them.
 *
 * <p>The indexer consumes in batches, where SmallRye's own strategy would dead-letter only the last record of each
 * partition; this keeps the per-record contract (same topic, key, value, original headers, {@code dead-letter-*}
 * headers) that the single-record channel had.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** A record to dead-letter and why. */
    public record Rejected(ConsumerRecord<String, String> record, String reason, Throwable cause) {}

    private final KafkaProducer<String, String> producer;

    @Inject
    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(
                        kafkaConfig,
                        "search-indexer-dlq-" + ProcessHandle.current().pid()),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * Writes every rejected record to the DLQ and waits for the broker, retrying with backoff for as long as it
     * takes: the caller must not acknowledge the batch before its rejects are safe.
     */
    public void publish(List<Rejected> rejected) throws InterruptedException {
        if (rejected.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>(rejected.size());
        rejected.forEach(r -> records.add(toDeadLetter(r)));
        for (KafkaSends.Refused<String, String> r : KafkaSends.sendAll(producer, records, LOG, "Dead-lettering")) {
            // Nowhere left to put it: the log is the last record of it.
            LOG.errorf(
                    "Analysed record with key %s could not be dead-lettered and is dropped: %s",
                    r.record().key(), r.cause());
        }
    }

    static ProducerRecord<String, String> toDeadLetter(Rejected r) {
        ConsumerRecord<String, String> in = r.record();
        ProducerRecord<String, String> out =
                new ProducerRecord<>(Topic.ARTICLES_ANALYZED_DLQ.topicName(), null, in.key(), in.value());
        for (Header h : in.headers()) {
            out.headers().add(h);
        }
        out.headers().add(ContractHeader.DEAD_LETTER_REASON.headerName(), bytes(r.reason()));
        if (r.cause() != null && r.cause().getCause() != null) {
            out.headers()
                    .add(
                            "dead-letter-cause",
                            bytes(String.valueOf(r.cause().getCause().getMessage())));
        }
        out.headers().add("dead-letter-topic", bytes(in.topic()));
        out.headers().add("dead-letter-partition", bytes(Integer.toString(in.partition())));
        out.headers().add("dead-letter-offset", bytes(Long.toString(in.offset())));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
