package io.redline.localstack.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the three demo feeds and the outlets' feeds list and the documents rendered from it: the initial articles
 * spread over the hours before the start and the timed ones at their set ages, then one live article at a time, each
 * feed re-rendered once per change.
 *
 * <p>The initial articles get publication times spread over the ~36 hours before the start, oldest first in
 * manifest order, with a small jitter derived from each id, so the same start time always gives the same feeds.
 * Each live article is the next pool article (starting over when the pool is exhausted) under a fresh id
 * {@code <slug>-live-<run>-<n>}, in the next feed in turn (world, security, diplomacy); {@code <run>} is the start
 * time in base 36, so that a restarted server does not reuse the ids a downstream index already holds.
 *
 * <p>A timed article ({@link DemoContent.TimedArticle}) is published at the start minus its age in its outlet's feed
 * under {@code <slug>-<outlet>}; one of the burst (and its baseline weeks) also gets {@code -<run>}, so each start
 * publishes a burst and a baseline of its own at the hour the demo runs, which a restart must not take for known
 * articles. Without the burst those articles are left out.
 *
 * <p>Thread-safe: changes happen under one lock, and the rendered documents are replaced as a whole and read
 * without it, so a request never waits for a publish.
 */
final class DemoPublication {

    /** How far back the oldest initial article is published. */
    static final Duration INITIAL_SPAN = Duration.ofHours(36);
    /** Age of the newest initial article, so that the first live one is clearly newer. */
    static final Duration NEWEST_INITIAL_AGE = Duration.ofMinutes(25);

    /** Article pages kept for links from feeds; older pages go so a long-running demo stays small. */
    private static final int MAX_ARTICLE_PAGES = 1_000;

    /** A feed's current document, rendered once per change and then served as is. */
    record FeedDocument(byte[] body, String etag, Instant lastModified, int items) {}

