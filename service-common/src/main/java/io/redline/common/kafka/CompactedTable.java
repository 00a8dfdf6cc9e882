package io.redline.common.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * A table of JSON values kept in a compacted Kafka topic that every instance reads in full and follows, so any
 * instance answers from memory: a write returns once the broker has it ({@code acks=all}) and this instance shows it
 * at once; the other instances get it through their {@link CompactedTopicTail}.
 *
 * <p>Set it up with {@link #accepting}, {@link #keepingUnreadable}, {@link #onLoaded} and {@link #onChange} before
 * {@link #start()}.
 */
public final class CompactedTable<V> implements AutoCloseable {

    /** A change of one key once the table is loaded; {@code before} or {@code after} is null when the key is absent. */
    @FunctionalInterface
    public interface Listener<V> {
        void changed(String key, V before, V after);
    }

    /**
     * Decides what the table holds when a value arrives for a key (read from the topic or written here): {@code current}
     * is what it holds now (null: nothing), {@code incoming} the new value (null: a tombstone or an unreadable record).
     */
    @FunctionalInterface
    public interface Resolver<V> {
        V resolve(String key, V current, V incoming);
    }

    /** The broker did not acknowledge a write in time, or the writer was interrupted: the table did not change. */
    public static final class WriteFailedException extends RuntimeException {

        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = Logger.getLogger(CompactedTable.class);
    /** How long a write waits for the broker; the callers answer 503 after it rather than hang a request. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final String topic;
    private final Class<V> type;
    private final String what;
    private final Map<String, V> table = new ConcurrentHashMap<>();
    /**
     * Records this instance wrote that the tail has not brought back yet (empty: a tombstone). Until then what the tail
     * reads for that key is older than what this instance already answered. One partition per key keeps records in
     * write order, so "until our record comes back" is exact.
     */
    private final Map<String, Optional<String>> ownWrites = new ConcurrentHashMap<>();
    /** Orders the tail's records, this instance's writes and the listener's calls. */
    private final Object lock = new Object();

    private final KafkaProducer<String, String> producer;
    private final CompactedTopicTail tail;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private Predicate<V> valid = v -> true;
    private String invalidReason;
    private boolean keepUnreadable;
    private Runnable onLoaded = () -> {};
    private Listener<V> listener = (key, before, after) -> {};
    private Resolver<V> resolver = (key, current, incoming) -> incoming;
    private UnaryOperator<V> toRecord = UnaryOperator.identity();
    private UnaryOperator<V> fromRecord = UnaryOperator.identity();
    /** Whether the first full read is done, so changes go to the listener (guarded by the lock). */
    private boolean live;

    private volatile boolean running = true;
    private volatile Thread loader;

    /**
     * A table of {@code type} values in {@code topic}, with its own producer and tail named after {@code clientId};
     * {@code what} names a value in the log ("API key", "Subscription").
     */
    public CompactedTable(String topic, Class<V> type, String what, Map<String, Object> kafkaConfig, String clientId) {
        this.topic = topic;
        this.type = type;
        this.what = what;
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(kafkaConfig, clientId + "-writer"),
                new StringSerializer(),
                new StringSerializer());
        this.tail = new CompactedTopicTail(topic, kafkaConfig, clientId + "-tail", this::onRecord);
    }

    /** Records read whose value fails {@code valid} count as deleted, logged as "{what} {key} {otherwise}". */
    public CompactedTable<V> accepting(Predicate<V> valid, String otherwise) {
        this.valid = valid;
        this.invalidReason = otherwise;
        return this;
    }

    /**
     * An unreadable record leaves the version read before in place. By default it removes it instead: serving an
     * older version could keep a revoked key or a changed subscription in force.
     */
    public CompactedTable<V> keepingUnreadable() {
        this.keepUnreadable = true;
        return this;
    }

    /**
     * Runs once the topic has been read to its end for the first time, before {@link #awaitLoaded} returns and before
     * any change reaches the listener: the place to take the whole table in one go.
     */
    public CompactedTable<V> onLoaded(Runnable hook) {
        this.onLoaded = hook;
        return this;
    }

    /**
     * Values pass through {@code toRecord} before they are written and through {@code fromRecord} once read, so the
     * table holds the in-memory form while the topic holds the stored one (secrets sealed at rest). A throwing
     * {@code fromRecord} makes the record unreadable.
     */
    public CompactedTable<V> transforming(UnaryOperator<V> toRecord, UnaryOperator<V> fromRecord) {
        this.toRecord = toRecord;
        this.fromRecord = fromRecord;
        return this;
    }

    /**
     * Lets {@code resolver} decide each change instead of taking the latest value: for states that must never go back
     * whatever order records are read in (a revoked key stays revoked).
     */
    public CompactedTable<V> resolving(Resolver<V> resolver) {
        this.resolver = resolver;
        return this;
    }

    /** How far behind the topic's end this instance's reader is (see {@link CompactedTopicTail#freshness}). */
    public CompactedTopicTail.Freshness freshness() {
        return tail.freshness();
    }

    /** Tells {@code listener} of every change after the first full read (writes of this instance included). */
    public CompactedTable<V> onChange(Listener<V> listener) {
        this.listener = listener;
        return this;
    }

    /** Starts reading the topic from its beginning (it may not exist yet: it is waited for). */
    public void start() {
        tail.start();
        Thread t = new Thread(this::load, "load-" + topic);
        t.setDaemon(true);
        loader = t;
        t.start();
    }

    private void load() {
        try {
            while (running && !tail.awaitCaughtUp(CATCH_UP)) {
                LOG.warnf("%s not read yet (Kafka unreachable?); still trying", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!running) {
            return;
        }
        synchronized (lock) {
            try {
                onLoaded.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Taking in %s once read failed; the table is served anyway", topic);
            }
            live = true;
        }
        loaded.countDown();
    }

    /** Whether the topic has been read to its end once, waiting at most {@code timeout}. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the topic has been read to its end once, without waiting. */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** Waits until everything written to the topic before the call is in the table. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return awaitLoaded(timeout) && tail.awaitCaughtUp(timeout);
    }

    /** The value of {@code key}, or null. */
    public V get(String key) {
        return key == null ? null : table.get(key);
    }

    public boolean containsKey(String key) {
        return key != null && table.containsKey(key);
    }

    public int size() {
        return table.size();
    }

    /** Every value, in no order: a live, read-only view. */
    public Collection<V> values() {
        return Collections.unmodifiableCollection(table.values());
    }

    /**
     * Writes {@code value} under {@code key} and returns once the broker has it (waiting at most 15 s); from then
     * on this instance reads it, or a later value.
     *
     * @throws WriteFailedException when the broker did not acknowledge it
     */
    public void put(String key, V value) {
        Objects.requireNonNull(value, "value (delete(key) writes a tombstone)");
        write(key, encode(key, value), value);
    }

    /**
     * Deletes {@code key} with a tombstone and returns once the broker has it.
     *
     * @throws WriteFailedException when the broker did not acknowledge it
     */
    public void delete(String key) {
        write(key, null, null);
    }

    private void write(String key, String json, V value) {
        Optional<String> mine = Optional.ofNullable(json);
        ownWrites.put(key, mine);
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ownWrites.remove(key, mine);
            throw new WriteFailedException("Kafka did not acknowledge the change: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            ownWrites.remove(key, mine);
            Thread.currentThread().interrupt();
            throw new WriteFailedException("interrupted while writing to " + topic, e);
        } catch (RuntimeException e) {
            ownWrites.remove(key, mine);
            throw e;
        }
        synchronized (lock) {
            // Unless the tail brought our record back meanwhile: then the table holds it or something later.
            if (mine.equals(ownWrites.get(key))) {
                apply(key, value);
            }
        }
    }

    /**
     * Writes without waiting for the broker: this instance holds the value at once and a failed send is only logged
     * (for state the next write supersedes anyway). {@link #flush()} waits for these writes.
     */
    public void putAsync(String key, V value) {
        Objects.requireNonNull(value, "value");
        String json = encode(key, value);
        Optional<String> mine = Optional.of(json);
        synchronized (lock) {
            ownWrites.put(key, mine);
            apply(key, value);
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, json), (meta, e) -> {
                if (e != null) {
                    ownWrites.remove(key, mine);
                    LOG.warnf("Could not write %s %s to %s: %s", what, key, topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            ownWrites.remove(key, mine);
            throw e;
        }
    }

    /** Waits until every write so far has been acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    private String encode(String key, V value) {
        try {
            return RecordJson.MAPPER.writeValueAsString(toRecord.apply(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(what + " " + key + " cannot be written as JSON", e);
        }
    }

    /** The tail's callback: one record of the topic (null value: a tombstone). */
    private void onRecord(String key, String json) {
        if (key == null) {
            return;
        }
        synchronized (lock) {
            Optional<String> mine = ownWrites.get(key);
            if (mine != null) {
                if (!Objects.equals(mine.orElse(null), json)) {
                    return; // written before our own record, which has not come back yet
                }
                ownWrites.remove(key, mine);
            }
            V value = null;
            if (json != null) {
                try {
                    value = RecordJson.MAPPER.readValue(json, type);
                    value = value == null ? null : fromRecord.apply(value);
                    if (value != null && !valid.test(value)) {
                        LOG.warnf("%s %s %s and is ignored", what, key, invalidReason);
                        value = null;
                    }
                } catch (IOException | RuntimeException e) {
                    if (keepUnreadable) {
                        LOG.warnf("%s %s is unreadable; the version read before stays: %s", what, key, e.getMessage());
                        return;
                    }
                    LOG.warnf("%s %s is unreadable and ignored: %s", what, key, e.getMessage());
                    value = null;
                }
            }
            apply(key, value);
        }
    }

    /** Puts (null: removes) a value and tells the listener when that changed anything; called under the lock. */
    private void apply(String key, V incoming) {
        V value = resolver.resolve(key, table.get(key), incoming);
        V before = value == null ? table.remove(key) : table.put(key, value);
        if (live && !Objects.equals(before, value)) {
            try {
                listener.changed(key, before, value);
            } catch (RuntimeException e) {
                LOG.warnf("Change of %s %s not taken in: %s", what, key, e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = loader;
        if (t != null) {
            t.interrupt();
        }
        tail.close();
        producer.close(Duration.ofSeconds(10));
    }
}
