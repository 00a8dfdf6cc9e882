package io.redline.ingest.feed;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.fetch.HostGate;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.outlet.Outlets;
import io.redline.ingest.outlet.Publisher;
import io.redline.ingest.parse.FeedParseException;
import io.redline.ingest.publish.ArticleSink;
import io.redline.ingest.registry.FeedDefinition;
import io.redline.ingest.registry.FeedFetchState;
import io.redline.ingest.registry.IngestInstance;
import io.redline.safehttp.FetchException;
import io.redline.safehttp.FetchResult;
import io.redline.safehttp.RetryAfter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Polls the feeds this instance owns, each when it is due, at most one fetch per host at a time, and publishes
 * new and changed articles; failing feeds back off exponentially and rate-limited ones wait for their Retry-After.
 *
 * <p>Which feeds it owns is decided elsewhere ({@code registry.FeedAssignment} hands them over as the instance
 * gains and loses registry partitions). After every poll the feed's state is saved through the {@link StateStore}
 * and every publication is remembered in the {@link PublishedLedger}, both durable in Kafka, so a restart or a
 * hand-over continues where the last poll stopped.
 */
@ApplicationScoped
public class FeedPoller {

    private static final Logger LOG = Logger.getLogger(FeedPoller.class);
    /** How long a poll waits for Kafka to acknowledge its articles before it fails (and is retried). */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    private final IngestConfig config;
    private final FeedFetcher fetcher;
    private final ArticleSink sink;
    private final MeterRegistry registry;
    private final PublishedLedger published;
    private final StateStore states;
    private final String instanceId;
    private final PollSchedule.Bounds bounds;
    private final Timer fetchLatency;
    private final Clock clock = Clock.systemUTC();
    private final HostGate hosts;
    private final Outlets outlets;
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();
    /** Feeds removed while a poll of them was in flight, until it ends (see {@link #upsert}). */
    private final Map<String, FeedState> retiring = new ConcurrentHashMap<>();

    private final ExecutorService workers;
    private volatile boolean started;

    /** A poller on its own: in-memory dedupe, nothing saved (tests of fetching and parsing). */
    public FeedPoller(IngestConfig config, FeedFetcher fetcher, ArticleSink sink, MeterRegistry registry) {
        this(config, fetcher, sink, registry, new PublishedLedger.InMemory(config.dedupeCapacity()), StateStore.NONE);
    }

