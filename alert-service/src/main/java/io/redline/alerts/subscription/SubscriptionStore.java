package io.redline.alerts.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.common.kafka.CompactedTable;
import io.redline.common.kafka.RecordJson;
import io.redline.common.secrets.SecretSealer;
import io.redline.contracts.Topic;
import io.redline.query.SubscriptionQuery;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The alert subscriptions, kept in the compacted topic {@code redline.subscriptions} that every alert-service
 * instance reads in full and follows: any instance answers the API, every instance's {@link SubscriptionMatcher}
 * holds every enabled subscription, and a write returns only once the broker has it ({@code acks=all}).
 *
 * <p>Webhook secrets and channel URLs are credentials: the record holds them sealed ({@link SubscriptionSealing},
 * with the key of {@code REDLINE_SECRETS_KEY}, which Kafka never sees), this instance holds them opened. Records that
 * hold them in clear (written before sealing) or sealed with an older key are sealed again with the current key once
 * the topic has been read at start-up.
 */
@ApplicationScoped
public class SubscriptionStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SubscriptionStore.class);

    /** JSON of the stored records (the tests write records with it as an older instance would). */
    static final ObjectMapper JSON = RecordJson.MAPPER;

    private final SubscriptionMatcher matcher;
    private final SubscriptionValidator validator;
    private final Duration secretOverlap;
    private final int maxSubscriptions;
    private final Clock clock;
    private final SubscriptionSealing sealing;
    /** Ids whose latest record read holds a credential in clear or under an older key (sealed again at start-up). */
    private final Set<String> unsealed = ConcurrentHashMap.newKeySet();
    /**
     * Read in full first, then registered in the matcher in one batch ({@link #goLive}); from then on every change
     * reaches the matcher ({@link #changed}). An unreadable record removes the subscription it replaces: it was
     * superseded by something this instance cannot serve, so it must not alert on the old version.
     */
    private final CompactedTable<Subscription> table;

    @Inject
    public SubscriptionStore(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            SubscriptionMatcher matcher,
            AlertsConfig config,
            SecretSealer sealer) {
        this(
                kafkaConfig,
                "subscriptions-" + instanceId(),
                matcher,
                new SubscriptionValidator(config.allowHttp(), config.allow().orElse(List.of())),
                config.secretOverlap(),
                config.maxSubscriptions(),
                Clock.systemUTC(),
                sealer);
    }

    /** A store with its own Kafka clients named {@code clientId}; call {@link #start()} to read the topic. */
    public SubscriptionStore(
            Map<String, Object> kafkaConfig,
            String clientId,
            SubscriptionMatcher matcher,
            SubscriptionValidator validator,
            Duration secretOverlap,
            int maxSubscriptions,
            Clock clock,
            SecretSealer sealer) {
        this.matcher = matcher;
        this.validator = validator;
        this.secretOverlap = secretOverlap;
        this.maxSubscriptions = maxSubscriptions;
        this.clock = clock;
        this.sealing = new SubscriptionSealing(sealer);
        this.table = new CompactedTable<>(
                        Topic.SUBSCRIPTIONS.topicName(), Subscription.class, "Subscription", kafkaConfig, clientId)
                .transforming(sealing::seal, this::opened)
                .onLoaded(this::goLive)
                .onChange(this::changed);
    }

    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "alert";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** After the topics were created (TopicInitializer runs at priority 10). */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        start();
    }

    /** Starts reading the topic; the matcher is filled once everything written before is read. */
    public void start() {
        table.start();
    }

    /** Whether the topic has been read to its end once (the API answers only then: 503 before). */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return table.awaitLoaded(timeout);
    }

    /** Waits until everything written to the topic before the call is in the table and the matcher. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return table.awaitCaughtUp(timeout);
    }

    /**
     * Registers every enabled subscription read so far in one matcher update (much cheaper than one by one); the
     * table runs it under its lock, before any change reaches {@link #changed}, so no record falls between.
     */
    private void goLive() {
        List<SubscriptionQuery> batch = new ArrayList<>();
        for (Subscription s : table.values()) {
            SubscriptionQuery q = s.enabled() ? matchable(s) : null;
            if (q != null) {
                batch.add(q);
            }
        }
        try {
            matcher.registerAll(batch);
        } catch (RuntimeException e) {
            // The batch is all or nothing: fall back to one by one so only the offending ones stay out.
            LOG.warnf(
                    "Registering %d subscriptions at once failed (%s); registering one by one",
                    batch.size(), e.toString());
            batch.forEach(this::register);
        }
        LOG.infof("Subscriptions read: %d, %d in the matcher", table.size(), matcher.size());
        resealAll();
    }

    /** A record as read: its credentials opened, and noted when it should be sealed again. */
    private Subscription opened(Subscription stored) {
        if (sealing.needsResealing(stored)) {
            unsealed.add(stored.id());
        } else {
            unsealed.remove(stored.id());
        }
        return sealing.open(stored);
    }

    /**
     * Writes back, sealed with the current key, every record read with a credential in clear or under an older key:
     * after an upgrade from clear records and after a key rotation, so the old key can be retired. Runs once the
     * topic is read and before the API answers (no request of this instance can race it); sends all, then waits
     * for the broker once. What fails is logged and tried again at the next start.
     */
    private void resealAll() {
        List<String> ids = List.copyOf(unsealed);
        if (ids.isEmpty()) {
            return;
        }
        int n = 0;
        try {
            for (String id : ids) {
                Subscription s = table.get(id);
                if (s != null) {
                    table.putAsync(id, s);
                    n++;
                }
            }
            table.flush();
            LOG.infof("Sealed %d subscription records again with the secrets key '%s'", n, sealing.currentKeyId());
        } catch (RuntimeException e) {
            LOG.warnf("Sealing subscription records again failed (%s); tried again at the next start", e.toString());
        }
    }

    /** Keeps the matcher in step with one change of the table (null: the subscription was deleted). */
    private void changed(String id, Subscription before, Subscription s) {
        if (s != null && s.enabled()) {
            SubscriptionQuery q = matchable(s);
            if (q != null) {
                register(q);
                return;
            }
        }
        matcher.remove(id);
    }

    private void register(SubscriptionQuery q) {
        try {
            matcher.register(q);
        } catch (RuntimeException e) {
            LOG.warnf("Subscription %s not matched: %s", q.id(), e.getMessage());
            matcher.remove(q.id());
        }
    }

    /**
     * The subscription's query when the matcher can run it, else null with a warning: a stored query may no longer
     * parse after a grammar change, and that must cost one subscription, never the tail.
     */
    private static SubscriptionQuery matchable(Subscription s) {
        if (s.watchesSpikes()) {
            return null; // alerted by the spike evaluator, never matched against articles
        }
        try {
            SubscriptionValidator.compiles(s);
            return s.toQuery();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Subscription %s (%s) is kept but not matched: its query is no longer valid: %s",
                    s.id(), s.name(), e.getMessage());
            return null;
        }
    }

    /**
     * A check a new or changed subscription must pass before it is written (the per-owner quotas).
     *
     * @see #create(SubscriptionRequest, String, Check)
     */
    @FunctionalInterface
    public interface Check {
        /**
         * Throws to refuse {@code s}.
         *
         * @param owned how many other subscriptions its owner has
         */
        void check(Subscription s, String owner, long owned);
    }

    /** The ids of {@code owner}'s subscriptions (null: those made before API keys, without an owner). */
    public List<String> idsOwnedBy(String owner) {
        return table.values().stream()
                .filter(s -> java.util.Objects.equals(owner, s.owner()))
                .map(Subscription::id)
                .toList();
    }

    /** How many subscriptions {@code owner} has, not counting {@code exceptId} (may be null). */
    public long countOwnedBy(String owner, String exceptId) {
        return table.values().stream()
                .filter(s -> java.util.Objects.equals(owner, s.owner()) && !s.id().equals(exceptId))
                .count();
    }

    /** Every subscription, oldest first. */
    public List<Subscription> list() {
        requireLoaded();
        return table.values().stream()
                .sorted(Comparator.comparing(Subscription::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Subscription::id))
                .toList();
    }

    /** One subscription; 404 when unknown. */
    public Subscription get(String id) {
        requireLoaded();
        Subscription s = table.get(id);
        if (s == null) {
            throw new NotFoundException("no subscription with id " + id);
        }
        return s;
    }

    /** The stored subscription or null, without waiting for the initial read (delivery and tests). */
    public Subscription find(String id) {
        return table.get(id);
    }

    /**
     * Creates a subscription of {@code owner} (decided by {@link SubscriptionAccess}); the view carries the webhook
     * secret when one was made (shown this once).
     */
    public SubscriptionView create(SubscriptionRequest request, String owner) {
        return create(request, owner, (s, o, owned) -> {});
    }

    /**
     * As {@link #create(SubscriptionRequest, String)}, refusing what {@code check} refuses. The check (the owner's
     * quota) comes before the global cap, so one owner reaches their own limit long before everyone's.
     */
    public SubscriptionView create(SubscriptionRequest request, String owner, Check check) {
        requireLoaded();
        String id = SubscriptionValidator.newId("sub_", 12);
        Subscription v = validator.validate(id, request, null);
        check.check(v, owner, countOwnedBy(owner, null));
        if (table.size() >= maxSubscriptions) {
            throw new ClientErrorException(
                    "at most " + maxSubscriptions + " subscriptions in all (redline.alerts.max-subscriptions)", 409);
        }
        Instant now = clock.instant();
        String secret = v.hasChannel(ChannelType.WEBHOOK) ? SubscriptionValidator.newWebhookSecret() : null;
        Subscription s =
                copy(v, owner, secret == null ? List.of() : List.of(new WebhookSecret(secret, now, null)), now, now);
        write(s);
        return SubscriptionView.withSecret(s, secret);
    }

    /**
     * Replaces a subscription's editable fields and sets its owner ({@link SubscriptionAccess} keeps it unless an
     * admin changes it); id, creation time and secrets stay. Adding the first webhook channel makes a secret
     * (returned this once); removing the last one drops the secrets.
     */
    public SubscriptionView update(String id, SubscriptionRequest request, String owner) {
        return update(id, request, owner, (s, o, owned) -> {});
    }

    /** As {@link #update(String, SubscriptionRequest, String)}, refusing what {@code check} refuses. */
    public SubscriptionView update(String id, SubscriptionRequest request, String owner, Check check) {
        Subscription old = get(id);
        Subscription v = validator.validate(id, request, old);
        check.check(v, owner, countOwnedBy(owner, id));
        Instant now = clock.instant();
        List<WebhookSecret> secrets = unexpired(old.webhookSecrets(), now);
        String secret = null;
        if (!v.hasChannel(ChannelType.WEBHOOK)) {
            secrets = List.of();
        } else if (secrets.isEmpty()) {
            secret = SubscriptionValidator.newWebhookSecret();
            secrets = List.of(new WebhookSecret(secret, now, null));
        }
        Subscription s = copy(v, owner, secrets, old.createdAt(), now);
        write(s);
        return SubscriptionView.withSecret(s, secret);
    }

    /** Deletes a subscription (a tombstone); 404 when unknown. */
    public void delete(String id) {
        get(id);
        try {
            table.delete(id);
        } catch (CompactedTable.WriteFailedException e) {
            throw unavailable(e);
        }
    }

    /**
     * Makes a new current webhook secret (returned this once) and keeps the previous one valid until now +
     * {@code redline.alerts.secret-overlap}, so deliveries carry both signatures while receivers switch. At most two
     * secrets exist: rotating again during an overlap drops the oldest at once.
     */
    public SubscriptionView rotateSecret(String id) {
        Subscription old = get(id);
        if (!old.hasChannel(ChannelType.WEBHOOK)) {
            throw new ClientErrorException("subscription " + id + " has no webhook channel, so no secret", 409);
        }
        Instant now = clock.instant();
        String secret = SubscriptionValidator.newWebhookSecret();
        List<WebhookSecret> secrets = new ArrayList<>();
        secrets.add(new WebhookSecret(secret, now, null));
        unexpired(old.webhookSecrets(), now).stream()
                .filter(w -> w.expiresAt() == null)
                .findFirst()
                .ifPresent(current ->
                        secrets.add(new WebhookSecret(current.secret(), current.createdAt(), now.plus(secretOverlap))));
        Subscription s = copy(old, old.owner(), secrets, old.createdAt(), now);
        write(s);
        return SubscriptionView.withSecret(s, secret);
    }

    /**
     * Turns one channel off with the reason shown in the API (delivery does this when a receiver answers 410 Gone);
     * false when the subscription or channel no longer exists or the channel is already off. Editing the
     * subscription with the channel {@code enabled} again turns it back on.
     */
    public synchronized boolean disableChannel(String subscriptionId, String channelId, String reason) {
        Subscription old = find(subscriptionId);
        if (old == null || old.channels().stream().noneMatch(c -> c.id().equals(channelId) && c.enabled())) {
            return false;
        }
        List<Subscription.Channel> channels = old.channels().stream()
                .map(c -> c.id().equals(channelId)
                        ? new Subscription.Channel(c.id(), c.type(), c.url(), c.to(), false, reason)
                        : c)
                .toList();
        write(new Subscription(
                old.id(),
                old.name(),
                old.owner(),
                old.query(),
                old.filters(),
                old.minLevel(),
                old.minScore(),
                old.signals(),
                old.actors(),
                old.mode(),
                old.timeZone(),
                old.quietHours(),
                channels,
                old.webhookSecrets(),
                old.createdAt(),
                clock.instant(),
                old.enabled(),
                old.kind(),
                old.spike(),
                old.minOutlets(),
                old.brief()));
        return true;
    }

    private static List<WebhookSecret> unexpired(List<WebhookSecret> secrets, Instant now) {
        return secrets.stream()
                .filter(w -> w.expiresAt() == null || w.expiresAt().isAfter(now))
                .toList();
    }

    private static Subscription copy(
            Subscription v, String owner, List<WebhookSecret> secrets, Instant createdAt, Instant updatedAt) {
        return new Subscription(
                v.id(),
                v.name(),
                owner,
                v.query(),
                v.filters(),
                v.minLevel(),
                v.minScore(),
                v.signals(),
                v.actors(),
                v.mode(),
                v.timeZone(),
                v.quietHours(),
                v.channels(),
                secrets,
                createdAt,
                updatedAt,
                v.enabled(),
                v.kind(),
                v.spike(),
                v.minOutlets(),
                v.brief());
    }

    private void requireLoaded() {
        if (!table.isLoaded()) {
            throw new ServiceUnavailableException("subscriptions are still being read from Kafka; retry shortly", 5L);
        }
    }

    private void write(Subscription s) {
        try {
            table.put(s.id(), s); // read-your-writes here; the table tells the matcher
        } catch (CompactedTable.WriteFailedException e) {
            throw unavailable(e);
        }
    }

    private static ServiceUnavailableException unavailable(CompactedTable.WriteFailedException e) {
        return new ServiceUnavailableException(e.getMessage(), 5L);
    }

    @PreDestroy
    @Override
    public void close() {
        table.close();
    }
}
