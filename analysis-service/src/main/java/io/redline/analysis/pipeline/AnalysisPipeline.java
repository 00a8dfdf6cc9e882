package io.redline.analysis.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.analysis.tagging.EscalationTagger;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.articles.raw}, analyses each article and produces it to {@code redline.articles.analyzed}.
 *
 * <p>A raw record is acknowledged only after Kafka acknowledged its analysed record, so a crash re-delivers
 * rather than loses. A record that cannot be read or analysed is nacked: the channel's dead-letter-queue
 * strategy moves it to {@code redline.articles.raw.dlq} with the reason, and the next record is analysed.
 */
@ApplicationScoped
public class AnalysisPipeline {

    private static final Logger LOG = Logger.getLogger(AnalysisPipeline.class);

    /** Channel names shared by code, config and tests. */
    public static final String IN = "articles-raw";
    public static final String OUT = "articles-analyzed";

    private final ObjectMapper mapper;
    private final MutinyEmitter<AnalyzedArticle> emitter;
    private final Counter analyzed;
    private final Counter rejected;
    private final EscalationTagger tagger;
    private final Clock clock = Clock.systemUTC();

    public AnalysisPipeline(ObjectMapper mapper, @Channel(OUT) MutinyEmitter<AnalyzedArticle> emitter,
            MeterRegistry registry, EscalationTagger tagger) {
        this.mapper = mapper;
        this.tagger = tagger;
        this.emitter = emitter;
        this.analyzed = Counter.builder("redline.analysis.articles.analyzed")
                .description("Articles analysed and acknowledged by Kafka on redline.articles.analyzed")
                .register(registry);
        this.rejected = Counter.builder("redline.analysis.articles.rejected")
                .description("Raw records sent to redline.articles.raw.dlq").register(registry);
    }

    @Incoming(IN)
    public Uni<Void> process(Message<String> in) {
        AnalyzedArticle out;
        try {
            out = analyze(in.getPayload());
        } catch (InvalidArticleException e) {
            rejected.increment();
            LOG.warnf("Raw record rejected to the DLQ: %s", e.getMessage());
            return Uni.createFrom().completionStage(in.nack(e));
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeader.SCHEMA.headerName(), AnalyzedArticle.SCHEMA.getBytes(StandardCharsets.UTF_8));
        headers.add(ContractHeader.PRODUCER.headerName(), "analysis-service".getBytes(StandardCharsets.UTF_8));
        Message<AnalyzedArticle> message = Message.of(out).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(out.article().id()).withHeaders(headers).build());
        return emitter.sendMessage(message)
                .onItem().invoke(() -> analyzed.increment())
                .onItem().transformToUni(x -> Uni.createFrom().completionStage(in.ack()))
                .onFailure().recoverWithUni(t -> Uni.createFrom().completionStage(in.nack(t)));
    }

    /** Parses and validates a raw record and analyses it; any problem is an {@link InvalidArticleException}. */
    AnalyzedArticle analyze(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidArticleException("empty payload");
        }
        RawArticle raw;
        try {
            raw = mapper.readValue(json, RawArticle.class);
        } catch (Exception e) {
            throw new InvalidArticleException("not a raw-article/1 JSON document: " + firstLine(e.getMessage()));
        }
        if (raw == null || raw.id() == null || raw.id().isBlank()) {
            throw new InvalidArticleException("raw article has no id");
        }
        if ((raw.title() == null || raw.title().isBlank()) && (raw.text() == null || raw.text().isBlank())) {
            throw new InvalidArticleException("raw article " + raw.id() + " has neither title nor text");
        }
        return new AnalyzedArticle(raw, tagger.analyze(raw.title(), raw.text(), raw.language(), clock.instant()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A raw record that cannot be analysed; its message becomes the DLQ reason. */
    public static final class InvalidArticleException extends RuntimeException {
        public InvalidArticleException(String message) {
            super(message);
        }
    }
}