    @Inject
    public FeedPoller(
            IngestConfig config,
            FeedFetcher fetcher,
            ArticleSink sink,
            MeterRegistry registry,
            PublishedLedger published,
            StateStore states) {
        this.config = config;
        this.fetcher = fetcher;
        this.sink = sink;
        this.registry = registry;
        this.published = published;
        this.states = states;
        this.instanceId = config.instanceId().orElse(IngestInstance.defaultId());
        this.hosts = new HostGate(config.hostInterval());
        this.outlets = Outlets.parse(config.outletGroups().orElse(List.of()));
        // Lowering poll-interval (as the demo does) lowers the adaptive floor with it.
        Duration min = config.minInterval().compareTo(config.pollInterval()) > 0
                ? config.pollInterval()
                : config.minInterval();
        this.bounds = new PollSchedule.Bounds(
                config.pollInterval(), min, config.maxInterval(), config.adaptive(), config.jitter());
        this.fetchLatency = Timer.builder("redline.ingest.fetch.latency")
                .description("Time to fetch a feed, redirects and body included")
                .publishPercentileHistogram()
                .register(registry);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.fetchThreads()), r -> {
            Thread t = new Thread(r, "feed-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        registry.gauge("redline.ingest.feeds.owned", feeds, Map::size);
    }

    /** Registers a bare URL with no saved state and returns its state (tests and single-process use). */
    FeedState add(String url) {
        return upsert(FeedDefinition.of(url, clock.instant()), null);
    }

    /**
     * Takes ownership of a feed, or applies a changed definition to one already owned. {@code saved} is the
     * state the last poll saved (by this or another instance), so the schedule and validators carry over.
     */
    public FeedState upsert(FeedDefinition definition, FeedFetchState saved) {
        return feeds.compute(definition.id(), (id, existing) -> {
            FeedState state = existing;
            if (state == null) {
                // Disabled or handed over a moment ago and still finishing a poll: continue with that state (it is
                // the newest), never a second one that would poll the feed again at once.
                FeedState retiring = this.retiring.remove(id);
                state = retiring != null ? retiring : new FeedState(definition, saved);
                state.released = false;
            }
            Duration oldFixed = state.definition.pollInterval();
            if (!state.definition.url().equals(definition.url())) {
                state.forgetDocument(); // another URL: the old validators and hashes say nothing about it
                state.nextPoll = Instant.EPOCH;
            }
            state.definition = definition;
            Instant refresh = definition.refreshRequestedAt();
            if (refresh != null && (state.refreshHandledAt == null || refresh.isAfter(state.refreshHandledAt))) {
                state.refreshHandledAt = refresh;
                if (state.inFlight) {
                    state.refreshPending = true; // the poll in flight may have fetched before the request
                } else {
                    state.nextPoll = Instant.EPOCH; // due now
                }
            }
            Duration fixed = definition.pollInterval();
            if (existing != null
                    && fixed != null
                    && !fixed.equals(oldFixed)
                    && state.lastFetch != null
                    && state.lastFetch.plus(fixed).isBefore(state.nextPoll)) {
                state.nextPoll = state.lastFetch.plus(fixed); // a shorter fixed interval applies at once
            }
            if (fixed == null && oldFixed != null) {
                state.interval = null; // back to the adaptive schedule at the next poll
            }
            return state;
        });
    }

    /** Stops polling a feed (deleted or disabled); a fetch in flight finishes and saves its state. */
    public void remove(String feedId) {
        FeedState state = feeds.remove(feedId);
        if (state != null && state.inFlight) {
            retiring.put(feedId, state);
        }
    }

    /**
     * Hands feeds over to another instance: stops scheduling them, waits for their fetches in flight to finish
     * (bounded by the longest a poll can take: fetch deadline plus publishing) and makes their saved state and
     * ledger entries durable, so the next owner neither polls them again too soon nor re-publishes what was just
     * published. A poll still running after that wait saves nothing: the feed's state belongs to the next owner.
     */
    public void release(Collection<String> feedIds) {
        List<FeedState> released = new ArrayList<>();
        for (String id : feedIds) {
            FeedState state = feeds.remove(id);
            if (state != null) {
                released.add(state);
            }
        }
        long deadline = System.nanoTime()
                + config.fetchTimeout().plus(PUBLISH_TIMEOUT).plusSeconds(10).toNanos();
        for (FeedState state : released) {
            while (state.inFlight && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (state.inFlight) {
                state.released = true;
                LOG.warnf(
                        "Feed %s handed over while a poll of it is still running; that poll will not save its state",
                        state.url());
            }
        }
        published.flush();
        states.flush();
    }

    /** Ids of the feeds this instance owns. */
    public List<String> owned() {
        return List.copyOf(feeds.keySet());
    }

    /** Polling starts once the application (and so the Kafka channel) is up; polls before that could only fail. */
    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Runs four times a second and hands due feeds to the fetch workers, skipping hosts that have a fetch running or
     * started one less than {@code host-interval} ago. The short tick polls a feed close to when it is due (a 1 s
     * tick stretched a 2 s interval to 3 s half of the time, so fast feeds dropped items between polls); the host
     * interval keeps the per-host pace the 1 s tick gave.
     */
    @Scheduled(every = "${redline.ingest.tick:0.25s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollDueFeeds() {
        if (!started) {
            LOG.debug("Not started yet: no polls");
            return;
        }
        Instant now = clock.instant();
        // Most overdue first: with one fetch per host, feeds sharing a host would otherwise starve one another.
        List<FeedState> due = feeds.values().stream()
                .filter(f -> !f.inFlight && !now.isBefore(f.nextPoll))
                .sorted(java.util.Comparator.comparing(f -> f.nextPoll))
                .toList();
        for (FeedState feed : due) {
            String host = hostOf(feed.url());
            if (!hosts.tryEnter(host)) {
                continue; // this host is busy or was just fetched from; the feed stays due for a later tick
            }
            feed.inFlight = true;
            LOG.debugf("Polling %s", feed.url());
            try {
                workers.execute(() -> {
                    try {
                        if (feeds.get(feed.id) == feed) { // not released while it waited for a worker
                            poll(feed);
                        }
                    } finally {
                        feed.inFlight = false;
                        hosts.leave(host);
                    }
                });
            } catch (RejectedExecutionException e) {
                feed.inFlight = false;
                hosts.leave(host);
            }
        }
    }

    /** Fetches, parses and publishes one feed now, records the outcome in its state and saves it; never throws. */
    void poll(FeedState feed) {
        Instant now = clock.instant();
        feed.lastFetch = now;
        FeedDefinition definition = feed.definition;
        try {
            long start = System.nanoTime();
            FetchResult result;
            try {
                result = fetcher.fetch(definition.url(), feed.etag, feed.lastModified);
            } finally {
                fetchLatency.record(Duration.ofNanos(System.nanoTime() - start));
            }
            registry.counter("redline.ingest.polls", "status", Integer.toString(result.status()))
                    .increment();
            if (result.notModified()) {
                succeeded(feed, now, null);
                return;
            }
            if (result.status() == 429 || result.status() == 503) {
                Duration wait = RetryAfter.parse(result.retryAfter(), now);
                failed(
                        feed,
                        now,
                        "rate_limited",
                        "HTTP " + result.status() + (wait == null ? "" : ", Retry-After " + wait.toSeconds() + "s"),
                        wait);
                return;
            }
            if (result.status() != 200) {
                failed(feed, now, "http_status", "HTTP " + result.status(), null);
                return;
            }
            String bodyHash = ArticleNormalizer.sha256(result.body());
            if (bodyHash.equals(feed.bodyHash)) {
                // Servers without validators: the same bytes as last time cannot hold anything new.
                registry.counter("redline.ingest.unchanged.bodies").increment();
                succeeded(feed, now, null);
                return;
            }
            // Entries whose raw bytes the last document already had are left out before Rome builds anything.
            KnownItems.Document document = KnownItems.parse(result.body(), result.contentType(), feed);
            SyndFeed parsed = document.feed();
            if (definition.language() != null
                    && (parsed.getLanguage() == null || parsed.getLanguage().isBlank())) {
                parsed.setLanguage(definition.language());
            }
            List<RawArticle> fresh = new ArrayList<>();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            java.util.Set<String> freshIds = new java.util.HashSet<>();
            Remembered seen = new Remembered();
            Map<String, String> unchanged = previousEntries(feed);
            // Who the feed speaks for comes from the registry (its registered URL, or the outlet an admin set), never
            // from the document or where the server redirected: a feed cannot vouch for itself.
            Publisher publisher = outlets.publisherOf(definition.url(), definition.outlet());
            RuntimeException normalizing = null;
            try {
                for (KnownItems.Slot slot : document.slots()) {
                    feed.articlesSeen++;
                    if (slot.known() != null) {
                        // The same bytes as an entry of the last document: what its fingerprint matching would say.
                        KnownItems.Known known = slot.known();
                        seen.add(known.id(), known.entryFingerprint(), slot.print(), known.date());
                        registry.counter("redline.ingest.articles", "outcome", "duplicate")
                                .increment();
                        continue;
                    }
                    SyndEntry entry = slot.entry();
                    String fingerprint = fingerprint(entry);
                    String knownId = unchanged.get(fingerprint);
                    if (knownId != null) {
                        // Byte-for-byte the entry of the last document: published then; normalising it again (jsoup,
                        // language detection) would only find that out at ten times the cost.
                        seen.add(knownId, fingerprint, slot.print(), KnownItems.dateOf(entry));
                        registry.counter("redline.ingest.articles", "outcome", "duplicate")
                                .increment();
                        continue;
                    }
                    RawArticle article = ArticleNormalizer.normalize(
                            parsed, entry, feed.id, result.finalUrl(), definition.tags(), now, publisher);
                    seen.add(article.id(), fingerprint, slot.print(), KnownItems.dateOf(entry));
                    PublishedLedger.Published previous = published.get(article.id());
                    if (previous != null && previous.contentHash().equals(article.contentHash())) {
                        registry.counter("redline.ingest.articles", "outcome", "duplicate")
                                .increment();
                        continue;
                    }
                    if (!freshIds.add(article.id())) {
                        registry.counter("redline.ingest.articles", "outcome", "duplicate")
                                .increment();
                        continue; // the same entry twice in one document: first one wins
                    }
                    RawArticle next = previous == null
                            ? article
                            : ArticleNormalizer.withRevision(article, previous.revision() + 1);
                    fresh.add(next);
                    // Sent now, not after the whole document is normalised: the first articles of a 100-item document
                    // would otherwise wait for the other 99 (~100 ms of CPU) before leaving.
                    sends.add(sink.publishAsync(next));
                }
            } catch (RuntimeException e) {
                normalizing = e; // the articles already sent are still awaited and recorded below
            }
            awaitPublished(feed, fresh, sends);
            if (normalizing != null) {
                throw normalizing;
            }
            // Validators are kept only once everything was published: a failure re-fetches the whole body.
            feed.etag = result.etag();
            feed.lastModified = result.lastModified();
            feed.bodyHash = bodyHash;
            feed.seenIds = List.copyOf(seen.ids);
            feed.entryFingerprints = List.copyOf(seen.fingerprints);
            feed.itemPrints = seen.complete ? List.copyOf(seen.prints) : List.of();
            succeeded(
                    feed,
                    now,
                    PollSchedule.hints(parsed, result.cacheControl(), result.expires(), now, document.knownDates()));
            LOG.debugf(
                    "Feed %s: %d entries (%d parsed), %d published",
                    definition.url(),
                    document.slots().size(),
                    parsed.getEntries().size(),
                    fresh.size());
        } catch (FetchException e) {
            failed(feed, now, e.kind().tag(), e.getMessage(), null);
        } catch (FeedParseException e) {
            failed(feed, now, "parse", e.getMessage(), null);
        } catch (RuntimeException e) {
            failed(feed, now, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), null);
        } finally {
            retiring.remove(feed.id, feed);
            if (!feed.released) {
                states.save(feed.toSaved(instanceId));
            }
        }
    }

    /**
     * Waits for the acks of a document's articles, sent as each was normalised (one broker round trip per document,
     * not per article), then records each acknowledged one in the ledger; throws when any was not acknowledged,
     * after recording the others, so a retry re-sends only what is missing.
     */
    private void awaitPublished(FeedState feed, List<RawArticle> fresh, List<CompletableFuture<Void>> sends) {
        long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
        RuntimeException failure = null;
        for (int i = 0; i < fresh.size(); i++) {
            RawArticle article = fresh.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while publishing");
                continue;
            } catch (ExecutionException | TimeoutException e) {
                if (failure == null) {
                    failure = new IllegalStateException("Kafka did not acknowledge article " + article.id() + ": "
                            + (e.getCause() == null ? e : e.getCause()));
                }
                continue;
            }
            published.record(article.id(), new PublishedLedger.Published(article.contentHash(), article.revision()));
            registry.counter("redline.ingest.articles", "outcome", article.revision() == 1 ? "new" : "updated")
                    .increment();
            feed.articlesPublished++;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Fingerprint -> article id of the entries of the last document parsed. */
    private static Map<String, String> previousEntries(FeedState feed) {
        List<String> ids = feed.seenIds;
        List<String> fps = feed.entryFingerprints;
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < Math.min(ids.size(), fps.size()); i++) {
            out.put(fps.get(i), ids.get(i));
        }
        return out;
    }

    /** What a poll remembers of a document's entries, in document order, at most {@code MAX_SEEN_IDS}. */
    private static final class Remembered {
        final List<String> ids = new ArrayList<>();
        final List<String> fingerprints = new ArrayList<>();
        final List<String> prints = new ArrayList<>();
        /** False once an entry had no raw fingerprint: then none are kept, so the lists never misalign. */
        boolean complete = true;

        void add(String id, String fingerprint, String print, Instant date) {
            if (ids.size() < FeedFetchState.MAX_SEEN_IDS) {
                ids.add(id);
                fingerprints.add(fingerprint);
                if (print == null) {
                    complete = false;
                } else {
                    prints.add(KnownItems.encode(print, date));
                }
            }
        }
    }

    /** A hash of everything of an entry that normalising reads. */
    static String fingerprint(SyndEntry e) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(e.getUri())
                .append('\u0000')
                .append(e.getLink())
                .append('\u0000')
                .append(e.getTitle())
                .append('\u0000')
                .append(e.getPublishedDate() == null ? "" : e.getPublishedDate().getTime())
                .append('\u0000')
                .append(e.getUpdatedDate() == null ? "" : e.getUpdatedDate().getTime())
                .append('\u0000')
                .append(e.getDescription() == null ? "" : e.getDescription().getValue())
                .append('\u0000');
        e.getContents().forEach(c -> sb.append(c.getValue()).append('\u0000'));
        e.getAuthors().forEach(a -> sb.append(a.getName()).append(a.getEmail()).append('\u0000'));
        sb.append(e.getAuthor()).append('\u0000');
        e.getCategories().forEach(c -> sb.append(c.getName()).append('\u0000'));
        e.getForeignMarkup()
                .forEach(m -> sb.append(m.getName()).append(m.getValue()).append('\u0000'));
        return ArticleNormalizer.sha256(sb.toString()).substring(0, 24);
    }

