package io.redline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The parser keeps the first {@link RepairingInput#MAX_ENTRIES} entries of every feed format and drops the rest. */
class FeedParserLimitsTest {

    private static final int MAX = RepairingInput.MAX_ENTRIES;

    private static String entries(String format, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format(format, i)).collect(Collectors.joining());
    }

    private static SyndFeed parse(String xml) throws FeedParseException {
        return FeedParser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    private static void assertFirstEntriesKept(SyndFeed feed) {
        assertThat(feed.getEntries()).hasSize(MAX);
        assertThat(feed.getEntries())
                .extracting(SyndEntry::getTitle)
                .startsWith("e0", "e1")
                .endsWith("e" + (MAX - 1));
    }

    @Test
    void rss20KeepsTheFirstEntriesAndWhatFollowsThem() throws Exception {
        // The channel's title after the items, and an extension's own <item> inside an item, are not entries.
        SyndFeed feed =
                parse("<rss version=\"2.0\"><channel><link>http://news.example/</link><description>d</description>"
                        + entries(
                                "<item><title>e%d</title><x:list xmlns:x=\"urn:x\"><x:item>n</x:item></x:list></item>",
                                MAX + 50)
                        + "<title>After the items</title></channel></rss>");
        assertFirstEntriesKept(feed);
        assertThat(feed.getTitle()).isEqualTo("After the items");
    }

    @Test
    void rss10KeepsTheFirstEntries() throws Exception {
        SyndFeed feed = parse(
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
                        + "<channel rdf:about=\"http://news.example/\"><title>T</title><link>http://news.example/</link>"
                        + "<description>d</description></channel>"
                        + entries(
                                "<item rdf:about=\"http://news.example/%1$d\"><title>e%1$d</title><link>http://news.example/%1$d</link></item>",
                                MAX + 50)
                        + "</rdf:RDF>");
        assertFirstEntriesKept(feed);
    }

    @Test
    void atomKeepsTheFirstEntries() throws Exception {
        SyndFeed feed = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><id>urn:t</id>"
                + "<updated>2026-11-25T10:00:00Z</updated>"
                + entries("<entry><title>e%d</title></entry>", MAX + 50)
                + "</feed>");
        assertFirstEntriesKept(feed);
    }

    @Test
    void aFeedAtTheLimitIsUntouched() throws Exception {
        SyndFeed feed = parse("<rss version=\"2.0\"><channel><title>T</title>"
                + entries("<item><title>e%d</title></item>", MAX) + "</channel></rss>");
        assertFirstEntriesKept(feed);
    }
}
