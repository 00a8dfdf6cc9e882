package io.redline.search.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.common.retry.Backoff;
import io.redline.contracts.AuditEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.audit} (consumer group {@code redline-audit-indexer}) into the {@link AuditIndex}, one
 * event at a time, acknowledging each record only once it is indexed.
 *
 * <p>Restart-safe: the group's committed offsets say where to resume, and a record read again (indexed, but the
 * offset not yet committed) finds its event id taken and changes nothing. While Elasticsearch is unavailable the
 * indexer waits and retries rather than skip events; an unreadable record is logged and skipped, since no retry
 * would ever make it readable.
 */
@ApplicationScoped
public class AuditIndexer {

    private static final Logger LOG = Logger.getLogger(AuditIndexer.class);

    /** Channel name shared by code and config. */
    public static final String IN = "audit";
    /** Longest event id accepted (document ids are limited to 512 bytes; ours are UUIDs). */
    private static final int MAX_ID = 200;
    /** Elasticsearch away or overloaded is waited out; a refusal no retry can change skips the event. */
    private static final Backoff.Retry RETRY = Backoff.STANDARD.retryingOnly(AuditIndex::isTransient);

    private final AuditIndex index;
    private final ObjectMapper json;

    public AuditIndexer(AuditIndex index, ObjectMapper json) {
        this.index = index;
        this.json = json;
    }

    @Incoming(IN)
    @Blocking
    public CompletionStage<Void> consume(Message<String> in) {
        AuditEvent event = parse(in.getPayload());
        if (event == null) {
            return in.ack();
        }
        try {
            RETRY.call(LOG, "Indexing audit event " + event.id(), () -> {
                while (!index.awaitReady(Duration.ofSeconds(10))) {
                    LOG.info("Audit indexing waits for the audit index");
                }
                index.write(event);
                return null;
            });
            return in.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        } catch (Exception e) { // not transient, so RETRY passed it on: no retry would change it
            LOG.errorf(
                    "Audit event %s refused by Elasticsearch and skipped (%s): %s",
                    event.id(), e.getMessage(), shortened(in.getPayload()));
            return in.ack();
        }
    }

    /** The event in {@code payload}; null (logged) when it is not a usable audit/1 event. */
    AuditEvent parse(String payload) {
        AuditEvent event;
        try {
            event = payload == null ? null : json.readValue(payload, AuditEvent.class);
        } catch (Exception e) {
            LOG.warnf("Unreadable record on redline.audit skipped (%s)", e.getMessage());
            return null;
        }
        if (event == null
                || event.id() == null
                || event.id().isBlank()
                || event.id().length() > MAX_ID
                || event.at() == null
                || event.action() == null) {
            LOG.warnf("Audit record without a usable id, time or action skipped: %s", shortened(payload));
            return null;
        }
        return event;
    }

    /** A record for the log: enough to find it, never megabytes. */
    private static String shortened(String payload) {
        return payload == null || payload.length() <= 1000 ? payload : payload.substring(0, 1000) + "...";
    }
}
