package io.redline.common.kafka;

import io.redline.common.retry.Backoff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends a batch of records and waits until the broker has each of them, resending only the records that failed for
 * a reason Kafka says may pass (broker away, leader moving, time-out) and handing back, per record, those it refused
 * for good (too large, not authorised): a caller then dead-letters them instead of stalling its partition forever.
 */
public final class KafkaSends {

    /** A record the broker refused for good, with why. */
    public record Refused<K, V>(ProducerRecord<K, V> record, Exception cause) {}

    private KafkaSends() {}

    /**
     * Sends every record and returns once each is either acknowledged or refused for good. Waits on each send's own
     * future (bounded by the producer's {@code delivery.timeout.ms}), so a slow acknowledgement is never sent twice;
     * retriable failures are resent, alone, after a backoff, for as long as it takes.
     */
    public static <K, V> List<Refused<K, V>> sendAll(
            Producer<K, V> producer, List<ProducerRecord<K, V>> records, Logger log, String what)
            throws InterruptedException {
        List<Refused<K, V>> refused = new ArrayList<>();
        List<ProducerRecord<K, V>> todo = records;
        Backoff.Waits waits = Backoff.STANDARD.waits();
        while (!todo.isEmpty()) {
            Map<ProducerRecord<K, V>, Future<RecordMetadata>> sent = new LinkedHashMap<>();
            List<ProducerRecord<K, V>> retry = new ArrayList<>();
            Exception lastRetriable = null;
            for (ProducerRecord<K, V> r : todo) {
                try {
                    sent.put(r, producer.send(r));
                } catch (RuntimeException e) {
                    // send() itself throws for records it can never take (serialisation) and for a full buffer.
                    if (retriable(e)) {
                        retry.add(r);
                        lastRetriable = e;
                    } else {
                        refused.add(new Refused<>(r, e));
                    }
                }
            }
            for (Map.Entry<ProducerRecord<K, V>, Future<RecordMetadata>> e : sent.entrySet()) {
                try {
                    e.getValue().get();
                } catch (ExecutionException failed) {
                    Exception cause = failed.getCause() instanceof Exception c ? c : failed;
                    if (retriable(cause)) {
                        retry.add(e.getKey());
                        lastRetriable = cause;
                    } else {
                        refused.add(new Refused<>(e.getKey(), cause));
                    }
                }
            }
            todo = retry;
            if (!todo.isEmpty()) {
                long waitMs = waits.nextMs();
                log.warnf(
                        "%s: Kafka did not take %d of %d records (%s); resending them in %d ms",
                        what,
                        todo.size(),
                        records.size(),
                        lastRetriable == null ? "?" : lastRetriable.getMessage(),
                        waitMs);
                waits.sleep();
            }
        }
        return refused;
    }

    /** Whether Kafka marks the failure as one that may pass if the record is sent again. */
    static boolean retriable(Throwable e) {
        return e instanceof RetriableException || e instanceof TimeoutException;
    }
}
