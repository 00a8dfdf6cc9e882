package io.redline.security;

import io.quarkus.runtime.StartupEvent;
import io.redline.common.kafka.CompactedTable;
import io.redline.common.kafka.CompactedTopicTail;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The API keys of every service, kept in the compacted topic {@code redline.api-keys} that each instance reads in
 * full and follows: a key made through any instance's {@code /api/keys} is accepted by every instance of every
 * service moments later, and a revocation reaches them all the same way.
 *
 * <p>The first admin key comes from configuration ({@code redline.auth.bootstrap-admin-key}, a secret set in the
 * environment); it is held only as a salted hash in memory and cannot be revoked through the API (remove it from
 * the configuration instead, once real admin keys exist). It must be hard to guess ({@link SecretStrength}).
 *
 * <p>Revoked is final: once a key id has been read revoked, an active record for it read later (a re-read after a
 * reconnect, a late or forged write) does not bring it back. With a pepper ({@code redline.auth.key-pepper}) new keys'
 * hashes are keyed with it (version 2); keys made before keep their version-1 hash and still work.
 */
@ApplicationScoped
public class ApiKeyStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApiKeyStore.class);
    /** The id the bootstrap key is listed and audited under. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    private final CompactedTable<ApiKey> table;
    private final ApiKey bootstrap;
    /** The server-side pepper of version-2 hashes; null when none is configured. */
    private final byte[] pepper;
    /** Every key id read revoked, with its revoked record: what a later active record is answered with. */
    private final Map<String, ApiKey> revoked = new ConcurrentHashMap<>();

    private final int maxKeys;
    private final Clock clock;

    @Inject
    public ApiKeyStore(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "redline") String service,
            AuthConfig config) {
        this(
                kafkaConfig,
                "api-keys-" + service + "-" + ProcessHandle.current().pid(),
                config.bootstrapAdminKey().filter(k -> !k.isBlank()).orElse(null),
                config.bootstrapAdminOwner(),
                config.maxKeys(),
                Clock.systemUTC(),
                pepper(config));
        if (pepper == null) {
            LOG.warn("No redline.auth.key-pepper (REDLINE_AUTH_KEY_PEPPER) or redline.auth.key-pepper-file is set: "
                    + "API keys made now are hashed without a server-side secret, so a copy of redline.api-keys is "
                    + "enough to test guesses offline. Set the same pepper on every service.");
        }
    }

    /** The configured pepper's bytes (checked for strength), or null when none is configured. */
    static byte[] pepper(AuthConfig config) {
        String value = config.keyPepper().filter(p -> !p.isBlank()).orElse(null);
        String setting = "redline.auth.key-pepper";
        if (value == null && config.keyPepperFile().filter(f -> !f.isBlank()).isPresent()) {
            Path file = Path.of(config.keyPepperFile().get());
            setting = "redline.auth.key-pepper-file (" + file + ")";
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + setting, e);
            }
        }
        if (value == null) {
            return null;
        }
        SecretStrength.require(setting, value);
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A store with its own Kafka clients named after {@code clientId}; {@link #start()} begins reading. */
    public ApiKeyStore(
            Map<String, Object> kafkaConfig,
            String clientId,
            String bootstrapKey,
            String bootstrapOwner,
            int maxKeys,
            Clock clock) {
        this(kafkaConfig, clientId, bootstrapKey, bootstrapOwner, maxKeys, clock, null);
    }

    /** As above, hashing new keys with {@code pepper} (null: none). */
    public ApiKeyStore(
            Map<String, Object> kafkaConfig,
            String clientId,
            String bootstrapKey,
            String bootstrapOwner,
            int maxKeys,
            Clock clock,
            byte[] pepper) {
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.pepper = pepper == null ? null : pepper.clone();
        this.bootstrap = bootstrapKey == null ? null : bootstrapRecord(bootstrapKey, bootstrapOwner);
        // An unreadable or invalid record removes the key it replaces: an older, possibly unrevoked version must not
        // stay in force.
        this.table = new CompactedTable<>(Topic.API_KEYS.topicName(), ApiKey.class, "API key", kafkaConfig, clientId)
                .accepting(
                        k -> Role.parse(k.role()) != null && k.salt() != null && k.hash() != null,
                        "has no valid role or hash")
                .resolving(this::resolve)
                .onLoaded(this::logLoaded);
    }

    /** Revoked is final: an active record after a revocation of the same id keeps the revoked one. */
    private ApiKey resolve(String id, ApiKey current, ApiKey incoming) {
        if (incoming != null && !incoming.active()) {
            revoked.put(id, incoming);
            return incoming;
        }
        ApiKey wasRevoked = revoked.get(id);
        if (incoming != null && wasRevoked != null) {
            LOG.warnf("API key %s: an active record read after its revocation is ignored (revoked is final)", id);
            return wasRevoked;
        }
        return incoming;
    }

    private void logLoaded() {
        LOG.infof(
                "API keys read: %d (%d active)%s",
                table.size(),
                table.values().stream().filter(ApiKey::active).count(),
                bootstrap == null ? "" : ", plus the bootstrap admin key from configuration");
    }

    private static ApiKey bootstrapRecord(String key, String owner) {
        // A guessable configured key would open everything; refusing to start says so before anyone relies on it.
        if (key.length() < 32) {
            throw new IllegalArgumentException("redline.auth.bootstrap-admin-key must be at least 32 characters; "
                    + SecretStrength.HOW_TO_MAKE_ONE);
        }
        SecretStrength.require("redline.auth.bootstrap-admin-key", key);
        String salt = ApiKeyFormat.newSalt();
        return new ApiKey(
                BOOTSTRAP_ID,
                "bootstrap admin key (configuration)",
                owner,
                Role.ADMIN_NAME,
                salt,
                ApiKeyFormat.hash(salt, key),
                null,
                "configuration",
                null,
                null,
                ApiKey.UNPEPPERED);
    }

    /** After the topics were created (TopicInitializer runs at priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        start();
    }

    /** Starts reading the topic; {@link #awaitLoaded} tells when everything written before is known. */
    public void start() {
        table.start();
    }

    /** Whether the topic has been read to its end once. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return table.awaitLoaded(timeout);
    }

    /** Whether the topic has been read to its end once, without waiting. */
    public boolean isLoaded() {
        return table.isLoaded();
    }

    /** How far behind the end of {@code redline.api-keys} this instance's table is (for readiness). */
    public CompactedTopicTail.Freshness freshness() {
        return table.freshness();
    }

    /**
     * Whether checking {@code presented} needs the key table: an {@code rlk_}-shaped key that is not the bootstrap key.
     * Anything else is decided without it, so it need not wait while the table loads.
     */
    public boolean needsTable(String presented) {
        return presented != null
                && presented.length() <= 512
                && ApiKeyFormat.parse(presented) != null
                && !isBootstrapKey(presented);
    }

    /** Waits until everything written before the call is in the table. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return table.awaitCaughtUp(timeout);
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
            if (key != null
                    && key.active()
                    && !revoked.containsKey(key.id())
                    && ApiKeyFormat.matches(key, pepper, parsed.secret())) {
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
        return bootstrap != null
                && presented != null
                && presented.length() <= 512
                && ApiKeyFormat.matches(bootstrap.salt(), bootstrap.hash(), presented);
    }

    /** A new key and the one time its value is known. */
    public record Created(ApiKey key, String value) {}

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
        ApiKey key = new ApiKey(
                made.id(),
                name,
                owner,
                role.id(),
                made.salt(),
                pepper == null ? made.hash() : ApiKeyFormat.pepper(pepper, made.hash()),
                clock.instant(),
                createdBy,
                null,
                null,
                pepper == null ? ApiKey.UNPEPPERED : ApiKey.PEPPERED);
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

    /**
     * Whether {@code owner} has had API keys and has no active one now: a departed editor, whose subscriptions stop
     * delivering until they get a key again. An owner who never had an {@code rlk_} key (signing in by OIDC) and the
     * owner of the bootstrap key are never suspended. Reads the in-memory table (one pass over it).
     */
    public boolean ownerSuspended(String owner) {
        if (owner == null || (bootstrap != null && owner.equals(bootstrap.owner()))) {
            return false;
        }
        boolean hadKeys = false;
        for (ApiKey key : table.values()) {
            if (owner.equals(key.owner())) {
                if (key.active()) {
                    return false;
                }
                hadKeys = true;
            }
        }
        return hadKeys;
    }

    /** Every key, newest first, revoked ones included; the bootstrap key first when configured. */
    public List<ApiKey> list() {
        List<ApiKey> keys = new ArrayList<>(table.values());
        keys.sort(Comparator.comparing(ApiKey::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ApiKey::id));
        if (bootstrap != null) {
            keys.add(0, bootstrap);
        }
        return keys;
    }

    private void write(ApiKey key) {
        try {
            table.put(key.id(), key);
        } catch (CompactedTable.WriteFailedException e) {
            throw new IllegalStateException("Kafka did not accept the key: " + e.getCause(), e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        table.close();
    }
}
