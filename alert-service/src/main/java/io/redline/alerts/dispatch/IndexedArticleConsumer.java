package io.redline.alerts.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.contracts.IndexedArticle;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.articles.indexed} (search-service's articles just written to the index) in batches and
 * matches them against the subscriptions ({@link AlertMatching}), acknowledging a batch only once its alerts are on
 * {@code redline.alerts}: a crash in between matches the batch again, and story dedupe downstream keeps that to one
 * alert per story. An article whose matching fails is matched again with backoff, and goes to
 * {@code redline.articles.indexed.dlq} with the reason only when it fails on every attempt: it is never acknowledged
 * without its alerts, and a poison article never stops the channel.
 */
@ApplicationScoped
public class IndexedArticleConsumer {

    private static final Logger LOG = Logger.getLogger(IndexedArticleConsumer.class);

    /** Channel name shared by code, config and tests. */
    public static final String IN = "articles-indexed";

    private final AlertMatching matching;
    private final AlertProducer producer;
    private final ObjectMapper json;
    private final Counter rejected;

    public IndexedArticleConsumer(
            AlertMatching matching, AlertProducer producer, ObjectMapper json, MeterRegistry registry) {
        this.matching = matching;
        this.producer = producer;
        this.json = json;
        this.rejected = Counter.builder("redline.alerts.indexed.rejected")
                .description("redline.articles.indexed records that were not indexed-article/1 documents")
                .register(registry);
    }

    @Incoming(IN)
    @Blocking
    public CompletionStage<Void> onBatch(Message<List<String>> batch) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> meta = batch.getMetadata(
                        IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("channel " + IN + " must be configured with batch=true"));
        List<IndexedArticle> docs = new ArrayList<>(meta.count());
        Map<String, List<ConsumerRecord<String, String>>> recordsById = new LinkedHashMap<>();
        try {
            for (ConsumerRecord<String, String> record : meta.getRecords()) {
                IndexedArticle doc = read(record);
                if (doc != null) {
                    docs.add(doc);
                    recordsById
                            .computeIfAbsent(doc.article().id(), k -> new ArrayList<>())
                            .add(record);
                }
            }
            Map<String, String> failed = matching.onIndexed(docs);
            for (Map.Entry<String, String> f : failed.entrySet()) {
                for (ConsumerRecord<String, String> record : recordsById.getOrDefault(f.getKey(), List.of())) {
                    producer.deadLetterIndexed(record, f.getValue());
                    rejected.increment();
                }
            }
            return batch.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Shutting down: nothing is acknowledged, so the next owner of these partitions matches them again.
            return batch.nack(e);
        }
    }

    /** The record's article, or null after dead-lettering a record that is not one (with the reason). */
    private IndexedArticle read(ConsumerRecord<String, String> record) throws InterruptedException {
        String reason;
        try {
            IndexedArticle doc = json.readValue(record.value(), IndexedArticle.class);
            if (doc != null && doc.article() != null && doc.article().id() != null && doc.analysis() != null) {
                return doc;
            }
            reason = "not an indexed-article/1 document: no article id or analysis";
        } catch (Exception e) {
            reason = "not an indexed-article/1 document: " + e.getMessage();
        }
        LOG.warnf(
                "Indexed record %s-%d@%d dead-lettered: %s",
                record.topic(), record.partition(), record.offset(), reason);
        producer.deadLetterIndexed(record, reason);
        rejected.increment();
        return null;
    }
}