    /**
     * Records a success and schedules the next poll: from the new {@code hints} when the body was parsed,
     * else at the interval already chosen.
     */
    private void succeeded(FeedState feed, Instant now, PollSchedule.Hints hints) {
        feed.lastSuccess = now;
        feed.consecutiveErrors = 0;
        feed.lastError = null;
        feed.lastErrorKind = null;
        if (hints != null || feed.interval == null || feed.definition.pollInterval() != null) {
            PollSchedule.Decision d = PollSchedule.decide(
                    bounds, feed.definition.pollInterval(), hints == null ? PollSchedule.Hints.NONE : hints, now);
            feed.interval = d.interval();
            feed.intervalReason = d.reason();
        }
        feed.nextPoll = now.plus(PollSchedule.jittered(
                feed.interval, bounds.jitter(), ThreadLocalRandom.current().nextDouble()));
        if (feed.refreshPending) {
            feed.refreshPending = false;
            feed.nextPoll = now; // a refresh asked for while this poll ran
        }
    }

    /**
     * Records a failure and schedules the next poll: exponential backoff from the poll interval, capped at
     * {@code max-backoff}, or the server's Retry-After when longer; a failing feed keeps being retried at that pace.
     */
    private void failed(FeedState feed, Instant now, String kind, String message, Duration retryAfter) {
        int errors = ++feed.consecutiveErrors;
        feed.lastErrorKind = kind;
        feed.lastError = message;
        // From the feed's own interval when longer: a feed polled every 6 hours is not retried every minute.
        Duration base = feed.interval != null && feed.interval.compareTo(config.pollInterval()) > 0
                ? feed.interval
                : config.pollInterval();
        Duration backoff = backoff(base, errors, config.maxBackoff());
        if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
            backoff = retryAfter.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : retryAfter;
        }
        feed.nextPoll = now.plus(backoff);
        if (feed.refreshPending && retryAfter == null) {
            feed.refreshPending = false;
            feed.nextPoll = now;
        }
        registry.counter("redline.ingest.errors", "kind", kind).increment();
        LOG.warnf(
                "Feed %s failed (%d in a row%s, next try in %ss): %s",
                feed.url(),
                errors,
                feed.failing(config.failingThreshold()) ? ", marked failing" : "",
                backoff.toSeconds(),
                message);
    }

    /** {@code interval * 2^(errors-1)}, capped at {@code max}. */
    static Duration backoff(Duration interval, int errors, Duration max) {
        int shift = Math.min(Math.max(errors - 1, 0), 30);
        Duration d = interval.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
