package io.redline.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays search-service's part for test articles (built with {@link ArticleSpec}): publishes them to
 * {@code redline.articles.indexed} as its indexer does, or writes them into an articles index behind the
 * {@code articles} alias (the query language's mapping), refreshed, for the backtest and the parity test.
 */
public final class Fixtures {

    /** The concrete index search-service's current mapping version writes to (query-language's mapping file). */
    public static final String ARTICLES_INDEX = "articles-v4";

    private Fixtures() {}

    /** A fresh 32-hex-digit id. */
    public static String newId() {
        return ArticleSpec.newId();
    }

    /** An idempotent {@code acks=all} producer of strings, as every Redline producer is. */
    public static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * The {@code redline.articles.indexed} record search-service's {@code IndexedArticlePublisher} writes for
     * {@code doc}: keyed by article id, with the {@code indexed-article/1} schema and producer headers. A non-null
     * {@code partition} pins it, for tests that need records in one partition (and so in one poll).
     */
    public static ProducerRecord<String, String> indexedRecord(
            ObjectMapper json, IndexedArticle doc, Integer partition) {
        try {
            return withHeaders(new ProducerRecord<>(
                    Topic.ARTICLES_INDEXED.topicName(), partition, doc.article().id(), json.writeValueAsString(doc)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write indexed article " + doc.article().id(), e);
        }
    }

    /** A record on {@code redline.articles.indexed} with search-service's headers and any key and value. */
    public static ProducerRecord<String, String> rawIndexedRecord(String key, String value, Integer partition) {
        return withHeaders(new ProducerRecord<>(Topic.ARTICLES_INDEXED.topicName(), partition, key, value));
    }

    private static ProducerRecord<String, String> withHeaders(ProducerRecord<String, String> r) {
        r.headers().add(ContractHeader.SCHEMA.headerName(), IndexedArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
        r.headers().add(ContractHeader.PRODUCER.headerName(), "search-service".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /**
     * Publishes {@code doc} in story {@code storyId} to {@code redline.articles.indexed} as search-service does once
     * it has indexed it, and waits for the broker; returns where the record landed.
     */
    public static RecordMetadata publish(String bootstrap, ObjectMapper json, AnalyzedArticle doc, String storyId)
            throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            return producer.send(indexedRecord(json, IndexedArticles.of(doc, storyId), null))
                    .get();
        }
    }

    /**
     * Makes the articles index exist behind the {@code articles} alias, as search-service creates it at start-up
     * (same mapping file, from the query language): created when missing, and left alone when another test class
     * of this JVM made it first.
     */
    public static void ensureArticlesIndex(ElasticsearchClient client) throws IOException {
        if (client.indices().existsAlias(a -> a.name(ArticleReader.ALIAS)).value()) {
            return;
        }
        try (InputStream mapping = Fixtures.class.getResourceAsStream("/elasticsearch/" + ARTICLES_INDEX + ".json")) {
            if (mapping == null) {
                throw new IllegalStateException("no /elasticsearch/" + ARTICLES_INDEX + ".json on the classpath");
            }
            client.indices()
                    .create(c -> c.index(ARTICLES_INDEX)
                            .withJson(mapping)
                            .aliases(ArticleReader.ALIAS, a -> a.isWriteIndex(true)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /** Writes {@code doc} into the articles index (created if missing) as search-service would, refreshed. */
    public static void index(ElasticsearchClient client, IndexedArticle doc) throws IOException {
        ensureArticlesIndex(client);
        client.index(i -> i.index(ArticleReader.ALIAS)
                .id(doc.article().id())
                .document(doc)
                .refresh(Refresh.True));
    }
}
