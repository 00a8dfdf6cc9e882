package io.redline.localstack.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves three demo news feeds over HTTP on loopback, with conditional GET and a live drip of new articles.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code /feeds/world.rss} (RSS 2.0 with {@code content:encoded} and {@code dc:creator}),
 *       {@code /feeds/security.atom} (Atom 1.0) and {@code /feeds/diplomacy.rss} (RSS 2.0): newest first,
 *       at most {@link Builder#maxItemsPerFeed(int)} items each.</li>
 *   <li>{@code /articles/<id>}: the article as an HTML page (the link of every item).</li>
 *   <li>{@code /feeds.opml}: the three feeds as OPML 2.0; {@code /}: a small HTML index.</li>
 * </ul>
 * Every response carries an {@code ETag} (a hash of the body) and, for feeds, articles and the OPML,
 * a {@code Last-Modified}; {@code If-None-Match} and {@code If-Modified-Since} get a 304 while nothing
 * changed. Unknown paths get 404, methods other than GET and HEAD get 405.
 *
 * <h2>Content and time</h2>
 * The writing comes from {@link DemoContent}. At {@link #start()} the initial articles get publication
 * times spread over the ~36 hours before the start time, oldest first in manifest order, with a small
 * jitter derived from each id, so the same start time always gives the same feeds.
 *
 * <h2>Live drip</h2>
 * Every {@linkplain Builder#interval(Duration) interval} the server takes the next pool article (starting
 * over when the pool is exhausted), gives it a fresh id {@code <slug>-live-<run>-<n>} and the current
 * time, and adds it to the next feed in turn (world, security, diplomacy). {@code <run>} is the start time
 * in base 36, so that a restarted server does not reuse the ids a downstream index already holds.
 * {@link #publishNext()} does one such step on demand. The interval defaults to 20 s; the system property
 * {@value #INTERVAL_PROPERTY} or else the environment variable {@value #INTERVAL_ENV} overrides that
 * default ({@code PT20S}, {@code 20s}, {@code 500ms}, {@code 2m} or plain seconds; {@code 0} turns the drip
 * off), and {@link Builder#interval(Duration)} or {@code --interval} overrides both.
 *
 * <h2>Running it alone</h2>
 * {@code java -cp local-stack.jar io.redline.localstack.demo.DemoFeedServer [--host 127.0.0.1]
 * [--port 8089] [--interval 20s]}; port 0 (the default) picks a free port, which is printed.
 *
 * <p>Thread-safe. A server is started once and stopped once; it cannot be restarted.
 */
public final class DemoFeedServer implements AutoCloseable {

    /** System property holding the default drip interval. */
    public static final String INTERVAL_PROPERTY = "redline.demo.interval";
    /** Environment variable holding the default drip interval, read when the property is not set. */
    public static final String INTERVAL_ENV = "REDLINE_DEMO_INTERVAL";
    /** Drip interval when neither the property nor the environment variable sets one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_ITEMS_PER_FEED = 50;
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** How far back the oldest initial article is published. */
    static final Duration INITIAL_SPAN = Duration.ofHours(36);
    /** Age of the newest initial article, so that the first live one is clearly newer. */
    static final Duration NEWEST_INITIAL_AGE = Duration.ofMinutes(25);

    /** Article pages kept for links from feeds; older pages go so a long-running demo stays small. */
    private static final int MAX_ARTICLE_PAGES = 1_000;
    private static final int HTTP_THREADS = 4;
    private static final System.Logger LOG = System.getLogger(DemoFeedServer.class.getName());
    private static final Pattern ARTICLE_PATH = Pattern.compile("/articles/([a-z0-9]+(?:-[a-z0-9]+)*)");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private enum State { NEW, RUNNING, STOPPED }

    /** A feed's current document, rendered once per change and then served as is. */
    private record RenderedFeed(byte[] body, String etag, Instant lastModified, int items) {
    }

    /** What a GET would send; {@code lastModified} may be null. */
    private record Resource(String contentType, byte[] body, String etag, Instant lastModified) {
    }

    private final String host;
    private final int requestedPort;
    private final Duration interval;
    private final Clock clock;
    private final int maxItemsPerFeed;
    private final DemoContent content;

    private final Object lock = new Object();
    // Guarded by lock: the published state the documents are rendered from.
    private final Map<DemoFeed, List<PublishedArticle>> items = new EnumMap<>(DemoFeed.class);
    private final Map<DemoFeed, Instant> lastModified = new EnumMap<>(DemoFeed.class);
    private final Map<String, PublishedArticle> pages = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublishedArticle> eldest) {
            return size() > MAX_ARTICLE_PAGES;
        }
    };
    private int nextPoolIndex;
    private int nextFeedIndex;
    private long liveSequence;
    // Replaced as a whole under lock and read without it, so a request never waits for a publish.
    private volatile Map<DemoFeed, RenderedFeed> rendered = Map.of();

    private volatile State state = State.NEW;
    private HttpServer server;
    private ExecutorService httpExecutor;
    private ScheduledExecutorService drip;
    private volatile int port = -1;
    private volatile String baseUrl;
    private volatile Instant startedAt;
    private String runToken;

    private final String publicHost;
    /** Live articles after which the drip stops (0: never), so a test knows exactly how many were published. */
    private final int maxLive;

    private DemoFeedServer(Builder builder) {
        this.host = builder.host;
        this.publicHost = builder.publicHost != null ? builder.publicHost : builder.host;
        this.maxLive = builder.maxLive;
        this.requestedPort = builder.port;
        Duration chosen = builder.intervalSet ? builder.interval : defaultInterval();
        this.interval = chosen == null ? Duration.ZERO : chosen;
        this.clock = builder.clock;
        this.maxItemsPerFeed = builder.maxItemsPerFeed;
        this.content = builder.content != null ? builder.content : DemoContent.load();
    }

    /** A builder with host 127.0.0.1, any free port, the default interval and the shipped content. */
    public static Builder builder() {
        return new Builder();
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
        runToken = Long.toString(startedAt.getEpochSecond(), 36);
        synchronized (lock) {
            publishInitial(startedAt);
        }

        http.createContext("/", this::handle);
        httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("redline-demo-http-"));
        http.setExecutor(httpExecutor);
        http.start();
        server = http;
        state = State.RUNNING;

        if (!interval.isZero()) {
            drip = Executors.newSingleThreadScheduledExecutor(daemonThreads("redline-demo-drip-"));
            long millis = Math.max(1, interval.toMillis());
            drip.scheduleAtFixedRate(this::dripOnce, millis, millis, TimeUnit.MILLISECONDS);
        }
        LOG.log(System.Logger.Level.INFO, "Demo feeds at {0} ({1} initial articles, drip {2})",
                baseUrl, content.initial().size(), drip == null ? "off" : DemoRenderer.describe(interval));
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
            drip.shutdownNow();
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

    /** The URL of one feed. */
    public String feedUrl(DemoFeed feed) {
        return baseUrl() + feed.path();
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
    public List<PublishedArticle> items(DemoFeed feed) {
        requireStarted();
        synchronized (lock) {
            return List.copyOf(items.get(feed));
        }
    }

    /**
     * Publishes the next pool article under a fresh id in the next feed, as the drip does each interval.
     *
     * @return the new article: its {@link PublishedArticle#id() id}, {@link PublishedArticle#title() title},
     *         feed and time
     * @throws IllegalStateException if the server is not running
     */
    public PublishedArticle publishNext() {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the demo feed server is " + state + ", not running");
            }
            List<DemoArticle> pool = content.pool();
            DemoArticle source = pool.get(nextPoolIndex);
            nextPoolIndex = (nextPoolIndex + 1) % pool.size();
            DemoFeed feed = DemoFeed.values()[nextFeedIndex];
            nextFeedIndex = (nextFeedIndex + 1) % DemoFeed.values().length;
            String id = source.id() + "-live-" + runToken + "-" + (++liveSequence);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

            PublishedArticle published = new PublishedArticle(id, feed, source, now);
            add(published);
            // HTTP dates have whole seconds: a second change within one second must still move
            // Last-Modified on, or a client sending only If-Modified-Since would get a 304 and miss it.
            Instant previous = lastModified.get(feed);
            lastModified.put(feed, now.isAfter(previous) ? now : previous.plusSeconds(1));
            render(feed);
            LOG.log(System.Logger.Level.DEBUG, "Published {0} to {1}", id, feed.key());
            return published;
        }
    }

    /**
     * The default drip interval: the system property {@value #INTERVAL_PROPERTY}, else the environment
     * variable {@value #INTERVAL_ENV}, else {@link #DEFAULT_INTERVAL}.
     *
     * @throws IllegalArgumentException if the value set cannot be read as a duration
     */
    public static Duration defaultInterval() {
        String value = System.getProperty(INTERVAL_PROPERTY);
        String source = INTERVAL_PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(INTERVAL_ENV);
            source = INTERVAL_ENV;
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        try {
            return parseInterval(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an interval: ISO-8601 ({@code PT20S}) or a number with an optional unit {@code ms}, {@code s},
     * {@code m} or {@code h} (seconds when none); {@code 0} means no drip.
     */
    public static Duration parseInterval(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return requireNotNegative(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration like PT20S", e);
            }
        }
        Matcher matcher = SIMPLE_DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not an interval like 20s, 500ms, 2m, PT20S or 0 (no drip)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /**
     * Runs the server until the JVM is stopped. Options: {@code --host H} (default 127.0.0.1), {@code --public-host N}
     * (the host name in links; default the bind host), {@code --max-live N} (stop the drip after N articles),
     * {@code --port N} (default 0, any free port), {@code --interval D} (default see
     * {@link #defaultInterval()}), each also as {@code --name=value}.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder;
        try {
            builder = parseArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DemoFeedServer: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(usage());
            return;
        }
        DemoFeedServer demo = builder.build().start();
        System.out.println("Redline demo feeds at " + demo.baseUrl()
                + (demo.interval().isZero()
                        ? " (live drip off)"
                        : " (a new article every " + DemoRenderer.describe(demo.interval()) + ")"));
        demo.feedUrls().forEach(url -> System.out.println("  " + url));
        System.out.println("  " + demo.opmlUrl());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.stop();
            stopped.countDown();
        }, "redline-demo-shutdown"));
        stopped.await();
    }

    /** Parses {@link #main} arguments; null when help was asked for. */
    static Builder parseArguments(String[] args) {
        Builder builder = builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            switch (name) {
                case "--host" -> builder.host(value);
                case "--public-host" -> builder.publicHost(value);
                case "--max-live" -> {
                    try {
                        builder.maxLive(Integer.parseInt(value.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--max-live '" + value + "' is not a number", e);
                    }
                }
                case "--port" -> {
                    try {
                        builder.port(Integer.parseInt(value.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port '" + value + "' is not a number", e);
                    }
                }
                case "--interval" -> builder.interval(parseInterval(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return builder;
    }

    private static String usage() {
        return "usage: DemoFeedServer [--host 127.0.0.1] [--public-host NAME] [--port 0] [--interval 20s] [--max-live N]";
    }

    private static Duration requireNotNegative(Duration duration, String value) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("interval '" + value + "' is negative");
        }
        return duration;
    }

    // ---- publishing (all under lock) ----

    private void publishInitial(Instant start) {
        for (DemoFeed feed : DemoFeed.values()) {
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
        published.sort(Comparator.comparing(PublishedArticle::publishedAt));
        published.forEach(this::add);
        for (DemoFeed feed : DemoFeed.values()) {
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

    private void render(DemoFeed feed) {
        List<PublishedArticle> list = items.get(feed);
        Instant updated = lastModified.get(feed);
        String xml = switch (feed.format()) {
            case RSS -> DemoRenderer.rss(feed, list, baseUrl, updated);
            case ATOM -> DemoRenderer.atom(feed, list, baseUrl, updated);
        };
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        Map<DemoFeed, RenderedFeed> next = new EnumMap<>(DemoFeed.class);
        next.putAll(rendered);
        next.put(feed, new RenderedFeed(body, etag(body), updated, list.size()));
        rendered = Map.copyOf(next);
    }

    /** Live articles published so far (by the drip or {@link #publishNext()}). */
    public long liveCount() {
        synchronized (lock) {
            return liveSequence;
        }
    }

    private void dripOnce() {
        try {
            if (maxLive > 0 && liveCount() >= maxLive) {
                if (maxLive == liveCount()) {
                    LOG.log(System.Logger.Level.INFO, "Live drip done: {0} articles", maxLive);
                }
                drip.shutdown();
                return;
            }
            PublishedArticle article = publishNext();
            LOG.log(System.Logger.Level.INFO, "Live drip: {0} in {1}", article.id(), article.feed().key());
        } catch (RuntimeException e) {
            // A thrown exception would silently cancel the schedule; log it and try again next time.
            if (state == State.RUNNING) {
                LOG.log(System.Logger.Level.WARNING, "Live drip failed", e);
            }
        }
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            Resource resource = resolve(exchange.getRequestURI().getPath());
            if (resource == null) {
                sendError(exchange, 404, "No such page: " + exchange.getRequestURI().getPath());
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendError(exchange, 405, "Method " + method + " is not allowed; use GET or HEAD.");
            } else {
                sendConditionally(exchange, resource);
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing to answer.
            LOG.log(System.Logger.Level.DEBUG, "Demo feed response not sent", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Demo feed request failed: " + exchange.getRequestURI(), e);
            try {
                sendError(exchange, 500, "Internal error.");
            } catch (IOException | RuntimeException ignored) {
                // Headers were probably sent already; closing the exchange below is all that is left.
            }
        } finally {
            exchange.close();
        }
    }

    /** The resource at {@code path}, or null when there is none. */
    private Resource resolve(String path) {
        if (path == null) {
            return null;
        }
        for (DemoFeed feed : DemoFeed.values()) {
            if (feed.path().equals(path)) {
                RenderedFeed current = rendered.get(feed);
                return new Resource(feed.format().contentType(), current.body(), current.etag(),
                        current.lastModified());
            }
        }
        if (path.equals("/") || path.equals("/index.html")) {
            List<DemoRenderer.FeedSummary> summaries = new ArrayList<>();
            Map<DemoFeed, RenderedFeed> current = rendered;
            for (DemoFeed feed : DemoFeed.values()) {
                RenderedFeed document = current.get(feed);
                summaries.add(new DemoRenderer.FeedSummary(feed, document.items(), document.lastModified()));
            }
            return html(DemoRenderer.indexPage(baseUrl, summaries, interval), null);
        }
        if (path.equals("/feeds.opml")) {
            byte[] body = DemoRenderer.opml(baseUrl, startedAt).getBytes(StandardCharsets.UTF_8);
            return new Resource("text/x-opml; charset=utf-8", body, etag(body), startedAt);
        }
        Matcher article = ARTICLE_PATH.matcher(path);
        if (article.matches()) {
            PublishedArticle item;
            synchronized (lock) {
                item = pages.get(article.group(1));
            }
            return item == null ? null : html(DemoRenderer.articlePage(item, baseUrl), item.publishedAt());
        }
        return null;
    }

    private static Resource html(String page, Instant lastModified) {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        return new Resource("text/html; charset=utf-8", body, etag(body), lastModified);
    }

    private static void sendConditionally(HttpExchange exchange, Resource resource) throws IOException {
        Headers response = exchange.getResponseHeaders();
        response.set("ETag", resource.etag());
        if (resource.lastModified() != null) {
            response.set("Last-Modified", DemoRenderer.rfc822(resource.lastModified()));
        }
        // Caches may keep a copy but must ask again each time: the live drip changes feeds at any moment.
        response.set("Cache-Control", "no-cache");
        if (notModified(exchange.getRequestHeaders(), resource)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        response.set("Content-Type", resource.contentType());
        send(exchange, 200, resource.body());
    }

    /** RFC 9110 section 13.2.2: If-None-Match decides when present; If-Modified-Since only otherwise. */
    static boolean notModified(Headers request, String etag, Instant lastModified) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return etagMatches(ifNoneMatch, etag);
        }
        String ifModifiedSince = request.getFirst("If-Modified-Since");
        if (ifModifiedSince == null || lastModified == null) {
            return false;
        }
        try {
            Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince.trim(), Instant::from);
            return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
        } catch (DateTimeParseException e) {
            // An unreadable date is ignored, as RFC 9110 asks: the client gets the full response.
            return false;
        }
    }

    private static boolean notModified(Headers request, Resource resource) {
        return notModified(request, resource.etag(), resource.lastModified());
    }

    /** Weak comparison, as If-None-Match uses: {@code W/"x"} matches {@code "x"}; {@code *} matches all. */
    static boolean etagMatches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        send(exchange, status, DemoRenderer.errorPage(status, message).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            // The JDK server sends no body for HEAD and wants length -1; the length is set by hand so a
            // HEAD answers with the same Content-Length a GET would.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void requireStarted() {
        if (state == State.NEW) {
            throw new IllegalStateException("the demo feed server has not been started");
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            // Never keep a test JVM or the local stack alive on their own.
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
        // Unset means defaultInterval(), read at build() so a bad property fails only a server that uses it.
        private Duration interval;
        private boolean intervalSet;
        private Clock clock = Clock.systemUTC();
        private int maxItemsPerFeed = DEFAULT_MAX_ITEMS_PER_FEED;
        private DemoContent content;

        private Builder() {
        }

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
