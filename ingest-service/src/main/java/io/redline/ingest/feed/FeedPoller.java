package io.redline.ingest.feed;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.publish.RawArticlePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Polls every configured feed on its interval and publishes new and changed articles.
 *
 * <p>Walking-skeleton scope: feeds come from configuration, state and the dedupe memory live in memory
 * (a restart re-sends what the raw topic already holds; compaction and id-keyed indexing absorb that).
 */
@ApplicationScoped
public class FeedPoller {

    private static final Logger LOG = Logger.getLogger(FeedPoller.class);

    private final IngestConfig config;
    private final FeedFetcher fetcher;
    private final RawArticlePublisher publisher;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();
    /** article id -> content hash last published; bounded LRU so memory stays flat on long runs. */
    private final Map<String, String> published;

    public FeedPoller(IngestConfig config, FeedFetcher fetcher, RawArticlePublisher publisher, MeterRegistry registry) {
        this.config = config;
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.registry = registry;
        int capacity = config.dedupeCapacity();
        this.published = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
        for (String url : config.feeds().orElse(List.of())) {
            if (!url.isBlank()) {
                String id = ArticleNormalizer.sha256(url.trim()).substring(0, 12);
                feeds.put(id, new FeedState(id, url.trim()));
            }
        }
    }

    /** Health of every feed. */
    public List<FeedState.Snapshot> snapshots() {
        return feeds.values().stream().map(FeedState::snapshot).toList();
    }

    /** Runs every second and polls the feeds that are due; a slow feed delays the others (skeleton scope). */
    @Scheduled(every = "${redline.ingest.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollDueFeeds() {
        Instant now = clock.instant();
        for (FeedState feed : feeds.values()) {
            if (!now.isBefore(feed.nextPoll)) {
                poll(feed);
            }
        }
    }

    void poll(FeedState feed) {
        Instant now = clock.instant();
        feed.lastFetch = now;
        feed.nextPoll = now.plus(config.pollInterval());
        try {
            FeedFetcher.FetchResult result = fetcher.fetch(feed.url, feed.etag, feed.lastModified);
            registry.counter("redline.ingest.polls", "status", Integer.toString(result.status())).increment();
            if (result.notModified()) {
                feed.lastSuccess = now;
                feed.consecutiveErrors = 0;
                return;
            }
            if (result.status() != 200) {
                throw new IllegalStateException("HTTP " + result.status());
            }
            SyndFeedInput input = new SyndFeedInput();
            // Rome refuses DOCTYPE declarations unless told otherwise: that is what keeps XXE and entity
            // expansion out; it is set explicitly so nobody flips it by accident.
            input.setAllowDoctypes(false);
            SyndFeed parsed = input.build(new XmlReader(new ByteArrayInputStream(result.body()), result.contentType(), true));
            List<RawArticle> fresh = new ArrayList<>();
            for (SyndEntry entry : parsed.getEntries()) {
                RawArticle article = ArticleNormalizer.normalize(parsed, entry, feed.id, feed.url, List.of(), now);
                feed.articlesSeen++;
                String previous;
                synchronized (published) {
                    previous = published.get(article.id());
                }
                if (article.contentHash().equals(previous)) {
                    continue;
                }
                fresh.add(article);
            }
            for (RawArticle article : fresh) {
                publisher.publish(article);
                synchronized (published) {
                    published.put(article.id(), article.contentHash());
                }
                feed.articlesPublished++;
            }
            feed.etag = result.etag();
            feed.lastModified = result.lastModified();
            feed.lastSuccess = now;
            feed.consecutiveErrors = 0;
            feed.lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            feed.consecutiveErrors++;
            feed.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            registry.counter("redline.ingest.errors", "kind", e.getClass().getSimpleName()).increment();
            LOG.warnf("Feed %s failed (%d in a row): %s", feed.url, feed.consecutiveErrors, feed.lastError);
        }
    }
}
