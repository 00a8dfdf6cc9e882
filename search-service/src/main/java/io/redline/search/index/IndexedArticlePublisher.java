package io.redline.search.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.common.kafka.KafkaSends;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Topic;
import io.redline.search.SearchConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the articles the indexer has just written to {@code redline.articles.indexed} (contract
 * {@code indexed-article/1}, keyed by article id) and returns only once the broker has each of them: the indexer
 * acknowledges its batch after this, so alert-service sees every indexed revision at least once, and never one
 * that is not searchable yet.
 */
@ApplicationScoped
public class IndexedArticlePublisher {

    private static final Logger LOG = Logger.getLogger(IndexedArticlePublisher.class);

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;
    private final boolean enabled;
    private final Counter published;

    @Inject
    public IndexedArticlePublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ObjectMapper json,
            MeterRegistry registry,
            SearchConfig config) {
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(
                        kafkaConfig, "search-indexed-" + ProcessHandle.current().pid()),
                new StringSerializer(),
                new StringSerializer());
        this.json = json;
        this.enabled = config.publishIndexed();
        this.published = Counter.builder("redline.search.articles.published")
                .description("Indexed articles published to redline.articles.indexed")
                .register(registry);
    }

    /**
     * Publishes the written articles and waits until the broker has each, resending those it could not take yet for
     * as long as it takes; returns the ids of the articles it refused for good (e.g. a record over the broker's size
     * limit), with why, for the indexer to dead-letter: they are searchable but will raise no alert.
     */
    public Map<String, String> publish(List<IndexedArticle> written) throws InterruptedException {
        if (!enabled || written.isEmpty()) {
            return Map.of();
        }
        Map<String, String> refused = new LinkedHashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>(written.size());
        for (IndexedArticle a : written) {
            try {
                records.add(record(a));
            } catch (IllegalStateException e) {
                refused.put(a.article().id(), e.getMessage());
            }
        }
        for (KafkaSends.Refused<String, String> r :
                KafkaSends.sendAll(producer, records, LOG, "Publishing indexed articles")) {
            refused.put(r.record().key(), "redline.articles.indexed refused it: " + r.cause());
        }
        published.increment(written.size() - refused.size());
        return refused;
    }

    private ProducerRecord<String, String> record(IndexedArticle a) {
        try {
            ProducerRecord<String, String> r = new ProducerRecord<>(
                    Topic.ARTICLES_INDEXED.topicName(), a.article().id(), json.writeValueAsString(a));
            r.headers().add(ContractHeader.SCHEMA.headerName(), IndexedArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
            r.headers().add(ContractHeader.PRODUCER.headerName(), "search-service".getBytes(StandardCharsets.UTF_8));
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write indexed article " + a.article().id(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
