package io.redline.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Runs the demo feed server on a free loopback port and reads it over real HTTP. */
class DemoFeedServerTest {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String DC_NS = "http://purl.org/dc/elements/1.1/";
    private static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
    private static final Instant START = Instant.parse("2025-03-14T12:00:00Z");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SettableClock clock = new SettableClock(START);
    private DemoFeedServer server;

    @BeforeEach
    void startServer() {
        server = DemoFeedServer.builder()
                .port(0)
                .interval(Duration.ZERO)
                .clock(clock)
                .build()
                .start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void startsOnAFreeLoopbackPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.feedUrls())
                .containsExactly(
                        server.baseUrl() + "/feeds/world.rss",
                        server.baseUrl() + "/feeds/security.atom",
                        server.baseUrl() + "/feeds/diplomacy.rss");
        assertThat(server.interval()).isZero();
    }

    @Test
    void servesEveryFeedAsWellFormedXmlWithItsInitialItems() throws Exception {
        int total = 0;
        for (DemoFeed feed : DemoFeed.values()) {
            HttpResponse<byte[]> response = get(server.feedUrl(feed));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue(feed.format().contentType());

            Document document = parse(response.body());
            long expected = server.content().initial().stream()
                    .filter(entry -> entry.feed() == feed)
                    .count();
            assertThat(entries(document, feed)).as(feed.key()).hasSize((int) expected);
            total += entries(document, feed).size();
        }
        assertThat(total).isGreaterThanOrEqualTo(15);
    }

    @Test
    void rssItemsCarryGuidLinkCreatorCategoriesContentAndNewestFirstDates() throws Exception {
        Document document = parse(get(server.feedUrl(DemoFeed.WORLD)).body());
        Element channel = (Element) document.getElementsByTagName("channel").item(0);
        assertThat(text(channel, "title")).isEqualTo(DemoFeed.WORLD.title());

        List<Element> items = entries(document, DemoFeed.WORLD);
        Instant previous = Instant.MAX;
        for (Element item : items) {
            String link = text(item, "link");
            assertThat(link).startsWith(server.baseUrl() + "/articles/");
            String id = link.substring(link.lastIndexOf('/') + 1);
            assertThat(text(item, "guid")).isEqualTo("tag:redline.example,2025:article/" + id);
            assertThat(item.getElementsByTagNameNS(DC_NS, "creator").item(0).getTextContent())
                    .isNotBlank();
            assertThat(item.getElementsByTagNameNS(CONTENT_NS, "encoded")
                            .item(0)
                            .getTextContent())
                    .startsWith("<p>");
            assertThat(item.getElementsByTagName("category").getLength()).isPositive();
            assertThat(text(item, "description")).isNotBlank();

            Instant published = DateTimeFormatter.RFC_1123_DATE_TIME.parse(text(item, "pubDate"), Instant::from);
            assertThat(published).isBefore(previous);
            previous = published;
        }
    }

    @Test
    void atomEntriesCarryIdLinkPublishedUpdatedAndHtmlContent() throws Exception {
        Document document = parse(get(server.feedUrl(DemoFeed.SECURITY)).body());
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo(ATOM_NS);
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("feed");

        for (Element entry : entries(document, DemoFeed.SECURITY)) {
            Element link =
                    (Element) entry.getElementsByTagNameNS(ATOM_NS, "link").item(0);
            String href = link.getAttribute("href");
            assertThat(href).startsWith(server.baseUrl() + "/articles/");
            assertThat(atomText(entry, "id")).endsWith("article/" + href.substring(href.lastIndexOf('/') + 1));
            Instant published = Instant.parse(atomText(entry, "published"));
            assertThat(Instant.parse(atomText(entry, "updated"))).isEqualTo(published);
            assertThat(((Element) entry.getElementsByTagNameNS(ATOM_NS, "content")
                                    .item(0))
                            .getAttribute("type"))
                    .isEqualTo("html");
            assertThat(entry.getElementsByTagNameNS(ATOM_NS, "category").getLength())
                    .isPositive();
        }
    }

    @Test
    void spreadsInitialPublicationTimesOverThe36HoursBeforeStartTheSameWayEachTime() {
        List<Instant> times = new ArrayList<>();
        for (DemoFeed feed : DemoFeed.values()) {
            server.items(feed).forEach(item -> times.add(item.publishedAt()));
        }
        assertThat(times)
                .allSatisfy(time -> assertThat(time)
                        .isAfter(START.minus(Duration.ofHours(37)))
                        .isBefore(START.minus(Duration.ofMinutes(20))));
        assertThat(times.stream().min(Instant::compareTo).orElseThrow()).isBefore(START.minus(Duration.ofHours(35)));

        try (DemoFeedServer again = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .clock(clock)
                .build()
                .start()) {
            for (DemoFeed feed : DemoFeed.values()) {
                assertThat(again.items(feed)).isEqualTo(server.items(feed));
            }
        }
    }

    @Test
    void feedsServeEscalatoryDeescalatoryAndNeutralArticles() throws Exception {
        Map<String, ArticleKind> kinds = new HashMap<>();
        server.content().allArticles().forEach(article -> kinds.put(article.id(), article.kind()));

        Set<ArticleKind> served = EnumSet.noneOf(ArticleKind.class);
        for (DemoFeed feed : DemoFeed.values()) {
            for (String id : servedIds(parse(get(server.feedUrl(feed)).body()), feed)) {
                served.add(kinds.get(id));
            }
        }
        assertThat(served).containsExactlyInAnyOrder(ArticleKind.values());
    }

    @Test
    void publishNextAddsAnItemWithAFreshIdToTheNextFeedInTurn() throws Exception {
        Set<String> before = new HashSet<>();
        for (DemoFeed feed : DemoFeed.values()) {
            before.addAll(servedIds(parse(get(server.feedUrl(feed)).body()), feed));
        }

        for (DemoFeed feed : DemoFeed.values()) {
            int countBefore = server.items(feed).size();
            PublishedArticle published = server.publishNext();

            assertThat(published.feed()).isEqualTo(feed);
            assertThat(published.id())
                    .startsWith(published.article().id() + "-live-")
                    .doesNotContain(" ");
            assertThat(before).doesNotContain(published.id());
            assertThat(published.publishedAt()).isEqualTo(START);
            List<String> ids = servedIds(parse(get(server.feedUrl(feed)).body()), feed);
            assertThat(ids).hasSize(countBefore + 1);
            assertThat(ids.get(0)).as("newest first").isEqualTo(published.id());
            before.add(published.id());

            HttpResponse<byte[]> page = get(server.baseUrl() + "/articles/" + published.id());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<h1>");
        }
    }

    @Test
    void dripStartsThePoolAgainWhenItIsExhaustedWithNewIds() {
        List<DemoArticle> pool = server.content().pool();
        Set<String> ids = new HashSet<>();
        PublishedArticle last = null;
        for (int i = 0; i <= pool.size(); i++) {
            last = server.publishNext();
            assertThat(ids.add(last.id())).as("fresh id " + last.id()).isTrue();
        }
        assertThat(last.article()).isEqualTo(pool.get(0));
    }

    @Test
    void liveIdsDifferBetweenRunsSoARestartDoesNotReuseThem() {
        String first = server.publishNext().id();
        clock.set(START.plusSeconds(60));
        try (DemoFeedServer later = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .clock(clock)
                .build()
                .start()) {
            assertThat(later.publishNext().id()).isNotEqualTo(first);
        }
    }

    @Test
    void feedsKeepOnlyTheNewestItemsUpToTheLimit() {
        try (DemoFeedServer small = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .clock(clock)
                .maxItemsPerFeed(8)
                .build()
                .start()) {
            PublishedArticle newest = null;
            for (int i = 0; i < 30; i++) {
                newest = small.publishNext();
            }
            List<PublishedArticle> items = small.items(newest.feed());
            assertThat(items).hasSize(8);
            assertThat(items.get(0)).isEqualTo(newest);
        }
    }

    @Test
    void answers304WhileAFeedIsUnchangedAnd200WithANewEtagOnceItChanged() throws Exception {
        String url = server.feedUrl(DemoFeed.WORLD);
        HttpResponse<byte[]> first = get(url);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<byte[]> byEtag = get(url, "If-None-Match", etag);
        assertThat(byEtag.statusCode()).isEqualTo(304);
        assertThat(byEtag.body()).isEmpty();
        assertThat(byEtag.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(url, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);

        clock.set(START.plusSeconds(5));
        assertThat(server.publishNext().feed()).isEqualTo(DemoFeed.WORLD);

        HttpResponse<byte[]> changed = get(url, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(get(url, "If-Modified-Since", lastModified).statusCode()).isEqualTo(200);
        assertThat(get(
                                url,
                                "If-None-Match",
                                changed.headers().firstValue("ETag").orElseThrow())
                        .statusCode())
                .isEqualTo(304);
    }

    @Test
    void lastModifiedMovesOnForTwoChangesWithinOneSecond() throws Exception {
        String url = server.feedUrl(DemoFeed.WORLD);
        server.publishNext();
        String afterFirst = get(url).headers().firstValue("Last-Modified").orElseThrow();
        server.publishNext(); // security
        server.publishNext(); // diplomacy
        assertThat(server.publishNext().feed()).isEqualTo(DemoFeed.WORLD); // same clock second as the first

        HttpResponse<byte[]> response = get(url, "If-Modified-Since", afterFirst);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Last-Modified"))
                .isPresent()
                .get()
                .isNotEqualTo(afterFirst);
    }

    @Test
    void unchangedFeedsKeepTheirEtagWhenAnotherFeedChanges() throws Exception {
        String url = server.feedUrl(DemoFeed.DIPLOMACY);
        String etag = get(url).headers().firstValue("ETag").orElseThrow();
        server.publishNext(); // world
        assertThat(get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void answers404ForUnknownPathsAndArticles() throws Exception {
        assertThat(get(server.baseUrl() + "/feeds/nope.rss").statusCode()).isEqualTo(404);
        assertThat(get(server.baseUrl() + "/articles/no-such-article").statusCode())
                .isEqualTo(404);
        assertThat(get(server.baseUrl() + "/articles/../feeds.opml").statusCode())
                .isEqualTo(404);
    }

    @Test
    void answers405ForMethodsOtherThanGetAndHead() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.feedUrl(DemoFeed.WORLD)))
                    .method(method, HttpRequest.BodyPublishers.ofString("x"))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void answersHeadWithTheHeadersOfGetAndNoBody() throws Exception {
        String url = server.feedUrl(DemoFeed.SECURITY);
        HttpResponse<byte[]> get = get(url);
        HttpRequest head = HttpRequest.newBuilder(URI.create(url))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<byte[]> response = http.send(head, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("ETag"))
                .isEqualTo(get.headers().firstValue("ETag"));
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
    }

    @Test
    void servesAnOpmlListOfTheThreeFeeds() throws Exception {
        HttpResponse<byte[]> response = get(server.opmlUrl());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/x-opml; charset=utf-8");

        Document opml = parse(response.body());
        assertThat(opml.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
        NodeList outlines = opml.getElementsByTagName("outline");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < outlines.getLength(); i++) {
            urls.add(((Element) outlines.item(i)).getAttribute("xmlUrl"));
        }
        assertThat(urls).containsExactlyElementsOf(server.feedUrls());
    }

    @Test
    void indexPageLinksEveryFeed() throws Exception {
        HttpResponse<byte[]> response = get(server.baseUrl() + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String html = new String(response.body(), StandardCharsets.UTF_8);
        for (DemoFeed feed : DemoFeed.values()) {
            assertThat(html).contains("href=\"" + feed.path() + "\"");
        }
        assertThat(html).contains("/feeds.opml");
    }

    @Test
    void articlePageShowsTheArticleEscaped() throws Exception {
        PublishedArticle item = server.items(DemoFeed.WORLD).stream()
                .filter(candidate -> candidate.title().contains("&"))
                .findFirst()
                .orElseThrow();
        HttpResponse<byte[]> response = get(server.baseUrl() + item.path());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        String html = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<h1>" + item.title().replace("&", "&amp;") + "</h1>");
        assertThat(html).contains("<p>" + item.article().paragraphs().get(0).replace("&", "&amp;") + "</p>");
    }

    @Test
    void escapesMarkupAndDropsCharactersXmlCannotCarry() throws Exception {
        String title = "Tom & Jerry <b>\"quoted\"</b> ]]> it's\u0001 done";
        DemoArticle tricky = new DemoArticle(
                "tricky",
                title,
                "O'Brien & Co",
                ArticleKind.NEUTRAL,
                List.of("A&B", "<C>"),
                "Summary with <tags> & ]]>.",
                List.of("Body <script>alert(1)</script> & more."));
        DemoContent content = new DemoContent(
                List.of(
                        new DemoContent.InitialArticle(DemoFeed.WORLD, tricky),
                        new DemoContent.InitialArticle(DemoFeed.SECURITY, tricky.withId("tricky-atom"))),
                List.of(tricky.withId("tricky-live")));
        try (DemoFeedServer custom = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .content(content)
                .build()
                .start()) {
            custom.publishNext();
            Document rss = parse(get(custom.feedUrl(DemoFeed.WORLD)).body());
            Document atom = parse(get(custom.feedUrl(DemoFeed.SECURITY)).body());

            String expected = title.replace("\u0001", "");
            for (Element item : entries(rss, DemoFeed.WORLD)) {
                assertThat(text(item, "title")).isEqualTo(expected);
                assertThat(item.getElementsByTagNameNS(CONTENT_NS, "encoded")
                                .item(0)
                                .getTextContent())
                        .isEqualTo("<p>Body &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</p>");
            }
            assertThat(atomText(entries(atom, DemoFeed.SECURITY).get(0), "title"))
                    .isEqualTo(expected);
            assertThat(get(custom.feedUrl(DemoFeed.DIPLOMACY)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void publishNextNeedsARunningServer() {
        DemoFeedServer notStarted =
                DemoFeedServer.builder().interval(Duration.ZERO).build();
        assertThatThrownBy(notStarted::publishNext).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(notStarted::baseUrl).isInstanceOf(IllegalStateException.class);

        server.stop();
        assertThatThrownBy(server::publishNext).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsIntervalsInTheUsualSpellings() {
        assertThat(DemoFeedOptions.parseInterval("PT20S")).isEqualTo(Duration.ofSeconds(20));
        assertThat(DemoFeedOptions.parseInterval("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(DemoFeedOptions.parseInterval(" 15 ")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DemoFeedOptions.parseInterval("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DemoFeedOptions.parseInterval("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DemoFeedOptions.parseInterval("0")).isZero();
        assertThatThrownBy(() -> DemoFeedOptions.parseInterval("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> DemoFeedOptions.parseInterval("-PT1S")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheDefaultIntervalFromTheSystemProperty() {
        String before = System.getProperty(DemoFeedOptions.INTERVAL_PROPERTY);
        try {
            System.setProperty(DemoFeedOptions.INTERVAL_PROPERTY, "750ms");
            assertThat(DemoFeedServer.builder().build().interval()).isEqualTo(Duration.ofMillis(750));
            assertThat(DemoFeedServer.builder().interval(null).build().interval())
                    .isZero();

            System.setProperty(DemoFeedOptions.INTERVAL_PROPERTY, "every now and then");
            assertThatThrownBy(() -> DemoFeedServer.builder().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(DemoFeedOptions.INTERVAL_PROPERTY);
        } finally {
            if (before == null) {
                System.clearProperty(DemoFeedOptions.INTERVAL_PROPERTY);
            } else {
                System.setProperty(DemoFeedOptions.INTERVAL_PROPERTY, before);
            }
        }
    }

    @Test
    void readsCommandLineOptions() {
        DemoFeedServer fromArgs = DemoFeedOptions.parse(new String[] {"--port", "0", "--interval=3s"})
                .build();
        assertThat(fromArgs.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(DemoFeedOptions.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> DemoFeedOptions.parse(new String[] {"--colour", "red"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> DemoFeedOptions.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoFeedOptions.parse(new String[] {"--max-live", "-1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linksNameThePublicHostAndTheDripStopsAfterMaxLive() throws Exception {
        try (DemoFeedServer demo = DemoFeedOptions.parse(new String[] {
                    "--port", "0", "--interval", "20ms", "--max-live", "3", "--public-host", "localhost"
                })
                .build()
                .start()) {
            assertThat(demo.baseUrl()).isEqualTo("http://localhost:" + demo.port());
            String feed = new String(
                    get("http://127.0.0.1:" + demo.port() + "/feeds/world.rss").body(), StandardCharsets.UTF_8);
            assertThat(feed)
                    .contains("http://localhost:" + demo.port() + "/articles/")
                    .doesNotContain("127.0.0.1");
            await().atMost(Duration.ofSeconds(30)).until(() -> demo.liveCount() == 3);
            // Many more intervals later, still three: the drip has stopped for good.
            Thread.sleep(400);
            assertThat(demo.liveCount()).isEqualTo(3);
        }
    }

    // ---- helpers ----

    private HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Parses like a careful feed reader: namespaces on, DOCTYPEs (and so external entities) refused. */
    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new ByteArrayInputStream(xml));
    }

    private static List<Element> entries(Document document, DemoFeed feed) {
        NodeList nodes = feed.format() == DemoFeed.Format.ATOM
                ? document.getElementsByTagNameNS(ATOM_NS, "entry")
                : document.getElementsByTagName("item");
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** The article ids a feed serves, read from the item links, newest first. */
    private static List<String> servedIds(Document document, DemoFeed feed) {
        List<String> ids = new ArrayList<>();
        for (Element entry : entries(document, feed)) {
            String link = feed.format() == DemoFeed.Format.ATOM
                    ? ((Element) entry.getElementsByTagNameNS(ATOM_NS, "link").item(0)).getAttribute("href")
                    : text(entry, "link");
            ids.add(link.substring(link.lastIndexOf('/') + 1));
        }
        return ids;
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagName(name).item(0).getTextContent();
    }

    private static String atomText(Element parent, String name) {
        return parent.getElementsByTagNameNS(ATOM_NS, name).item(0).getTextContent();
    }

    /** A clock the test moves by hand, so no test waits for real time to pass. */
    private static final class SettableClock extends Clock {
        private final AtomicReference<Instant> now;

        SettableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
