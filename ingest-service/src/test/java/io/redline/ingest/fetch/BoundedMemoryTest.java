package io.redline.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rometools.rome.feed.synd.SyndFeed;
import io.redline.ingest.parse.FeedParseException;
import io.redline.ingest.parse.FeedParser;
import io.redline.safehttp.AddressPolicy;
import io.redline.safehttp.FetchException;
import io.redline.safehttp.FetchResult;
import io.redline.safehttp.LoopbackServer;
import io.redline.safehttp.RawServer;
import io.redline.safehttp.SafeHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * For each hostile input the fetch-and-parse path allocates, on the fetching thread, no more than a bound set by
 * the body cap: bytes allocated are counted by the JVM (deterministic), not inferred from timing or heap usage.
 */
class BoundedMemoryTest {

    private static final long MIB = 1024 * 1024;
    /** A small cap keeps the test fast; the bounds scale with it. */
    private static final long CAP = MIB;
    /** What does not scale with the cap: headers (at most 64 KiB of them), sockets, exceptions and their traces. */
    private static final long CONSTANT = MIB;
    /** Fetching: the body buffer doubles up to the cap (under 2 x cap in all) plus one copy of the body. */
    private static final long FETCH_BOUND = 4 * CAP + CONSTANT;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final LoopbackServer server = new LoopbackServer();
    private RawServer raw;

