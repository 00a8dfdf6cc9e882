package io.redline.localstack.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs three demo news feeds and the demo outlets' feeds over HTTP on loopback with a live drip of new articles: the
 * handle tests and {@code ./redline up} start, query and stop, and with {@link #main} a program of its own.
 *
 * <p>What it serves is {@link DemoRoutes}' (RSS 2.0, Atom 1.0, article pages, OPML, with conditional GET), what
 * the feeds list is {@link DemoPublication}'s, and the writing comes from {@link DemoContent}. Every
 * {@linkplain Builder#interval(Duration) interval} the {@link LiveDrip} publishes one more article, as
 * {@link #publishNext()} does on demand; the interval defaults to {@link DemoFeedOptions#defaultInterval()}.
 *
 * <p>Running it alone: {@code java -cp local-stack.jar io.redline.localstack.demo.DemoFeedServer [--host 127.0.0.1]
 * [--port 8089] [--interval 20s]} (see {@link DemoFeedOptions#parse}); port 0 (the default) picks a free port, which
 * is printed.
 *
 * <p>Thread-safe. A server is started once and stopped once; it cannot be restarted.
 */
public final class DemoFeedServer implements AutoCloseable {

    public static final int DEFAULT_MAX_ITEMS_PER_FEED = 50;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final int HTTP_THREADS = 4;
    private static final System.Logger LOG = System.getLogger(DemoFeedServer.class.getName());

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    private final String host;
    private final String publicHost;
    private final int requestedPort;
    private final Duration interval;
    private final int maxLive;
    private final Clock clock;
    private final int maxItemsPerFeed;
    private final DemoContent content;
    private final boolean burst;

    private volatile State state = State.NEW;
    private HttpServer server;
    private ExecutorService httpExecutor;
    private LiveDrip drip;
    private volatile int port = -1;
    private volatile String baseUrl;
    private volatile Instant startedAt;
    private volatile DemoPublication publication;

    private DemoFeedServer(Builder builder) {
        this.host = builder.host;
        this.publicHost = builder.publicHost != null ? builder.publicHost : builder.host;
        this.maxLive = builder.maxLive;
        this.requestedPort = builder.port;
        Duration chosen = builder.intervalSet ? builder.interval : DemoFeedOptions.defaultInterval();
        this.interval = chosen == null ? Duration.ZERO : chosen;
        this.clock = builder.clock;
        this.maxItemsPerFeed = builder.maxItemsPerFeed;
        this.content = builder.content != null ? builder.content : DemoContent.load();
        this.burst = builder.burst != null ? builder.burst : DemoFeedOptions.defaultBurst();
    }

    /** A builder with host 127.0.0.1, any free port, the default interval and the shipped content. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the server until the JVM is stopped, with the options {@link DemoFeedOptions#parse} reads; exits 2 on a
     * bad option.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder;
        try {
            builder = DemoFeedOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DemoFeedServer: " + e.getMessage());
            System.err.println(DemoFeedOptions.USAGE);
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(DemoFeedOptions.USAGE);
            return;
        }
        DemoFeedServer demo = builder.build().start();
        System.out.println("Redline demo feeds at " + demo.baseUrl()
                + (demo.interval().isZero()
                        ? " (live drip off)"
                        : " (a new article every " + DemoRenderer.describe(demo.interval()) + ")"));
        demo.feedUrls().forEach(url -> System.out.println("  " + url));
        demo.outletFeeds().forEach(feed -> System.out.println("  " + feed.url() + " (outlet " + feed.outlet() + ")"));
        System.out.println("  " + demo.opmlUrl());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.stop();
                            stopped.countDown();
                        },
                        "redline-demo-shutdown"));
        stopped.await();
    }

    /**
     * Binds, publishes the initial articles, starts serving and, if the interval is positive, the drip.
     *
     * @return this server, for chaining
     * @throws UncheckedIOException  if the address cannot be bound
     * @throws IllegalStateException if the server was started before
     */
    public synchronized DemoFeedServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the demo feed server can only be started once; it is " + state);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the demo feed server to " + host + ":" + requestedPort, e);
        }
        port = http.getAddress().getPort();
        // Links name the host readers reach, which is not the bind address when that is 0.0.0.0 (a container).
        baseUrl = "http://" + (publicHost.contains(":") ? "[" + publicHost + "]" : publicHost) + ":" + port;
        startedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        publication = new DemoPublication(content, baseUrl, maxItemsPerFeed, startedAt, burst);

        http.createContext("/", new DemoRoutes(publication, baseUrl, startedAt, interval));
        httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("redline-demo-http-"));
        http.setExecutor(httpExecutor);
        http.start();
        server = http;
        state = State.RUNNING;

        if (!interval.isZero()) {
            drip = new LiveDrip(this, interval, maxLive);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Demo feeds at {0} ({1} initial articles, {2} outlets, burst {3}, drip {4})",
                baseUrl,
                content.initial().size(),
                content.outlets().size(),
                burst ? "on" : "off",
                drip == null ? "off" : DemoRenderer.describe(interval));
        return this;
    }

    /** Stops serving and the drip at once; safe to call more than once or before {@link #start()}. */
    public synchronized void stop() {
        State previous = state;
        state = State.STOPPED;
        if (previous != State.RUNNING) {
            return;
        }
        if (drip != null) {
            drip.stop();
        }
        server.stop(0);
        httpExecutor.shutdownNow();
        LOG.log(System.Logger.Level.INFO, "Demo feeds at {0} stopped", baseUrl);
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    /** The port bound, e.g. the free one picked for port 0. */
    public int port() {
        requireStarted();
        return port;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        requireStarted();
        return baseUrl;
    }

    /** The URLs of the three feeds, in {@link DemoFeed} order: world, security, diplomacy. */
    public List<String> feedUrls() {
        requireStarted();
        List<String> urls = new ArrayList<>();
        for (DemoFeed feed : DemoFeed.values()) {
            urls.add(baseUrl + feed.path());
        }
        return List.copyOf(urls);
    }

    /** The URL of one feed, a demo wire feed or an outlet's. */
    public String feedUrl(DemoChannel feed) {
        return baseUrl() + feed.path();
    }

    /**
     * A demo outlet's feed and the outlet domain to declare when registering it in ingest ({@code "outlet"} of
     * {@code POST /api/feeds}), so that its articles count as that outlet's.
     */
    public record OutletFeed(String url, String outlet, String title) {}

    /** The outlets' feeds, in {@code demo/outlets.list} order; not in {@link #feedUrls()} as they need an outlet. */
    public List<OutletFeed> outletFeeds() {
        requireStarted();
        List<OutletFeed> feeds = new ArrayList<>();
        for (DemoOutlet outlet : content.outlets()) {
            feeds.add(new OutletFeed(baseUrl + outlet.path(), outlet.domain(), outlet.name()));
        }
        return List.copyOf(feeds);
    }

    /** Whether the deliberate burst and its baseline weeks were published (see {@link Builder#burst(boolean)}). */
    public boolean burst() {
        return burst;
    }

    /** The URL of the OPML list of the feeds. */
    public String opmlUrl() {
        return baseUrl() + "/feeds.opml";
    }

    /** The drip interval in force; zero when the drip is off. */
    public Duration interval() {
        return interval;
    }

    /** The writing this server publishes. */
    public DemoContent content() {
        return content;
    }

    /** The time {@link #start()} took as "now" for the initial publication times. */
    public Instant startedAt() {
        requireStarted();
        return startedAt;
    }

    /** What a feed lists right now, newest first. */
    public List<PublishedArticle> items(DemoChannel feed) {
        requireStarted();
        return publication.items(feed);
    }

    /**
     * Publishes pool articles in order until the one with {@code poolId} is out (at most one round of the pool) and
     * returns it; the last one published when the pool holds no such article.
     */
    public PublishedArticle publishUntil(String poolId) {
        PublishedArticle published = publishNext();
        for (int i = 0; i < content.pool().size() && !published.article().id().equals(poolId); i++) {
            published = publishNext();
        }
        return published;
    }

    /**
     * Publishes the next pool article under a fresh id in the next feed, as the drip does each interval.
     *
     * @return the new article: its {@link PublishedArticle#id() id}, {@link PublishedArticle#title() title},
     *         feed and time
     * @throws IllegalStateException if the server is not running
     */
    public PublishedArticle publishNext() {
        State now = state;
        if (now != State.RUNNING) {
            throw new IllegalStateException("the demo feed server is " + now + ", not running");
        }
        PublishedArticle published = publication.publishNext(clock.instant());
        LOG.log(
                System.Logger.Level.DEBUG,
                "Published {0} to {1}",
                published.id(),
                published.feed().key());
        return published;
    }

    /** Live articles published so far (by the drip or {@link #publishNext()}). */
    public long liveCount() {
        DemoPublication current = publication;
        return current == null ? 0 : current.liveCount();
    }

    boolean running() {
        return state == State.RUNNING;
    }

    private void requireStarted() {
        if (state == State.NEW) {
            throw new IllegalStateException("the demo feed server has not been started");
        }
    }

    /** Threads that never keep a test JVM or the local stack alive on their own. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings for a {@link DemoFeedServer}; every one has a default. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private String publicHost;
        private int maxLive;
        private int port;
        // Unset means DemoFeedOptions.defaultInterval(), read at build() so a bad property fails only a server that
        // uses it.
        private Duration interval;
        private boolean intervalSet;
        private Clock clock = Clock.systemUTC();
        private int maxItemsPerFeed = DEFAULT_MAX_ITEMS_PER_FEED;
        private DemoContent content;
        // Unset means DemoFeedOptions.defaultBurst(), read at build() as the interval is.
        private Boolean burst;

        private Builder() {}

        /** Address to bind; 127.0.0.1 unless the demo must be reached from another machine. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Host name the feeds' links, the OPML and {@link DemoFeedServer#baseUrl()} use; the bind host unless set
         * (the compose demo binds 0.0.0.0 and is reached as {@code demo-feeds}).
         */
        public Builder publicHost(String publicHost) {
            this.publicHost = Objects.requireNonNull(publicHost, "publicHost");
            return this;
        }

        /** Live articles after which the drip stops; 0 (the default) drips for as long as the server runs. */
        public Builder maxLive(int maxLive) {
            if (maxLive < 0) {
                throw new IllegalArgumentException("max-live " + maxLive + " is negative");
            }
            this.maxLive = maxLive;
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one, see {@link DemoFeedServer#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /** Live drip interval; null or zero turns it off ({@link DemoFeedServer#publishNext()} still works). */
        public Builder interval(Duration interval) {
            if (interval != null && interval.isNegative()) {
                throw new IllegalArgumentException("interval " + interval + " is negative");
            }
            this.interval = interval;
            this.intervalSet = true;
            return this;
        }

        /** Source of "now" for publication times; tests pass a fixed or stepping clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many newest items a feed lists; older ones drop off the feed. */
        public Builder maxItemsPerFeed(int maxItemsPerFeed) {
            if (maxItemsPerFeed < 1) {
                throw new IllegalArgumentException("maxItemsPerFeed must be at least 1");
            }
            this.maxItemsPerFeed = maxItemsPerFeed;
            return this;
        }

        /**
         * Whether to publish the timed articles marked {@code burst}: several articles on one actor pair and signal
         * within the hour before the start, and a low steady count at the same hour 1 to 4 weeks back, so that
         * {@code /api/spikes} has something to show; default {@link DemoFeedOptions#defaultBurst()}.
         */
        public Builder burst(boolean burst) {
            this.burst = burst;
            return this;
        }

        /** Other writing than the shipped {@link DemoContent#load()}. */
        public Builder content(DemoContent content) {
            this.content = Objects.requireNonNull(content, "content");
            return this;
        }

        public DemoFeedServer build() {
            return new DemoFeedServer(this);
        }
    }
}
