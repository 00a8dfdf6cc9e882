package io.redline.ingest.registry;

import io.redline.common.kafka.CompactedTable;
import io.redline.contracts.Topic;
import io.redline.ingest.feed.IngestConfig;
import io.redline.ingest.feed.StateStore;
import io.redline.safehttp.AddressPolicy;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The feed registry and every feed's saved fetch state, kept in two compacted Kafka topics that every
 * instance reads in full and follows ({@code redline.feeds}, {@code redline.feeds.state}): any instance answers
 * the API, and a write is acknowledged only once the broker has it ({@code acks=all}).
 */
@ApplicationScoped
public class FeedRegistry implements StateStore {

    private static final Logger LOG = Logger.getLogger(FeedRegistry.class);

    private final IngestConfig config;
    private final AddressPolicy policy;
    private final Clock clock = Clock.systemUTC();
    private final CompactedTable<FeedDefinition> definitions;
    private final CompactedTable<FeedFetchState> states;

    public FeedRegistry(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.policy = new AddressPolicy(config.allow().orElse(List.of()), "redline.ingest.allow");
        String instance = config.instanceId().orElse(IngestInstance.defaultId());
        // An unreadable record leaves the feed as it was: it stays listed, editable and deletable, as its poller keeps
        // it (FeedAssignment skips the record too).
        this.definitions = new CompactedTable<>(
                        Topic.FEEDS.topicName(), FeedDefinition.class, "Feed", kafkaConfig, "feeds-" + instance)
                .keepingUnreadable();
        this.states = new CompactedTable<>(
                        Topic.FEED_STATE.topicName(),
                        FeedFetchState.class,
                        "Feed state",
                        kafkaConfig,
                        "feed-state-" + instance)
                .keepingUnreadable();
    }

    /** Starts reading both topics (once they exist). */
    void start() {
        definitions.start();
        states.start();
    }

    /** Waits until both tables hold everything written before the call. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return definitions.awaitCaughtUp(timeout) && states.awaitCaughtUp(timeout);
    }

    /** Waits until the state table holds everything written before the call (a partition hand-over). */
    boolean awaitStateCaughtUp(Duration timeout) throws InterruptedException {
        return states.awaitCaughtUp(timeout);
    }

    /** Every feed with its health, ordered by creation. */
    public List<FeedView> list() {
        return definitions.values().stream()
                .sorted(Comparator.comparing(
                                FeedDefinition::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FeedDefinition::id))
                .map(this::view)
                .toList();
    }

    /** Every definition (OPML export). */
    public List<FeedDefinition> definitions() {
        return definitions.values().stream()
                .sorted(Comparator.comparing(
                                FeedDefinition::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FeedDefinition::id))
                .toList();
    }

    /** One feed with its health; 404 when unknown. */
    public FeedView get(String id) {
        return view(definition(id));
    }

    /** The saved state of a feed, or null when it was never polled. */
    public FeedFetchState savedState(String id) {
        return states.get(id);
    }

    private FeedDefinition definition(String id) {
        FeedDefinition d = id == null ? null : definitions.get(id);
        if (d == null) {
            throw new RegistryException(404, "id", "no feed with id " + id);
        }
        return d;
    }

    private FeedView view(FeedDefinition d) {
        return FeedView.of(d, states.get(d.id()), config.failingThreshold());
    }

    /** The feed registered with {@code url}, whatever its id (a PUT may have moved a feed to another URL), or null. */
    private FeedDefinition byUrl(String url) {
        FeedDefinition d = definitions.get(FeedDefinition.idOf(url));
        if (d != null && d.url().equals(url)) {
            return d;
        }
        return definitions.values().stream()
                .filter(x -> x.url().equals(url))
                .findFirst()
                .orElse(null);
    }

    /** Registers a new feed; 409 when its URL is registered already. */
    public FeedView create(FeedRequest request) {
        String url = FeedRequest.validUrl(request.url(), policy);
        String id = FeedDefinition.idOf(url);
        FeedDefinition same = byUrl(url);
        if (same != null || definitions.containsKey(id)) {
            throw new RegistryException(
                    409, "url", "feed already registered with id " + (same != null ? same.id() : id));
        }
        Instant now = clock.instant();
        FeedDefinition d = new FeedDefinition(
                id,
                url,
                FeedRequest.validTitle(request.title()),
                FeedRequest.validTags(request.tags()),
                FeedRequest.validLanguage(request.language()),
                FeedRequest.validInterval(request.pollInterval()),
                request.enabled() == null || request.enabled(),
                now,
                now,
                null,
                FeedRequest.validOutlet(request.outlet()));
        write(d);
        return view(d);
    }