    @BeforeEach
    void warmUp() throws Exception {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Loads and initialises the client, Rome and the XML parser once, so their one-time cost is not counted.
        server.text("/warm", "application/rss+xml", rss(item(1)));
        fetchAndParse(client(CAP, Duration.ofSeconds(20)), server.url("/warm"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        if (raw != null) {
            raw.close();
        }
    }

    /** What one fetch-and-parse allocated and how it ended: a parsed feed, or the refusal. */
    private record Measured(long allocated, Object outcome) {
        FetchException.Kind fetchKind() {
            assertThat(outcome).isInstanceOf(FetchException.class);
            return ((FetchException) outcome).kind();
        }
    }

    private static SafeHttpClient client(long cap, Duration deadline) {
        return new SafeHttpClient(new SafeHttpClient.Settings(
                "Redline-test/1",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                deadline,
                cap,
                5,
                new AddressPolicy(List.of("127.0.0.0/8"))));
    }

    /** Fetches {@code url} and parses what was accepted, all on this thread, counting the bytes it allocates. */
    private static Measured fetchAndParse(SafeHttpClient client, String url) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object outcome;
        try {
            FetchResult r = client.get(url, null, null);
            outcome = FeedParser.parse(r.body(), r.contentType());
        } catch (FetchException | FeedParseException e) {
            outcome = e;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf(
                "%s: %,d bytes allocated -> %s%n",
                url, allocated, outcome instanceof SyndFeed f ? f.getEntries().size() + " entries" : outcome);
        return new Measured(allocated, outcome);
    }

    private static Measured fetchAndParse(String url) {
        return fetchAndParse(client(CAP, Duration.ofSeconds(20)), url);
    }

    static String rss(String items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
                + "<link>http://news.example/</link><description>d</description>" + items + "</channel></rss>";
    }

    static String item(int i) {
        return "<item><title>Story " + i + "</title><link>http://news.example/" + i + "</link></item>";
    }

    // --- the fetch side: every case is refused, and the refusal costs at most the cap's worth of buffers ---

    @Test
    void gzipBombOf1000To1() throws Exception {
        // 50 MiB of zeros compress to about 50 KiB; the server holds only the compressed form.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[(int) MIB];
            for (int i = 0; i < 50; i++) {
                gzip.write(zeros);
            }
        }
        byte[] compressed = bytes.toByteArray();
        assertThat(compressed.length).isLessThan((int) (50 * MIB / 1000));
        server.on("/bomb", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackServer.send(ex, 200, "application/rss+xml", compressed);
        });
        Measured m = fetchAndParse(server.url("/bomb"));
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.TOO_LARGE);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void fiftyMibBodyWithContentLength() {
        server.on("/big", ex -> {
            ex.sendResponseHeaders(200, 50 * MIB);
            streamFiller(ex.getResponseBody(), 50 * MIB);
        });
        Measured m = fetchAndParse(server.url("/big"));
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.TOO_LARGE);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void fiftyMibBodyChunked() {
        server.on("/big", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length announced up front
            streamFiller(ex.getResponseBody(), 50 * MIB);
        });
        Measured m = fetchAndParse(server.url("/big"));
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.TOO_LARGE);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void fiftyMibBodyInOneByteChunks() throws Exception {
        // Chunk framing is read per chunk: one-byte chunks must not cost a line buffer per body byte.
        raw = new RawServer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "1\r\n \r\n".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
            for (long sent = 0; sent < 50 * MIB; sent += 64 * 1024) {
                out.write(block);
            }
        });
        Measured m = fetchAndParse(raw.url());
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.TOO_LARGE);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void slowDrip() {
        server.on("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 600; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(20);
            }
        });
        Measured m = fetchAndParse(client(CAP, Duration.ofSeconds(2)), server.url("/drip"));
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.TIMEOUT);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void veryLongHeaderLine() throws Exception {
        raw = new RawServer(out -> {
            out.write("HTTP/1.1 200 OK\r\nX-Padding: ".getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "a".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
            for (long sent = 0; sent < 50 * MIB; sent += block.length) {
                out.write(block);
            }
        });
        Measured m = fetchAndParse(raw.url());
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.PROTOCOL);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void endlessHeaders() throws Exception {
        raw = new RawServer(out -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "X-Filler: 0123456789\r\n".repeat(4096).getBytes(StandardCharsets.ISO_8859_1);
            for (long sent = 0; sent < 50 * MIB; sent += block.length) {
                out.write(block);
            }
        });
        Measured m = fetchAndParse(raw.url());
        assertThat(m.fetchKind()).isEqualTo(FetchException.Kind.PROTOCOL);
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    // --- the parse side: accepted bodies, parsed or refused cleanly, for a bounded multiple of the cap ---

    /**
     * Text-heavy bodies: the UTF-8 check, Rome's XML healer, JDOM's text buffers and Rome's copies; measured at
     * about 17 bytes per body byte.
     */
    private static final long TEXT_FACTOR = 32;
    /**
     * Markup-dense bodies: a DOM node plus Rome's work per tiny element, up to about 80 bytes per body byte
     * measured ({@code <x/>}); entries past the parser's 10,000 are dropped before either is built.
     */
    private static final long MARKUP_FACTOR = 128;

    @Test
    void billionLaughs() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                + "<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
        server.text("/lol", "application/rss+xml", laughs);
        Measured m = fetchAndParse(server.url("/lol"));
        assertThat(m.outcome()).isInstanceOf(FeedParseException.class);
        assertThat(((FeedParseException) m.outcome()).reason()).isEqualTo("doctype refused");
        assertThat(m.allocated()).isLessThanOrEqualTo(FETCH_BOUND);
    }

    @Test
    void hundredThousandTinyEntries() {
        String feed = rss("<item/>".repeat(100_000));
        assertThat((long) feed.length()).isLessThan(CAP);
        server.text("/many", "application/rss+xml", feed);
        Measured m = fetchAndParse(server.url("/many"));
        assertParsedOrRefusedCleanly(m, 10_000); // the parser keeps the first 10,000 entries and drops the rest
        assertThat(m.allocated()).isLessThanOrEqualTo(MARKUP_FACTOR * CAP + CONSTANT);
    }

    @Test
    void twoHundredThousandTinyForeignElements() {
        String feed = rss(item(1) + "<x/>".repeat(200_000));
        assertThat((long) feed.length()).isLessThan(CAP);
        server.text("/elements", "application/rss+xml", feed);
        Measured m = fetchAndParse(server.url("/elements"));
        assertParsedOrRefusedCleanly(m, 1);
        assertThat(m.allocated()).isLessThanOrEqualTo(MARKUP_FACTOR * CAP + CONSTANT);
    }

    @Test
    void fiveMibSingleTextNode() {
        String feed =
                rss("<item><title>Long</title><description>" + "x".repeat((int) (5 * MIB)) + "</description></item>");
        server.text("/long-text", "application/rss+xml", feed);
        long cap = 6 * MIB; // within the cap, so the parser sees it
        Measured m = fetchAndParse(client(cap, Duration.ofSeconds(20)), server.url("/long-text"));
        assertParsedOrRefusedCleanly(m, 1);
        assertThat(m.allocated()).isLessThanOrEqualTo(TEXT_FACTOR * cap + CONSTANT);
    }

    @Test
    void oneLineFeedWithAHugeAttributeValue() {
        // No newline anywhere and a 900 KB attribute: nothing on the path may buffer by line or by attribute.
        String feed = rss("<item><title>Attr</title><enclosure url=\"http://news.example/" + "a".repeat(900_000)
                + "\" type=\"audio/mpeg\" length=\"1\"/></item>");
        assertThat((long) feed.length()).isLessThan(CAP);
        server.text("/attr", "application/rss+xml", feed);
        Measured m = fetchAndParse(server.url("/attr"));
        assertParsedOrRefusedCleanly(m, 1);
        assertThat(m.allocated()).isLessThanOrEqualTo(TEXT_FACTOR * CAP + CONSTANT);
    }

    private static void assertParsedOrRefusedCleanly(Measured m, int entries) {
        if (m.outcome() instanceof FeedParseException e) {
            assertThat(e.reason()).isNotBlank();
        } else {
            assertThat(m.outcome()).isInstanceOf(SyndFeed.class);
            assertThat(((SyndFeed) m.outcome()).getEntries()).hasSize(entries);
        }
    }

    // --- helpers ---

    /** Streams {@code length} bytes of spaces from one reused buffer, so the server never holds the body. */
    private static void streamFiller(OutputStream out, long length) throws IOException {
        byte[] block = " ".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        try (out) {
            for (long sent = 0; sent < length; sent += block.length) {
                out.write(block, 0, (int) Math.min(block.length, length - sent));
            }
        }
    }
}
