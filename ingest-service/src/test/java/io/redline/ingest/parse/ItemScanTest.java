package io.redline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pre-scan finds exactly the entries Rome reads, fingerprints their bytes, and gives up when unsure. */
class ItemScanTest {

    private static final String RSS_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T &amp; co</title>"
            + "<link>http://news.example/</link><description>d</description>\n";

    static String rss(String... items) {
        return RSS_HEAD + String.join("\n", items) + "\n</channel></rss>";
    }

    static String item(String n) {
        return "<item><title>Story " + n + " &amp; more &#233;</title><link>http://news.example/" + n + "</link>"
                + "<guid isPermaLink='false'>g" + n + "</guid>"
                + "<description><![CDATA[<p>Body of " + n + " </item> not the end</p>]]></description>"
                + "<!-- <item>not an item</item> --><?pi </item>?>"
                + "<content:encoded>&lt;p&gt;Full " + n + "&lt;/p&gt;</content:encoded>"
                + "<dc:creator>Ann</dc:creator><pubDate>Wed, 25 Nov 2026 10:0" + n + ":00 GMT</pubDate></item>";
    }

    private static ItemScan.Scan scan(String doc) {
        return ItemScan.scan(doc.getBytes(StandardCharsets.UTF_8), "application/rss+xml");
    }

    private static List<String> prints(ItemScan.Scan scan) {
        return scan.items().stream().map(ItemScan.Item::fingerprint).toList();
    }

