package io.redline.security;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.runtime.StartupEvent;
import io.redline.common.kafka.CompactedTopicTail;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The API keys of every service, kept in the compacted topic {@code redline.api-keys} that each instance reads in
 * full and follows: a key made through any instance's {@code /api/keys} is accepted by every instance of every
 * service moments later, and a revocation reaches them all the same way.
 *
 * <p>The first admin key comes from configuration ({@code redline.auth.bootstrap-admin-key}, a secret set in the
 * environment); it is held only as a salted hash in memory and cannot be revoked through the API (remove it from
 * the configuration instead, once real admin keys exist).
 */
@ApplicationScoped
public class ApiKeyStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApiKeyStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
    /** The id the bootstrap key is listed and audited under. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, ApiKey> table = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final CompactedTopicTail tail;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final ApiKey bootstrap;
    private final int maxKeys;
    private final Clock clock;

    @Inject
    public ApiKeyStore(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "redline") String service,
            @ConfigProperty(name = "redline.auth.bootstrap-admin-key") Optional<String> bootstrapKey,
            @ConfigProperty(name = "redline.auth.bootstrap-admin-owner", defaultValue = "admin") String bootstrapOwner,
            @ConfigProperty(name = "redline.auth.max-keys", defaultValue = "10000") int maxKeys) {
        this(kafkaConfig, "api-keys-" + service + "-" + ProcessHandle.current().pid(),
                bootstrapKey.filter(k -> !k.isBlank()).orElse(null), bootstrapOwner, maxKeys, Clock.systemUTC());
    }

    /** A store with its own Kafka clients named after {@code clientId}; {@link #start()} begins reading. */
    public ApiKeyStore(Map<String, Object> kafkaConfig, String clientId, String bootstrapKey, String bootstrapOwner,
            int maxKeys, Clock clock) {
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.bootstrap = bootstrapKey == null ? null : bootstrapRecord(bootstrapKey, bootstrapOwner);
        this.producer = new KafkaProducer<>(KafkaClientSettings.producer(kafkaConfig, clientId + "-writer"),
                new StringSerializer(), new StringSerializer());
        this.tail = new CompactedTopicTail(Topic.API_KEYS.topicName(), kafkaConfig, clientId + "-tail", this::apply);
    }

    private static ApiKey bootstrapRecord(String key, String owner) {
        if (key.length() < 32) {
            // A short configured key would be guessable; refusing to start says so before anyone relies on it.
            throw new IllegalArgumentException("redline.auth.bootstrap-admin-key must be at least 32 characters");
        }
        String salt = ApiKeyFormat.newSalt();
        return new ApiKey(BOOTSTRAP_ID, "bootstrap admin key (configuration)", owner, Role.ADMIN_NAME, salt,
                ApiKeyFormat.hash(salt, key), null, "configuration", null, null);
    }

    /** After the topics were created (TopicInitializer runs at priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        start();
    }

    /** Starts reading the topic; {@link #awaitLoaded} tells when everything written before is known. */
    public void start() {
        tail.start();
        Thread loader = new Thread(() -> {
            try {
                while (!tail.awaitCaughtUp(Duration.ofSeconds(30))) {
                    LOG.warn("API keys not read yet (Kafka unreachable?); still trying");
                }
                loaded.countDown();
                LOG.infof("API keys read: %d (%d active)%s", table.size(),
                        table.values().stream().filter(ApiKey::active).count(),
                        bootstrap == null ? "" : ", plus the bootstrap admin key from configuration");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "api-keys-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** Whether the topic has been read to its end once. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the topic has been read to its end once, without waiting. */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** Waits until everything written before the call is in the table. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return awaitLoaded(timeout) && tail.awaitCaughtUp(timeout);
    }

    private void apply(String id, String json) {
        if (id == null) {
            return;
        }
        if (json == null) {
            table.remove(id);
            return;
        }
        try {
            ApiKey key = JSON.readValue(json, ApiKey.class);
            if (Role.parse(key.role()) == null || key.salt() == null || key.hash() == null) {
                LOG.warnf("API key %s has no valid role or hash and is ignored", id);
                table.remove(id);
                return;
            }
            table.put(id, key);
        } catch (IOException e) {
            // An unreadable record must not leave an older, possibly unrevoked version in force.
            table.remove(id);
            LOG.warnf("API key %s is unreadable and ignored: %s", id, e.getMessage());
        }
    }

    /**
     * The active key {@code presented} stands for, if any. Accepts the bootstrap key verbatim and {@code rlk_} keys
     * by their id; everything else is unknown.
     */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(presented);
        if (parsed != null) {
            ApiKey key = table.get(parsed.id());
            if (key != null && key.active() && ApiKeyFormat.matches(key.salt(), key.hash(), parsed.secret())) {
                return Optional.of(key);
            }
        }
        if (bootstrap != null && ApiKeyFormat.matches(bootstrap.salt(), bootstrap.hash(), presented)) {
            return Optional.of(bootstrap);
        }
        return Optional.empty();
    }

    /** Whether {@code presented} is the configured bootstrap admin key (which need not look like an {@code rlk_} key). */
    public boolean isBootstrapKey(String presented) {
        return bootstrap != null && presented != null && presented.length() <= 512
                && ApiKeyFormat.matches(bootstrap.salt(), bootstrap.hash(), presented);
    }

    /** A new key and the one time its value is known. */
    public record Created(ApiKey key, String value) {
    }

    /**
     * Makes a key for {@code owner} with {@code role}, durably ({@code acks=all}), and returns once this instance
     * accepts it.
     *
     * @throws IllegalStateException when the broker did not take it, or too many keys exist
     */
    public Created create(String name, String owner, Role role, String createdBy) {
        if (table.size() >= maxKeys) {
            throw new IllegalStateException("at most " + maxKeys + " API keys may exist (redline.auth.max-keys)");
        }
        ApiKeyFormat.NewKey made = ApiKeyFormat.generate();
        ApiKey key = new ApiKey(made.id(), name, owner, role.id(), made.salt(), made.hash(), clock.instant(),
                createdBy, null, null);
        write(key);
        return new Created(key, made.value());
    }

    /**
     * Revokes the key {@code id}; every instance refuses it once it has read the record (moments later).
     *
     * @return the revoked key, or empty when there is no such key
     */
    public Optional<ApiKey> revoke(String id, String revokedBy) {
        ApiKey key = table.get(id);
        if (key == null) {
            return Optional.empty();
        }
        if (!key.active()) {
            return Optional.of(key);
        }
        ApiKey revoked = key.revoked(clock.instant(), revokedBy);
        write(revoked);
        return Optional.of(revoked);
    }

    /** The key {@code id} (the bootstrap key under {@value #BOOTSTRAP_ID}). */
    public Optional<ApiKey> get(String id) {
        if (bootstrap != null && BOOTSTRAP_ID.equals(id)) {
            return Optional.of(bootstrap);
        }
        return Optional.ofNullable(table.get(id));
    }

    /** Every key, newest first, revoked ones included; the bootstrap key first when configured. */
    public List<ApiKey> list() {
        List<ApiKey> keys = new java.util.ArrayList<>(table.values());
        keys.sort(Comparator.comparing(ApiKey::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ApiKey::id));
        if (bootstrap != null) {
            keys.add(0, bootstrap);
        }
        return keys;
    }

    private void write(ApiKey key) {
        String json;
        try {
            json = JSON.writeValueAsString(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            producer.send(new ProducerRecord<>(Topic.API_KEYS.topicName(), key.id(), json))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the key", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not accept the key: " + e, e);
        }
        // Our own instance answers with the new state at once; the tail brings the same record back later.
        apply(key.id(), json);
    }

    @PreDestroy
    @Override
    public void close() {
        tail.close();
        producer.close(Duration.ofSeconds(5));
    }
}