    private final DemoContent content;
    private final String baseUrl;
    private final int maxItemsPerFeed;
    private final String runToken;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<DemoChannel, List<PublishedArticle>> items = new LinkedHashMap<>();
    private final Map<DemoChannel, Instant> lastModified = new LinkedHashMap<>();
    private final Map<String, PublishedArticle> pages = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublishedArticle> eldest) {
            return size() > MAX_ARTICLE_PAGES;
        }
    };
    private int nextPoolIndex;
    private int nextFeedIndex;
    private long liveSequence;
    // Replaced as a whole under lock.
    private volatile Map<DemoChannel, FeedDocument> documents = Map.of();
    private final boolean burst;

    /**
     * Publishes the initial and timed articles as of {@code start}.
     *
     * @param baseUrl the {@code http://host:port} the documents' links start with
     * @param burst   whether the timed articles of the burst and its baseline are published
     */
    DemoPublication(DemoContent content, String baseUrl, int maxItemsPerFeed, Instant start, boolean burst) {
        this.content = content;
        this.baseUrl = baseUrl;
        this.maxItemsPerFeed = maxItemsPerFeed;
        this.runToken = Long.toString(start.getEpochSecond(), 36);
        this.burst = burst;
        synchronized (lock) {
            publishInitial(start);
        }
    }

    /** The three demo wire feeds, then the outlets' feeds. */
    List<DemoChannel> channels() {
        List<DemoChannel> channels = new ArrayList<>(List.of(DemoFeed.values()));
        channels.addAll(content.outlets());
        return channels;
    }

    /** Publishes the next pool article under a fresh id in the next feed, at {@code now}. */
    PublishedArticle publishNext(Instant now) {
        synchronized (lock) {
            List<DemoArticle> pool = content.pool();
            DemoArticle source = pool.get(nextPoolIndex);
            nextPoolIndex = (nextPoolIndex + 1) % pool.size();
            DemoFeed feed = DemoFeed.values()[nextFeedIndex];
            nextFeedIndex = (nextFeedIndex + 1) % DemoFeed.values().length;
            String id = source.id() + "-live-" + runToken + "-" + (++liveSequence);
            Instant at = now.truncatedTo(ChronoUnit.SECONDS);

            PublishedArticle published = new PublishedArticle(id, feed, source, at);
            add(published);
            // HTTP dates have whole seconds: a second change within one second must still move
            // Last-Modified on, or a client sending only If-Modified-Since would get a 304 and miss it.
            Instant previous = lastModified.get(feed);
            lastModified.put(feed, at.isAfter(previous) ? at : previous.plusSeconds(1));
            render(feed);
            return published;
        }
    }

    /** What a feed lists right now, newest first. */
    List<PublishedArticle> items(DemoChannel feed) {
        synchronized (lock) {
            return List.copyOf(items.get(feed));
        }
    }

    /** Live articles published so far. */
    long liveCount() {
        synchronized (lock) {
            return liveSequence;
        }
    }

    /** The article a page link names, or null when there is none (or it is too old to be kept). */
    PublishedArticle page(String id) {
        synchronized (lock) {
            return pages.get(id);
        }
    }

    /** Every feed's current document, one consistent set. */
    Map<DemoChannel, FeedDocument> documents() {
        return documents;
    }

    private void publishInitial(Instant start) {
        for (DemoChannel feed : channels()) {
            items.put(feed, new ArrayList<>());
        }
        List<DemoContent.InitialArticle> initial = content.initial();
        Instant oldest = start.minus(INITIAL_SPAN);
        Duration span = INITIAL_SPAN.minus(NEWEST_INITIAL_AGE);
        int steps = Math.max(1, initial.size() - 1);
        List<PublishedArticle> published = new ArrayList<>();
        for (int i = 0; i < initial.size(); i++) {
            DemoContent.InitialArticle entry = initial.get(i);
            // Up to 19 minutes earlier than the even spacing, from the id's (specified, stable) hash
            // code, so times look less mechanical yet stay the same for the same start time.
            long jitterMinutes = Math.floorMod(entry.article().id().hashCode(), 20);
            Instant at = oldest.plus(span.multipliedBy(i).dividedBy(steps))
                    .minus(Duration.ofMinutes(jitterMinutes))
                    .truncatedTo(ChronoUnit.SECONDS);
            published.add(new PublishedArticle(entry.article().id(), entry.feed(), entry.article(), at));
        }
        for (DemoContent.TimedArticle entry : content.timed()) {
            if (entry.burst() && !burst) {
                continue;
            }
            String id = entry.burst() ? entry.servedId() + "-" + runToken : entry.servedId();
            Instant at = start.minus(entry.age()).truncatedTo(ChronoUnit.SECONDS);
            published.add(new PublishedArticle(id, entry.outlet(), entry.article(), at));
        }
        published.sort(Comparator.comparing(PublishedArticle::publishedAt));
        published.forEach(this::add);
        for (DemoChannel feed : channels()) {
            List<PublishedArticle> list = items.get(feed);
            lastModified.put(feed, list.isEmpty() ? start : list.get(0).publishedAt());
            render(feed);
        }
    }

    private void add(PublishedArticle article) {
        List<PublishedArticle> list = items.get(article.feed());
        list.add(0, article);
        while (list.size() > maxItemsPerFeed) {
            list.remove(list.size() - 1);
        }
        pages.put(article.id(), article);
    }

    private void render(DemoChannel feed) {
        List<PublishedArticle> list = items.get(feed);
        Instant updated = lastModified.get(feed);
        String xml = switch (feed.format()) {
            case RSS -> DemoRenderer.rss(feed, list, baseUrl, updated);
            case ATOM -> DemoRenderer.atom(feed, list, baseUrl, updated);
        };
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        Map<DemoChannel, FeedDocument> next = new LinkedHashMap<>();
        next.putAll(documents);
        next.put(feed, new FeedDocument(body, ConditionalGet.etag(body), updated, list.size()));
        documents = Map.copyOf(next);
    }
}
