package io.redline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.feed.synd.SyndFeed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedParserTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesAnyDoctype() {
        assertThatThrownBy(() -> FeedParser.parse(
                        utf8("<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"x.dtd\">"
                                + "<rss version=\"2.0\"><channel><title>t</title></channel></rss>"),
                        "text/xml"))
                .isInstanceOf(FeedParseException.class)
                .satisfies(e -> assertThat(((FeedParseException) e).reason()).isEqualTo("doctype refused"));
    }

    @Test
    void keepsDatesRomeCannotReadThroughTheFallbackParser() throws Exception {
        SyndFeed feed = FeedParser.parse(
                utf8("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title>"
                        + "<pubDate>2026-11-25 10:00:00</pubDate></item></channel></rss>"),
                "application/rss+xml");
        assertThat(feed.getEntries().get(0).getPublishedDate().toInstant())
                .isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void headerCharsetWinsOverTheProlog() throws Exception {
        byte[] body =
                ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>caf\u00e9</title>"
                                + "</channel></rss>")
                        .getBytes(StandardCharsets.ISO_8859_1);
        FeedParser.Parsed parsed = FeedParser.parseWithCharset(body, "text/xml; charset = \"iso-8859-1\"");
        assertThat(parsed.feed().getTitle()).isEqualTo("caf\u00e9");
    }

    @Test
    void readsStrayWindows1252BytesInUtf8() throws Exception {
        byte[] start = utf8("<rss version=\"2.0\"><channel><title>\u00e9t\u00e9 ");
        byte[] end = utf8("quoted</title></channel></rss>");
        byte[] body = new byte[start.length + 1 + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        body[start.length] = (byte) 0x93; // Windows-1252 left double quote
        System.arraycopy(end, 0, body, start.length + 1, end.length);
        assertThat(FeedParser.parse(body, "application/rss+xml").getTitle()).isEqualTo("\u00e9t\u00e9 \u201cquoted");
    }

    @Test
    void normalisesSloppyContentTypes() {
        assertThat(FeedParser.normalizeContentType("text/xml;charset= 'us-ascii'"))
                .isEqualTo("text/xml; charset=us-ascii");
        assertThat(FeedParser.normalizeContentType("text/xml; charset=bogus-42"))
                .isEqualTo("text/xml");
        assertThat(FeedParser.normalizeContentType(null)).isNull();
    }

    @Test
    void treatsAnRssDocumentWithoutChannelAsAnEmptyFeed() throws Exception {
        assertThat(FeedParser.parse(utf8("<rss version=\"2.0\"></rss>"), null).getEntries())
                .isEmpty();
    }
}
