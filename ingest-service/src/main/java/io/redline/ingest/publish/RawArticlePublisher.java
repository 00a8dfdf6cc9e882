package io.redline.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes normalised articles to {@code redline.articles.raw}, keyed by article id, and waits for the broker's ack. */
@ApplicationScoped
public class RawArticlePublisher implements ArticleSink {

    /** Channel name shared by code, config and tests. */
    public static final String CHANNEL = "articles-raw";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final MutinyEmitter<RawArticle> emitter;
    private final Counter published;

    public RawArticlePublisher(@Channel(CHANNEL) MutinyEmitter<RawArticle> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.published = Counter.builder("redline.ingest.articles.published")
                .description("Articles (new or updated) acknowledged by Kafka on redline.articles.raw")
                .register(registry);
    }

    /**
     * Sends and blocks until Kafka acknowledged it (acks=all, idempotent producer): the caller only marks an
     * article as seen after this returns, so a failure means it is fetched and sent again, never lost.
     */
    @Override
    public void publish(RawArticle article) {
        // Bounded, so that a broker that never answers fails this poll (and it is retried) instead of holding the
        // fetch worker and its host forever.
        publishAsync(article)
                .orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    @Override
    public CompletableFuture<Void> publishAsync(RawArticle article) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeader.SCHEMA.headerName(), RawArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
        headers.add(ContractHeader.PRODUCER.headerName(), "ingest-service".getBytes(StandardCharsets.UTF_8));
        Message<RawArticle> message = Message.of(article)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(article.id())
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message).subscribeAsCompletionStage().thenRun(published::increment);
    }
}
