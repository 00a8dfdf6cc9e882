package io.redline.common.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of a compacted topic from the beginning and then follows it, handing each record
 * (value null for a tombstone) to a callback: a table every instance holds in memory and rebuilds at start-up.
 *
 * <p>No consumer group: each instance needs all of it. {@link #awaitCaughtUp} lets a caller wait until
 * everything written before the call has been applied, which is how start-up and partition hand-over know
 * their view is current; {@link #freshness} tells how far behind the topic's end it is, for readiness checks.
 *
 * <p>After a lost connection it resumes where it stopped rather than from the beginning: a re-read would hand the
 * callback every older version again, and a table would briefly serve them (a revoked key active again).
 */
public final class CompactedTopicTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicTail.class);

    private final String topic;
    private final Properties props;
    private final BiConsumer<String, String> onRecord;
    private final Thread thread;
    private final ConcurrentLinkedQueue<CountDownLatch> catchUpRequests = new ConcurrentLinkedQueue<>();
    /** The next offset to read per partition, kept across reconnects (only the reading thread writes it). */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    /** When the reader last stood at the end of every partition; 0 before the first time. */
    private volatile long lastCaughtUpMillis;
    /** Records between the reader and the end of the topic at the last look; -1 before the first. */
    private volatile long lag = -1;

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    public CompactedTopicTail(
            String topic, Map<String, Object> kafkaConfig, String clientId, BiConsumer<String, String> onRecord) {
        this.topic = topic;
        this.onRecord = onRecord;
        this.props = KafkaClientSettings.consumer(kafkaConfig, clientId);
        this.thread = new Thread(this::run, "tail-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts the reading thread; the topic may not exist yet (it is waited for). */
    public void start() {
        thread.start();
    }

    /**
     * Blocks until every record written to the topic before this call has been handed to the callback.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        catchUpRequests.add(latch);
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How far behind the reader is: the records between it and the topic's end at the last look (once a second), and
     * when it last stood at the end (null: never). While the broker cannot be reached, the instant stops moving.
     */
    public record Freshness(long lag, Instant lastCaughtUp) {}

    /** See {@link Freshness}. */
    public Freshness freshness() {
        long at = lastCaughtUpMillis;
        return new Freshness(lag, at == 0 ? null : Instant.ofEpochMilli(at));
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> c =
                    new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer = c;
                List<TopicPartition> partitions = partitions(c);
                if (partitions.isEmpty()) {
                    sleep(1000); // the topic is created at start-up by TopicInitializer; wait for it
                    continue;
                }
                c.assign(partitions);
                List<TopicPartition> unread = new ArrayList<>();
                for (TopicPartition p : partitions) {
                    Long resumeAt = positions.get(p);
                    if (resumeAt == null) {
                        unread.add(p);
                    } else {
                        c.seek(p, resumeAt);
                    }
                }
                c.seekToBeginning(unread);
                long nextLagCheck = System.nanoTime();
                // Targets of pending catch-up requests: end offsets taken after the request was made.
                List<Map.Entry<CountDownLatch, Map<TopicPartition, Long>>> pending = new ArrayList<>();
                while (running) {
                    for (CountDownLatch latch; (latch = catchUpRequests.poll()) != null; ) {
                        pending.add(Map.entry(latch, c.endOffsets(partitions, Duration.ofSeconds(10))));
                    }
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        try {
                            onRecord.accept(r.key(), r.value());
                        } catch (RuntimeException e) {
                            // One bad record must not stop the table: it is skipped and named.
                            LOG.warnf(
                                    "Skipping unreadable record %s-%d@%d (%s)",
                                    r.topic(), r.partition(), r.offset(), e);
                        }
                    }
                    for (TopicPartition p : partitions) {
                        positions.put(p, c.position(p));
                    }
                    if (System.nanoTime() - nextLagCheck >= 0) {
                        nextLagCheck = System.nanoTime() + 1_000_000_000L;
                        long behind = 0;
                        for (Map.Entry<TopicPartition, Long> end :
                                c.endOffsets(partitions, Duration.ofSeconds(10)).entrySet()) {
                            behind += Math.max(0, end.getValue() - c.position(end.getKey()));
                        }
                        lag = behind;
                        if (behind == 0) {
                            lastCaughtUpMillis = System.currentTimeMillis();
                        }
                    }
                    pending.removeIf(p -> {
                        for (Map.Entry<TopicPartition, Long> end : p.getValue().entrySet()) {
                            if (c.position(end.getKey()) < end.getValue()) {
                                return false;
                            }
                        }
                        p.getKey().countDown();
                        return true;
                    });
                }
            } catch (WakeupException e) {
                // close() woke us up
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Reading %s failed (%s); reconnecting", topic, e.toString());
                    sleep(1000);
                }
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        return partitions;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