    @Test
    void findsRss2ItemsPastCdataCommentsAndInstructionsThatLookLikeTags() throws Exception {
        String doc = rss(item("1"), item("2"), item("3"));
        ItemScan.Scan scan = scan(doc);
        assertThat(scan).isNotNull();
        assertThat(scan.items()).hasSize(3);
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        for (ItemScan.Item it : scan.items()) {
            String text = new String(body, it.start(), it.end() - it.start(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("<item><title>Story ").endsWith("GMT</pubDate></item>");
        }
        assertThat(prints(scan)).doesNotHaveDuplicates();
        assertSameEntriesAsRome(body, "application/rss+xml");
    }

    @Test
    void aReorderedDocumentHasTheSamePrintsAndAnEditedItemANewOne() {
        List<String> before = prints(scan(rss(item("1"), item("2"), item("3"))));
        List<String> reordered = prints(scan(rss(item("3"), item("1"), item("2"))));
        assertThat(reordered).containsExactlyInAnyOrderElementsOf(before);
        List<String> edited = prints(scan(rss(item("1"), item("2").replace("Body of 2", "Body of 2, corrected"))));
        assertThat(edited.get(0)).isEqualTo(before.get(0));
        assertThat(edited.get(1)).isNotIn(before);
        // A change outside the items that is not their context (a new build date) keeps them.
        List<String> rebuilt = prints(scan(rss(item("1"), item("2"))
                .replace(
                        "<description>d</description>",
                        "<description>d</description><lastBuildDate>x</lastBuildDate>")));
        assertThat(rebuilt).containsExactly(before.get(0), before.get(1));
    }

    @Test
    void theContextOfTheItemsIsPartOfTheirPrints() {
        String plain = rss(item("1"));
        String first = prints(scan(plain)).get(0);
        // Another namespace for the same prefix, another RSS version, another charset: Rome may read other values.
        assertThat(prints(scan(plain.replace("http://purl.org/dc/elements/1.1/", "http://other.example/dc"))))
                .doesNotContain(first);
        assertThat(prints(scan(plain.replace("version=\"2.0\"", "version=\"0.91\""))))
                .doesNotContain(first);
        assertThat(prints(ItemScan.scan(plain.getBytes(StandardCharsets.UTF_8), "text/xml; charset=iso-8859-1")))
                .doesNotContain(first);
    }

    @Test
    void findsRss1ItemsBesideTheChannel() throws Exception {
        String doc = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
                + " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<channel rdf:about=\"http://news.example/\"><title>T</title><link>http://news.example/</link>"
                + "<description>d</description><items><rdf:Seq><rdf:li rdf:resource=\"http://news.example/1\"/>"
                + "</rdf:Seq></items></channel>"
                + "<item rdf:about=\"http://news.example/1\"><title>One</title><link>http://news.example/1</link>"
                + "<dc:date>2026-11-25T10:00:00Z</dc:date></item>"
                + "<item rdf:about=\"http://news.example/2\"><title>Two</title><link>http://news.example/2</link>"
                + "</item></rdf:RDF>";
        ItemScan.Scan scan = scan(doc);
        assertThat(scan.items()).hasSize(2);
        assertSameEntriesAsRome(doc.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void findsAtomEntriesAndPutsTheFeedLinksInTheirContext() throws Exception {
        String doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>T</title><link rel=\"alternate\" href=\"http://news.example/\"/><id>urn:x</id>"
                + "<updated>2026-11-25T10:00:00Z</updated>"
                + "<entry><title type=\"html\">One &lt;b&gt;</title><link href=\"/one\"/><id>urn:1</id>"
                + "<updated>2026-11-25T10:00:00Z</updated><content type=\"xhtml\"><div"
                + " xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi</p><entry/></div></content></entry>"
                + "<entry><title>Two</title><link href=\"/two\"/><id>urn:2</id>"
                + "<updated>2026-11-25T11:00:00Z</updated></entry></feed>";
        ItemScan.Scan scan = ItemScan.scan(doc.getBytes(StandardCharsets.UTF_8), "application/atom+xml");
        assertThat(scan.items()).hasSize(2);
        assertSameEntriesAsRome(doc.getBytes(StandardCharsets.UTF_8), "application/atom+xml");
        // The relative entry links resolve against the feed link: another feed link, other prints.
        String moved = doc.replace("href=\"http://news.example/\"", "href=\"http://elsewhere.example/\"");
        assertThat(prints(ItemScan.scan(moved.getBytes(StandardCharsets.UTF_8), "application/atom+xml")))
                .doesNotContainAnyElementsOf(prints(scan));
        // The updated date of the feed is not context: the same prints.
        String later = doc.replace(
                "<updated>2026-11-25T10:00:00Z</updated><entry>", "<updated>2026-11-26T10:00:00Z</updated><entry>");
        assertThat(prints(ItemScan.scan(later.getBytes(StandardCharsets.UTF_8), "application/atom+xml")))
                .isEqualTo(prints(scan));
    }

    @Test
    void givesUpOnDocumentsItCannotBeSureOf() {
        String good = rss(item("1"));
        List<String> broken = List.of(
                good.replace("</title>", "</titel>"), // mismatched tags
                good.replace("</channel></rss>", "</channel>"), // unfinished
                good.replace("<!-- <item>not an item</item> -->", "<!-- never closed"),
                good.replace("]]>", "]>"), // CDATA never closed
                "<!DOCTYPE rss [<!ENTITY x \"y\">]>" + good.substring(good.indexOf("<rss")),
                "garbage " + good,
                good.replace("<rss version=\"2.0\"", "<rss xmlns=\"http://other.example/\" version=\"2.0\""),
                good.replace("<rss", "<html").replace("</rss>", "</html>"),
                good.replace("<item><title>", "<item x=1><title>"), // unquoted attribute
                good.replace("</channel>", "</channel><channel></channel>")); // Rome reads the first channel only
        for (String doc : broken) {
            assertThat(scan(doc)).as(doc).isNull();
        }
        assertThat(ItemScan.scan(good.getBytes(StandardCharsets.UTF_16), null)).isNull();
        assertThat(ItemScan.scan(good.getBytes(StandardCharsets.UTF_8), "text/xml; charset=utf-16"))
                .isNull();
        assertThat(ItemScan.scan(good.replace("UTF-8", "Shift_JIS").getBytes(StandardCharsets.UTF_8), null))
                .isNull();
        assertThat(ItemScan.scan(new byte[0], null)).isNull();
    }

    @Test
    void staysBoundedOnHostileDocuments() {
        // Deeper than MAX_DEPTH: no stack grows with it.
        String deep = "<x>".repeat(ItemScan.MAX_DEPTH + 10) + "</x>".repeat(ItemScan.MAX_DEPTH + 10);
        assertThat(scan(rss(item("1") + deep))).isNull();
        // More entries than Rome keeps: which ones it drops depends on the whole document, so parse it whole.
        StringBuilder many = new StringBuilder(RSS_HEAD);
        for (int i = 0; i <= RepairingInput.MAX_ENTRIES; i++) {
            many.append("<item/>");
        }
        assertThat(scan(many.append("</channel></rss>").toString())).isNull();
        // 8 MB of text in one item: one pass, one item.
        String huge = rss(item("1").replace("Body of 1", "x".repeat(8 << 20)));
        assertThat(scan(huge).items()).hasSize(1);
    }

    @Test
    void leavingItemsOutKeepsTheEnvelopeAndTheOtherItemsByteForByte() throws Exception {
        String doc = rss(item("1"), item("2"), item("3"));
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        ItemScan.Scan scan = scan(doc);
        byte[] reduced = scan.without(body, new boolean[] {true, false, true});
        assertThat(new String(reduced, StandardCharsets.UTF_8)).isEqualTo(rss("", item("2"), ""));
        SyndFeed feed = FeedParser.parse(reduced, "application/rss+xml");
        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).containsExactly("Story 2 & more é");
        assertThat(FeedParser.parse(scan.without(body, new boolean[] {true, true, true}), null)
                        .getEntries())
                .isEmpty();
    }

    /**
     * Over the feedparser corpus (when present): wherever the pre-scan answers, it found as many entries as Rome
     * does, and each entry parsed alone in the envelope is the entry Rome reads in the whole document.
     */
    @Test
    void agreesWithRomeOnTheFeedparserCorpus() throws Exception {
        Path dir = corpusDir();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "feedparser corpus not found at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int scanned = 0;
        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            if (assertSameEntriesAsRome(body, null)) {
                scanned++;
            }
        }
        System.out.println("ItemScan: " + scanned + " of " + files.size() + " corpus files pre-scanned");
        assertThat(scanned).isGreaterThan(files.size() / 2);
    }

    /** The corpus folder as {@code FeedparserCorpusTest} finds it. */
    private static Path corpusDir() {
        String configured = System.getProperty("redline.corpus.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String shared = System.getProperty("redline.shared-data", System.getenv("REDLINE_SHARED_DATA"));
        Path folder = Path.of(shared == null || shared.isBlank() ? "../shared/data" : shared);
        Path root = Path.of("").toAbsolutePath();
        for (Path d = root; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("ingest-service"))) {
                root = d;
                break;
            }
        }
        return root.resolve(folder).resolve("feedparser").normalize();
    }

    /** Returns whether the pre-scan answered (and then checks it against Rome). */
    private static boolean assertSameEntriesAsRome(byte[] body, String contentType) throws Exception {
        ItemScan.Scan scan = ItemScan.scan(body, contentType);
        if (scan == null) {
            return false;
        }
        SyndFeed whole;
        try {
            whole = FeedParser.parse(body, contentType);
        } catch (FeedParseException e) {
            return true; // the poller parses the whole document first when it knows no prints; it fails the same
        }
        assertThat(scan.items()).hasSameSizeAs(whole.getEntries());
        for (int i = 0; i < scan.items().size(); i++) {
            boolean[] drop = new boolean[scan.items().size()];
            java.util.Arrays.fill(drop, true);
            drop[i] = false;
            SyndFeed alone = FeedParser.parse(scan.without(body, drop), contentType);
            assertThat(alone.getEntries()).hasSize(1);
            assertThat(describe(alone.getEntries().get(0)))
                    .isEqualTo(describe(whole.getEntries().get(i)));
        }
        return true;
    }

    private static String describe(SyndEntry e) {
        List<Object> all = new ArrayList<>();
        all.add(e.getUri());
        all.add(e.getLink());
        all.add(e.getTitle());
        all.add(e.getPublishedDate());
        all.add(e.getUpdatedDate());
        all.add(e.getDescription() == null ? null : e.getDescription().getValue());
        e.getContents().forEach(c -> all.add(c.getValue()));
        e.getAuthors().forEach(a -> all.add(a.getName() + "/" + a.getEmail()));
        all.add(e.getAuthor());
        e.getCategories().forEach(c -> all.add(c.getName()));
        e.getLinks().forEach(l -> all.add(l.getHref()));
        e.getEnclosures().forEach(x -> all.add(x.getUrl()));
        e.getForeignMarkup().forEach(m -> all.add(m.getName() + m.getValue()));
        return all.toString();
    }
}
