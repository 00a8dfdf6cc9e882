package io.redline.alerts.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.common.kafka.KafkaSends;
import io.redline.contracts.Alert;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes alerts to {@code redline.alerts} (keyed {@code <subscriptionId>|<storyId>}) and failed deliveries to
 * {@code redline.alerts.dlq}, with an idempotent {@code acks=all} producer, and waits for the broker's
 * acknowledgement: a caller that returns has its records on the broker.
 */
@ApplicationScoped
public class AlertProducer {

    /** Schema header of a dead-lettered delivery. */
    public static final String DLQ_SCHEMA = "alert-delivery-failure/1";

    private static final Logger LOG = Logger.getLogger(AlertProducer.class);

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;

    @Inject
    public AlertProducer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json) {
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(
                        kafkaConfig, "alert-service-" + ProcessHandle.current().pid()),
                new StringSerializer(),
                new StringSerializer());
        this.json = json;
    }

    /** The record of an alert on {@code redline.alerts}; throws IllegalArgumentException if it cannot be written. */
    public ProducerRecord<String, String> alertRecord(Alert a) {
        return record(
                Topic.ALERTS.topicName(), AlertFactory.key(a.subscriptionId(), a.storyId()), write(a), Alert.SCHEMA);
    }

    /**
     * Publishes alert records and waits until the broker has each, resending only those it could not take yet, for
     * as long as it takes; returns those it refused for good.
     */
    public List<KafkaSends.Refused<String, String>> publish(List<ProducerRecord<String, String>> alerts)
            throws InterruptedException {
        return KafkaSends.sendAll(producer, alerts, LOG, "Publishing alerts");
    }

    /** Publishes one dead-lettered delivery record (any JSON-able value) and waits for the broker. */
    public void deadLetter(String key, Object failure, String reason)
            throws ExecutionException, TimeoutException, InterruptedException {
        ProducerRecord<String, String> r = record(Topic.ALERTS_DLQ.topicName(), key, write(failure), DLQ_SCHEMA);
        r.headers().add(ContractHeader.DEAD_LETTER_REASON.headerName(), reason.getBytes(StandardCharsets.UTF_8));
        producer.send(r).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Copies an unreadable {@code redline.articles.indexed} record to {@code redline.articles.indexed.dlq} with the
     * reason and where it came from, and waits for the broker (retrying) so the batch can be acknowledged past it.
     */
    public void deadLetterIndexed(ConsumerRecord<String, String> in, String reason) throws InterruptedException {
        ProducerRecord<String, String> out =
                new ProducerRecord<>(Topic.ARTICLES_INDEXED_DLQ.topicName(), null, in.key(), in.value());
        for (Header h : in.headers()) {
            out.headers().add(h);
        }
        out.headers().add(ContractHeader.DEAD_LETTER_REASON.headerName(), reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add("dead-letter-topic", in.topic().getBytes(StandardCharsets.UTF_8));
        out.headers()
                .add("dead-letter-partition", Integer.toString(in.partition()).getBytes(StandardCharsets.UTF_8));
        out.headers().add("dead-letter-offset", Long.toString(in.offset()).getBytes(StandardCharsets.UTF_8));
        for (KafkaSends.Refused<String, String> r : KafkaSends.sendAll(producer, List.of(out), LOG, "Dead-lettering")) {
            // Nowhere left to put it: the log is the last record of it.
            LOG.errorf("Indexed record %s could not be dead-lettered and is dropped: %s", in.key(), r.cause());
        }
    }

    private Future<RecordMetadata> send(String topic, String key, String value, String schema) {
        return producer.send(record(topic, key, value, schema));
    }

    private static ProducerRecord<String, String> record(String topic, String key, String value, String schema) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
        r.headers().add(ContractHeader.SCHEMA.headerName(), schema.getBytes(StandardCharsets.UTF_8));
        r.headers().add(ContractHeader.PRODUCER.headerName(), "alert-service".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
