package io.redline.ingest.feed;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.fetch.FetchException;
import io.redline.ingest.fetch.FetchResult;
import io.redline.ingest.fetch.HostGate;
import io.redline.ingest.fetch.RetryAfter;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.parse.FeedParseException;
import io.redline.ingest.parse.FeedParser;
import io.redline.ingest.publish.ArticleSink;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Polls every configured feed on its interval, at most one fetch per host at a time, and publishes new and
 * changed articles; failing feeds back off exponentially and rate-limited ones wait for their Retry-After.
 *
 * <p>Feeds come from configuration; state and the dedupe memory live in memory (a restart re-sends what the
 * raw topic already holds; compaction and id-keyed indexing absorb that).
 */
@ApplicationScoped
public class FeedPoller {

    private static final Logger LOG = Logger.getLogger(FeedPoller.class);

    private final IngestConfig config;
    private final FeedFetcher fetcher;
    private final ArticleSink sink;
    private final MeterRegistry registry;
    private final Timer fetchLatency;
    private final Clock clock = Clock.systemUTC();
    private final HostGate hosts = new HostGate();
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private volatile boolean started;
    /** article id -> [content hash, revision] last published; bounded LRU so memory stays flat on long runs. */
    private final Map<String, Published> published;

    private record Published(String contentHash, int revision) {
    }

    public FeedPoller(IngestConfig config, FeedFetcher fetcher, ArticleSink sink, MeterRegistry registry) {
        this.config = config;
        this.fetcher = fetcher;
        this.sink = sink;
        this.registry = registry;
        this.fetchLatency = Timer.builder("redline.ingest.fetch.latency")
                .description("Time to fetch a feed, redirects and body included")
                .publishPercentileHistogram()
                .register(registry);
        int capacity = config.dedupeCapacity();
        this.published = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Published> eldest) {
                return size() > capacity;
            }
        };
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.fetchThreads()), r -> {
            Thread t = new Thread(r, "feed-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (String url : config.feeds().orElse(List.of())) {
            if (!url.isBlank()) {
                add(url);
            }
        }
    }

    /** Adds a feed (idempotent on its URL) and returns its state. */
    FeedState add(String url) {
        String id = ArticleNormalizer.sha256(url.trim()).substring(0, 12);
        return feeds.computeIfAbsent(id, k -> new FeedState(k, url.trim()));
    }

    /** Health of every feed. */
    public List<FeedState.Snapshot> snapshots() {
        return feeds.values().stream().map(f -> f.snapshot(config.failingThreshold())).toList();
    }

    /** Polling starts once the application (and so the Kafka channel) is up; polls before that could only fail. */
    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Runs every second and hands due feeds to the fetch workers, skipping hosts that already have a fetch running. */
    @Scheduled(every = "${redline.ingest.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
            String host = hostOf(feed.url);
            if (!hosts.tryEnter(host)) {
                continue; // another feed of this host is being fetched; this one stays due for the next tick
            }
            feed.inFlight = true;
            LOG.debugf("Polling %s", feed.url);
            try {
                workers.execute(() -> {
                    try {
                        poll(feed);
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

    /** Fetches, parses and publishes one feed now, recording the outcome in its state; never throws. */
    void poll(FeedState feed) {
        Instant now = clock.instant();
        feed.lastFetch = now;
        feed.nextPoll = now.plus(config.pollInterval());
        try {
            long start = System.nanoTime();
            FetchResult result;
            try {
                result = fetcher.fetch(feed.url, feed.etag, feed.lastModified);
            } finally {
                fetchLatency.record(Duration.ofNanos(System.nanoTime() - start));
            }
            registry.counter("redline.ingest.polls", "status", Integer.toString(result.status())).increment();
            if (result.notModified()) {
                succeeded(feed, now);
                return;
            }
            if (result.status() == 429 || result.status() == 503) {
                Duration wait = RetryAfter.parse(result.retryAfter(), now);
                failed(feed, now, "rate_limited", "HTTP " + result.status()
                        + (wait == null ? "" : ", Retry-After " + wait.toSeconds() + "s"), wait);
                return;
            }
            if (result.status() != 200) {
                failed(feed, now, "http_status", "HTTP " + result.status(), null);
                return;
            }
            SyndFeed parsed = FeedParser.parse(result.body(), result.contentType());
            List<RawArticle> fresh = new ArrayList<>();
            for (SyndEntry entry : parsed.getEntries()) {
                RawArticle article = ArticleNormalizer.normalize(parsed, entry, feed.id, result.finalUrl(), List.of(), now);
                feed.articlesSeen++;
                Published previous;
                synchronized (published) {
                    previous = published.get(article.id());
                }
                if (previous != null && previous.contentHash().equals(article.contentHash())) {
                    registry.counter("redline.ingest.articles", "outcome", "duplicate").increment();
                    continue;
                }
                if (fresh.stream().anyMatch(a -> a.id().equals(article.id()))) {
                    registry.counter("redline.ingest.articles", "outcome", "duplicate").increment();
                    continue; // the same entry twice in one document: first one wins
                }
                fresh.add(previous == null ? article : ArticleNormalizer.withRevision(article, previous.revision() + 1));
            }
            for (RawArticle article : fresh) {
                sink.publish(article);
                synchronized (published) {
                    published.put(article.id(), new Published(article.contentHash(), article.revision()));
                }
                registry.counter("redline.ingest.articles", "outcome", article.revision() == 1 ? "new" : "updated")
                        .increment();
                feed.articlesPublished++;
            }
            // Validators are kept only once everything was published: a failure re-fetches the whole body.
            feed.etag = result.etag();
            feed.lastModified = result.lastModified();
            succeeded(feed, now);
            LOG.debugf("Feed %s: %d entries, %d published", feed.url, parsed.getEntries().size(), fresh.size());
        } catch (FetchException e) {
            failed(feed, now, e.kind().tag(), e.getMessage(), null);
        } catch (FeedParseException e) {
            failed(feed, now, "parse", e.getMessage(), null);
        } catch (RuntimeException e) {
            failed(feed, now, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), null);
        }
    }

    private static void succeeded(FeedState feed, Instant now) {
        feed.lastSuccess = now;
        feed.consecutiveErrors = 0;
        feed.lastError = null;
        feed.lastErrorKind = null;
    }

    /**
     * Records a failure and schedules the next poll: exponential backoff from the poll interval, capped at
     * {@code max-backoff}, or the server's Retry-After when longer; a failing feed keeps being retried at that pace.
     */
    private void failed(FeedState feed, Instant now, String kind, String message, Duration retryAfter) {
        int errors = ++feed.consecutiveErrors;
        feed.lastErrorKind = kind;
        feed.lastError = message;
        Duration backoff = backoff(config.pollInterval(), errors, config.maxBackoff());
        if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
            backoff = retryAfter.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : retryAfter;
        }
        feed.nextPoll = now.plus(backoff);
        registry.counter("redline.ingest.errors", "kind", kind).increment();
        LOG.warnf("Feed %s failed (%d in a row%s, next try in %ss): %s", feed.url, errors,
                feed.failing(config.failingThreshold()) ? ", marked failing" : "", backoff.toSeconds(), message);
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
