package io.redline.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.support.TestIngestConfig;
import io.redline.safehttp.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each hostile feed, served by a real loopback HTTP server next to a well-behaved one, ends with the hostile feed
 * marked failed with its reason or parsed safely, while the good feed's articles are still published.
 */
class FeedPollerHostileInputTest {

    private static final long MIB = 1024 * 1024;

    private final LoopbackServer server = new LoopbackServer();
    private final List<RawArticle> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestIngestConfig config = new TestIngestConfig();
    private FeedPoller poller;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.stop();
        }
        server.close();
    }

    private FeedPoller poller() {
        poller = new FeedPoller(config, new FeedFetcher(config), published::add, registry);
        return poller;
    }

    static String rss(String items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
                + "<link>http://news.example/</link><description>d</description>" + items + "</channel></rss>";
    }

    static String item(String title, String link, String guid) {
        return "<item><title>" + title + "</title>" + (link == null ? "" : "<link>" + link + "</link>")
                + (guid == null ? "" : "<guid isPermaLink=\"false\">" + guid + "</guid>")
                + "<description>Body of " + title + "</description>"
                + "<pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate></item>";
    }

    /** Polls the hostile feed, then the good one; returns the hostile feed's health. */
    private io.redline.ingest.registry.FeedView pollBoth(String hostilePath) {
        server.text("/good", "application/rss+xml", rss(item("Good news", "http://news.example/good", "g1")));
        FeedPoller p = poller == null ? poller() : poller;
        FeedState hostile = p.add(server.url(hostilePath));
        FeedState good = p.add(server.url("/good"));
        p.poll(hostile);
        p.poll(good);
        assertThat(good.snapshot(config.failingThreshold).status()).isEqualTo("ok");
        assertThat(published).extracting(RawArticle::title).contains("Good news");
        return hostile.snapshot(config.failingThreshold);
    }

    @Test
    void skipsUnchangedFeedOn304() {
        String body = rss(item("A", "http://news.example/a", "a"));
        server.on("/feed", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            LoopbackServer.send(ex, 200, "application/rss+xml", body.getBytes(StandardCharsets.UTF_8));
        });
        FeedPoller p = poller();
        FeedState feed = p.add(server.url("/feed"));
        p.poll(feed);
        p.poll(feed);
        assertThat(published).hasSize(1);
        assertThat(feed.snapshot(3).status()).isEqualTo("ok");
        assertThat(registry.counter("redline.ingest.polls", "status", "304").count())
                .isEqualTo(1);
    }

    @Test
    void waitsForRetryAfterOn429() {
        server.on("/limited", ex -> {
            ex.getResponseHeaders().set("Retry-After", "3600");
            ex.sendResponseHeaders(429, -1);
        });
        Instant before = Instant.now();
        io.redline.ingest.registry.FeedView s = pollBoth("/limited");
        assertThat(s.lastErrorKind()).isEqualTo("rate_limited");
        assertThat(s.lastError()).contains("429").contains("3600");
        assertThat(s.nextPoll()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(59)));
    }

    @Test
    void cutsOffASlowDripAtTheDeadline() {
        config.fetchTimeout = Duration.ofSeconds(2);
        server.on("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 600; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        });
        io.redline.ingest.registry.FeedView s = pollBoth("/drip");
        assertThat(s.lastErrorKind()).isEqualTo("timeout");
        assertThat(s.lastError()).contains("deadline");
    }

    @Test
    void cutsOffAGzipBombAtTheCap() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[(int) MIB];
            for (int i = 0; i < 20; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = bytes.toByteArray();
        server.on("/bomb", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackServer.send(ex, 200, "application/rss+xml", bomb);
        });
        io.redline.ingest.registry.FeedView s = pollBoth("/bomb");
        assertThat(s.lastErrorKind()).isEqualTo("too_large");
    }

    @Test
    void cutsOffA50MibBody() {
        server.on("/big", ex -> {
            ex.sendResponseHeaders(200, 50 * MIB);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < 50 * MIB; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        assertThat(pollBoth("/big").lastErrorKind()).isEqualTo("too_large");
    }

    @Test
    void stopsARedirectLoop() {
        server.redirect("/loop", 302, "/loop");
        assertThat(pollBoth("/loop").lastErrorKind()).isEqualTo("too_many_redirects");
    }

    @Test
    void refusesARedirectToAPrivateAddress() {
        server.redirect("/to-private", 302, "http://192.168.1.1/admin");
        io.redline.ingest.registry.FeedView s = pollBoth("/to-private");
        assertThat(s.lastErrorKind()).isEqualTo("blocked_address");
        assertThat(s.lastError()).contains("192.168.1.1").contains("private");
    }

    @Test
    void refusesAHostNameResolvingToLoopbackWhenLoopbackIsNotAllowed() throws Exception {
        // Only 127.0.0.2 (where the good feed lives) is allowed; "localhost" resolves to 127.0.0.1 (or ::1).
        config.allow = List.of("127.0.0.2/32");
        try (LoopbackServer other = new LoopbackServer(InetAddress.getByName("127.0.0.2"))) {
            other.text("/good", "application/rss+xml", rss(item("Good news", "http://news.example/good", "g1")));
            server.text("/feed", "application/rss+xml", rss(item("Internal", "http://intranet/x", "i")));
            FeedPoller p = poller();
            FeedState hostile = p.add("http://localhost:" + server.port() + "/feed");
            FeedState good = p.add(other.url("/good"));
            p.poll(hostile);
            p.poll(good);
            assertThat(hostile.snapshot(3).lastErrorKind()).isEqualTo("blocked_address");
            assertThat(hostile.snapshot(3).lastError()).contains("loopback");
            assertThat(server.hits("/feed")).isZero();
            assertThat(published).extracting(RawArticle::title).containsExactly("Good news");
        }
    }

    @Test
    void refusesBillionLaughs() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<rss version=\"2.0\"><channel><title>&lol3;</title>" + item("x", "http://x.example/", "x")
                + "</channel></rss>";
        server.text("/lol", "application/rss+xml", laughs);
        io.redline.ingest.registry.FeedView s = pollBoth("/lol");
        assertThat(s.lastErrorKind()).isEqualTo("parse");
        assertThat(s.lastError()).contains("doctype refused");
    }

    @Test
    void refusesXxeReadingALocalFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + rss(item("&xxe;", "http://x.example/xxe", "xxe"))
                        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
        server.text("/xxe", "application/rss+xml", xxe);
        io.redline.ingest.registry.FeedView s = pollBoth("/xxe");
        assertThat(s.lastError()).contains("doctype refused");
        assertThat(published)
                .noneMatch(a -> a.title().contains("TOP-SECRET") || a.text().contains("TOP-SECRET"));
    }

    @Test
    void readsInvalidUtf8AsWindows1252() {
        byte[] prefix = rss(item("Caf", "http://news.example/cafe", "c")).getBytes(StandardCharsets.UTF_8);
        String text = new String(prefix, StandardCharsets.UTF_8);
        // A feed labelled UTF-8 whose title has a lone Windows-1252 byte (0xE9, "é") in it.
        int at = text.indexOf("Caf</title>") + 3;
        byte[] body = new byte[prefix.length + 1];
        System.arraycopy(prefix, 0, body, 0, at);
        body[at] = (byte) 0xE9;
        System.arraycopy(prefix, at, body, at + 1, prefix.length - at);
        server.on("/latin", ex -> LoopbackServer.send(ex, 200, "application/rss+xml; charset=utf-8", body));
        io.redline.ingest.registry.FeedView s = pollBoth("/latin");
        assertThat(s.status()).isEqualTo("ok");
        assertThat(published).extracting(RawArticle::title).contains("Caf\u00e9");
    }

    @Test
    void publishesDuplicateGuidsOnce() {
        server.text(
                "/dups",
                "application/rss+xml",
                rss(item("Same", "http://news.example/same", "dup")
                        + item("Same", "http://news.example/same", "dup")
                        + item("Other", "http://news.example/other", "dup")));
        io.redline.ingest.registry.FeedView s = pollBoth("/dups");
        assertThat(s.status()).isEqualTo("ok");
        assertThat(published)
                .extracting(RawArticle::title)
                .containsOnlyOnce("Same")
                .containsOnlyOnce("Other");
    }

    @Test
    void givesStableIdsToEntriesWithoutGuidsOrLinks() {
        server.text(
                "/bare",
                "application/rss+xml",
                rss("<item><title>First</title><description>one</description></item>"
                        + "<item><title>Second</title><description>two</description></item>"));
        io.redline.ingest.registry.FeedView s = pollBoth("/bare");
        assertThat(s.status()).isEqualTo("ok");
        FeedState again = poller.add(server.url("/bare"));
        poller.poll(again);
        List<RawArticle> bare = published.stream().filter(a -> a.url() == null).toList();
        assertThat(bare).extracting(RawArticle::title).containsExactlyInAnyOrder("First", "Second");
        assertThat(bare).extracting(RawArticle::id).doesNotHaveDuplicates();
    }

    @Test
    void refusesAnHtmlPageInsteadOfAFeed() {
        server.text("/page", "text/html", "<!DOCTYPE html><html><body><h1>Not a feed</h1></body></html>");
        io.redline.ingest.registry.FeedView s = pollBoth("/page");
        assertThat(s.lastErrorKind()).isEqualTo("parse");
        assertThat(s.lastError()).contains("HTML page");
    }

    @Test
    void marksAFeedFailingAfterRepeatedErrorsAndBacksOffExponentially() {
        server.on("/broken", ex -> ex.sendResponseHeaders(500, -1));
        FeedPoller p = poller();
        FeedState feed = p.add(server.url("/broken"));
        for (int i = 0; i < 3; i++) {
            p.poll(feed);
        }
        io.redline.ingest.registry.FeedView s = feed.snapshot(config.failingThreshold);
        assertThat(s.status()).isEqualTo("failing");
        assertThat(s.consecutiveErrors()).isEqualTo(3);
        assertThat(s.lastError()).isEqualTo("HTTP 500");
        assertThat(Duration.between(s.lastFetch(), s.nextPoll())).isEqualTo(Duration.ofMinutes(4));
        assertThat(FeedPoller.backoff(Duration.ofSeconds(60), 20, Duration.ofHours(6)))
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void pollsEveryFeedOfABusyHostInTurn() {
        for (String name : List.of("a", "b", "c")) {
            server.text("/" + name, "application/rss+xml", rss(item(name, "http://news.example/" + name, name)));
        }
        config.pollInterval = Duration.ZERO;
        FeedPoller p = poller();
        p.onStart(null);
        List.of("a", "b", "c").forEach(name -> p.add(server.url("/" + name)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            p.pollDueFeeds();
            assertThat(published).extracting(RawArticle::title).contains("a", "b", "c");
        });
    }

    @Test
    void publishesAChangedArticleAsTheNextRevisionOfTheSameId() {
        String[] body = {rss(item("Story", "http://news.example/story", "s"))};
        server.on(
                "/feed",
                ex -> LoopbackServer.send(ex, 200, "application/rss+xml", body[0].getBytes(StandardCharsets.UTF_8)));
        FeedPoller p = poller();
        FeedState feed = p.add(server.url("/feed"));
        p.poll(feed);
        body[0] = body[0].replace("Body of Story", "Body of Story, updated with casualty figures");
        p.poll(feed);
        p.poll(feed);
        assertThat(published).extracting(RawArticle::revision).containsExactly(1, 2);
        assertThat(published)
                .extracting(RawArticle::id)
                .containsOnly(published.get(0).id());
    }

    @Test
    void aChangedDocumentNormalisesAndPublishesOnlyItsNewEntries() {
        String one = item("One", "http://news.example/one", "1");
        String[] body = {rss(one)};
        server.on(
                "/feed",
                ex -> LoopbackServer.send(ex, 200, "application/rss+xml", body[0].getBytes(StandardCharsets.UTF_8)));
        FeedPoller p = poller();
        FeedState feed = p.add(server.url("/feed"));
        p.poll(feed);
        // A new item on top changes the body (so it is parsed) but "One" is the same entry as before.
        body[0] = rss(item("Two", "http://news.example/two", "2") + one);
        p.poll(feed);
        assertThat(published).extracting(RawArticle::title).containsExactly("One", "Two");
        assertThat(registry.counter("redline.ingest.articles", "outcome", "duplicate")
                        .count())
                .isEqualTo(1);
        assertThat(feed.seenIds)
                .hasSize(2)
                .contains(published.get(0).id(), published.get(1).id());
    }
}