    /** Replaces a feed's definition (URL, title, tags, language, interval, enabled, outlet); its id stays. */
    public FeedView update(String id, FeedRequest request) {
        FeedDefinition old = definition(id);
        String url = FeedRequest.validUrl(request.url() == null ? old.url() : request.url(), policy);
        FeedDefinition other = byUrl(url);
        if (other != null && !other.id().equals(id)) {
            throw new RegistryException(409, "url", "that URL is registered as feed " + other.id());
        }
        FeedDefinition d = new FeedDefinition(
                id,
                url,
                FeedRequest.validTitle(request.title()),
                FeedRequest.validTags(request.tags()),
                FeedRequest.validLanguage(request.language()),
                FeedRequest.validInterval(request.pollInterval()),
                request.enabled() == null ? old.enabled() : request.enabled(),
                old.createdAt(),
                clock.instant(),
                old.refreshRequestedAt(),
                FeedRequest.validOutlet(request.outlet()));
        write(d);
        return view(d);
    }

    /** Removes a feed and its saved state; 404 when unknown. */
    public void delete(String id) {
        definition(id);
        try {
            definitions.delete(id);
            states.delete(id);
        } catch (CompactedTable.WriteFailedException e) {
            throw new RegistryException(503, null, e.getMessage());
        }
    }

    /** Asks the instance that owns the feed to poll it now (through the registry topic, so any instance can ask). */
    public FeedView refresh(String id) {
        FeedDefinition old = definition(id);
        if (!old.enabled()) {
            throw new RegistryException(409, "enabled", "feed " + id + " is disabled; enable it first");
        }
        FeedDefinition d = new FeedDefinition(
                id,
                old.url(),
                old.title(),
                old.tags(),
                old.language(),
                old.pollInterval(),
                true,
                old.createdAt(),
                old.updatedAt(),
                clock.instant(),
                old.outlet());
        write(d);
        return view(d);
    }

    /** What an OPML import did: feeds created, already present, and refused with the reason. */
    public record ImportResult(List<String> created, List<String> existing, List<Map<String, String>> invalid) {}

    /** Registers every feed of an OPML document that is not registered yet; invalid outlines are reported, not fatal. */
    public ImportResult importOpml(byte[] opml) {
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<Map<String, String>> invalid = new ArrayList<>();
        for (Opml.Outline o : Opml.parse(opml)) {
            try {
                String url = FeedRequest.validUrl(o.url(), policy);
                String id = FeedDefinition.idOf(url);
                FeedDefinition same = byUrl(url);
                if (same != null || definitions.containsKey(id) || created.contains(id)) {
                    existing.add(same != null ? same.id() : id);
                    continue;
                }
                created.add(create(new FeedRequest(o.url(), o.title(), o.tags(), o.language(), null, true, o.outlet()))
                        .id());
            } catch (RegistryException e) {
                if (e.status() == 503) {
                    throw e;
                }
                invalid.add(Map.of("url", o.url(), "reason", e.getMessage()));
            }
        }
        return new ImportResult(created, existing, invalid);
    }

    /** The registry as an OPML document. */
    public String exportOpml() {
        return Opml.write(definitions(), clock.instant());
    }

    /**
     * Registers the feeds named in configuration ({@code redline.ingest.feeds}, {@code redline.ingest.feeds-file})
     * that are not in the registry yet. Runs once the registry is read, on every instance; two instances doing it
     * at once write the same key, which compaction folds into one.
     */
    void ensureConfigured() {
        List<FeedRequest> wanted = new ArrayList<>();
        config.feeds().orElse(List.of()).stream()
                .filter(u -> !u.isBlank())
                .forEach(u -> wanted.add(new FeedRequest(u, null, null, null, null, true)));
        if (config.feedsFile().isPresent() && !config.feedsFile().get().isBlank()) {
            Path file = Path.of(config.feedsFile().get());
            try {
                for (Opml.Outline o : Opml.parse(Files.readAllBytes(file))) {
                    wanted.add(new FeedRequest(o.url(), o.title(), o.tags(), o.language(), null, true, o.outlet()));
                }
            } catch (IOException | RegistryException e) {
                LOG.errorf("Cannot read feeds file %s: %s", file, e.getMessage());
            }
        }
        int added = 0;
        for (FeedRequest r : wanted) {
            try {
                if (!definitions.containsKey(FeedDefinition.idOf(r.url().trim()))
                        && byUrl(r.url().trim()) == null) {
                    create(r);
                    added++;
                }
            } catch (RegistryException e) {
                LOG.errorf("Configured feed %s not registered: %s", r.url(), e.getMessage());
            }
        }
        if (added > 0) {
            LOG.infof("Registered %d configured feed(s)", added);
        }
    }

    private void write(FeedDefinition d) {
        try {
            definitions.put(d.id(), d);
        } catch (CompactedTable.WriteFailedException e) {
            throw new RegistryException(503, null, e.getMessage());
        }
    }

    @Override
    public void save(FeedFetchState state) {
        if (!definitions.containsKey(state.id())) {
            return; // deleted while it was being polled: no state may outlive the feed
        }
        states.putAsync(state.id(), state);
    }

    @Override
    public void flush() {
        states.flush();
    }

    @PreDestroy
    void close() {
        definitions.close();
        states.close();
    }
}
