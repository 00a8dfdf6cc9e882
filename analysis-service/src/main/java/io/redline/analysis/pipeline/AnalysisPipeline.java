package io.redline.analysis.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.analysis.tagging.EscalationTagger;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.RawArticle;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.articles.raw}, analyses each article and produces it to {@code redline.articles.analyzed}.
 *
 * <p>A processor, so the Kafka sink pipelines the sends: the next record is analysed while earlier ones wait for
 * their broker ack (up to the sink's {@code max-inflight-messages}), instead of one ack round trip per record. A
 * raw record is still acknowledged only after Kafka acknowledged its analysed record (the outgoing message carries
 * the incoming one's ack), so a crash re-delivers rather than loses; the throttled commit strategy commits an
 * offset only once every record before it is acknowledged. Sends leave in consumption order on one idempotent
 * producer, so per partition (per article id) the analysed records keep the raw topic's order. A record that
 * cannot be read or analysed is nacked: the channel's dead-letter-queue strategy moves it to
 * {@code redline.articles.raw.dlq} with the reason, and the next record is analysed.
 */
@ApplicationScoped
public class AnalysisPipeline {

    private static final Logger LOG = Logger.getLogger(AnalysisPipeline.class);

    /** Channel names shared by code, config and tests. */
    public static final String IN = "articles-raw";

    public static final String OUT = "articles-analyzed";

    private static final byte[] SCHEMA = AnalyzedArticle.SCHEMA.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PRODUCER = "analysis-service".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper mapper;
    private final Counter analyzed;
    private final Counter rejected;
    private final EscalationTagger tagger;
    private final Clock clock = Clock.systemUTC();

    public AnalysisPipeline(ObjectMapper mapper, MeterRegistry registry, EscalationTagger tagger) {
        this.mapper = mapper;
        this.tagger = tagger;
        this.analyzed = Counter.builder("redline.analysis.articles.analyzed")
                .description("Articles analysed and acknowledged by Kafka on redline.articles.analyzed")
                .register(registry);
        this.rejected = Counter.builder("redline.analysis.articles.rejected")
                .description("Raw records sent to redline.articles.raw.dlq")
                .register(registry);
    }

    /** The analysed record for {@code in}, acknowledging {@code in} once Kafka has it; null (skipped) when rejected. */
    @Incoming(IN)
    @Outgoing(OUT)
    public Message<String> process(Message<String> in) {
        Analysed out;
        String json;
        try {
            out = analyze(in.getPayload());
            json = toJson(out);
        } catch (RuntimeException e) {
            // InvalidArticleException names what is wrong with the record; anything else is a tagger failure on
            // this article, which must not stop the stream for the records behind it either.
            String reason = e instanceof InvalidArticleException
                    ? e.getMessage()
                    : "analysis failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            rejected.increment();
            LOG.warnf("Raw record rejected to the DLQ: %s", reason);
            in.nack(e instanceof InvalidArticleException ? e : new InvalidArticleException(reason));
            return null;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeader.SCHEMA.headerName(), SCHEMA);
        headers.add(ContractHeader.PRODUCER.headerName(), PRODUCER);
        return Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(out.value().article().id())
                        .withHeaders(headers)
                        .build())
                .withAck(() -> in.ack().thenRun(analyzed::increment))
                .withNack(in::nack);
    }

    /**
     * An analysed article; {@code rawJson} is the raw record's own text, trimmed, when it is exactly one JSON object
     * (nothing after it), else null.
     */
    record Analysed(AnalyzedArticle value, String rawJson) {}

    /** Parses and validates a raw record and analyses it; any problem is an {@link InvalidArticleException}. */
    Analysed analyze(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidArticleException("empty payload");
        }
        RawArticle raw;
        boolean alone;
        try (JsonParser parser = mapper.createParser(json)) {
            raw = mapper.readValue(parser, RawArticle.class);
            alone = nothingAfter(parser);
        } catch (Exception e) {
            throw new InvalidArticleException("not a raw-article/1 JSON document: " + firstLine(e.getMessage()));
        }
        if (raw == null || raw.id() == null || raw.id().isBlank()) {
            throw new InvalidArticleException("raw article has no id");
        }
        if ((raw.title() == null || raw.title().isBlank())
                && (raw.text() == null || raw.text().isBlank())) {
            throw new InvalidArticleException("raw article " + raw.id() + " has neither title nor text");
        }
        AnalyzedArticle value =
                new AnalyzedArticle(raw, tagger.analyze(raw.title(), raw.text(), raw.language(), clock.instant()));
        String trimmed = json.strip();
        return new Analysed(value, alone && trimmed.startsWith("{") && trimmed.endsWith("}") ? trimmed : null);
    }

    /** True when the parser has no token left (the document held one value and nothing else). */
    private static boolean nothingAfter(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false; // trailing garbage: still accepted as before, but serialised afresh rather than copied
        }
    }

    /**
     * The {@code analyzed-article/1} JSON of {@code out}. The raw article is copied as the text it arrived as
     * (the contract's "the raw article, unchanged") instead of being serialised again: its ~6 KB of HTML and text
     * made Jackson's string escaping, on the Kafka sink's thread, the largest CPU cost per record after the tagger.
     */
    String toJson(Analysed out) {
        try {
            String article = out.rawJson() != null
                    ? out.rawJson()
                    : mapper.writeValueAsString(out.value().article());
            return "{\"article\":" + article + ",\"analysis\":"
                    + mapper.writeValueAsString(out.value().analysis()) + "}";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the analysis: " + firstLine(e.getMessage()), e);
        }
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
