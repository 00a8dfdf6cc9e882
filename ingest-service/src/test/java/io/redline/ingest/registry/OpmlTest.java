package io.redline.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPML import (folders and categories as tags, hostile documents refused) and export round trips. */
class OpmlTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static List<Opml.Outline> parse(String xml) {
        return Opml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String xml, int status, String messagePart) {
        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.field()).isEqualTo("opml");
                })
                .hasMessageContaining(messagePart);
    }

    @Test
    void nestedFoldersBecomeTagsOutermostFirst() {
        List<Opml.Outline> outlines = parse("""
                <?xml version="1.0"?>
                <opml version="2.0"><head><title>subs</title></head><body>
                  <outline text="News">
                    <outline title="World" text="ignored, title wins">
                      <outline type="rss" text="Deep" xmlUrl="https://example.org/deep.xml" category="extra"/>
                    </outline>
                    <outline type="rss" text="Shallow" xmlUrl="https://example.org/shallow.xml"/>
                  </outline>
                  <outline type="rss" text="Top" xmlUrl=" https://example.org/top.xml " language="de"/>
                </body></opml>""");

        assertThat(outlines)
                .extracting(Opml.Outline::url)
                .containsExactly(
                        "https://example.org/deep.xml",
                        "https://example.org/shallow.xml",
                        "https://example.org/top.xml");
        assertThat(outlines.get(0).tags()).containsExactly("News", "World", "extra");
        // Leaving a folder drops its tag again.
        assertThat(outlines.get(1).tags()).containsExactly("News");
        assertThat(outlines.get(2).tags()).isEmpty();
        assertThat(outlines.get(2).language()).isEqualTo("de");
    }

    @Test
    void categoryPathsAreSplitIntoTagsWithoutDuplicates() {
        List<Opml.Outline> outlines = parse("""
                <opml version="2.0"><body>
                  <outline text="a"><outline text="F" xmlUrl="https://example.org/f" category="/a/b, /c"/></outline>
                </body></opml>""");
        // The folder "a" and the category's "a" are one tag.
        assertThat(outlines.get(0).tags()).containsExactly("a", "b", "c");
    }

    @Test
    void titleFallsBackToText() {
        List<Opml.Outline> outlines = parse("""
                <opml version="1.0"><body>
                  <outline text="Only text" xmlUrl="https://example.org/a"/>
                  <outline text="Text" title="Title" xmlUrl="https://example.org/b"/>
                  <outline xmlUrl="https://example.org/c"/>
                </body></opml>""");
        assertThat(outlines).extracting(Opml.Outline::title).containsExactly("Only text", "Title", null);
    }

    @Test
    void aDoctypeIsRefused() {
        assertRefused("""
                <?xml version="1.0"?>
                <!DOCTYPE opml SYSTEM "http://example.org/opml.dtd">
                <opml version="2.0"><body/></opml>""", 400, "DOCTYPE");
    }

    @Test
    void anExternalEntityIsRefused() {
        assertRefused("""
                <?xml version="1.0"?>
                <!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://example.org/x"/></body></opml>""", 400, "DOCTYPE");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE opml [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        dtd.append("]>");
        assertRefused(
                "<?xml version=\"1.0\"?>" + dtd + "<opml version=\"2.0\"><body>"
                        + "<outline text=\"&lol9;\" xmlUrl=\"https://example.org/x\"/></body></opml>",
                400,
                "DOCTYPE");
    }

    @Test
    void aDocumentThatIsNotOpmlIsRefused() {
        assertRefused("""
                <rss version="2.0"><channel><title>t</title></channel></rss>""", 400, "not an OPML document");
    }

    @Test
    void malformedXmlIsRefused() {
        assertRefused(
                "<opml version=\"2.0\"><body><outline xmlUrl=\"https://example.org/x\"></body></opml>",
                400,
                "not well-formed");
        assertRefused("this is not XML at all", 400, "not well-formed");
    }

    @Test
    void moreThanMaxOutlinesIsRefused() {
        StringBuilder xml = new StringBuilder("<opml version=\"2.0\"><body>");
        for (int i = 0; i <= Opml.MAX_OUTLINES; i++) {
            xml.append("<outline xmlUrl=\"https://example.org/").append(i).append("\"/>");
        }
        xml.append("</body></opml>");
        assertRefused(xml.toString(), 413, "more than " + Opml.MAX_OUTLINES);
    }

    @Test
    void exactlyMaxOutlinesIsAccepted() {
        StringBuilder xml = new StringBuilder("<opml version=\"2.0\"><body>");
        for (int i = 0; i < Opml.MAX_OUTLINES; i++) {
            xml.append("<outline xmlUrl=\"https://example.org/").append(i).append("\"/>");
        }
        xml.append("</body></opml>");
        assertThat(parse(xml.toString())).hasSize(Opml.MAX_OUTLINES);
    }

    @Test
    void anExportImportsBackToTheSameFeeds() {
        List<FeedDefinition> feeds = List.of(
                feed("https://example.org/world.xml", "World news", List.of("news", "world"), "en"),
                feed("https://example.org/plain.xml", null, List.of(), null),
                feed("https://example.org/europe.xml", "Europe", List.of("news", "europe"), "de"),
                feed("https://example.org/tech.xml", "Tech", List.of("tech"), null),
                new FeedDefinition(
                        FeedDefinition.idOf("https://feeds.example.net/outlet.xml"),
                        "https://feeds.example.net/outlet.xml",
                        "An outlet's hosted feed",
                        List.of("news"),
                        "en",
                        Duration.ofMinutes(5),
                        true,
                        NOW,
                        NOW,
                        null,
                        "outlet.example"));

        String xml = Opml.write(feeds, NOW);
        List<Opml.Outline> back = Opml.parse(xml.getBytes(StandardCharsets.UTF_8));

        // Export groups by first tag, so compare as sets of (url, title, tags, language).
        assertThat(back)
                .extracting(Opml.Outline::url)
                .containsExactlyInAnyOrderElementsOf(
                        feeds.stream().map(FeedDefinition::url).toList());
        for (FeedDefinition f : feeds) {
            Opml.Outline o = back.stream()
                    .filter(x -> x.url().equals(f.url()))
                    .findFirst()
                    .orElseThrow();
            assertThat(o.tags()).as(f.url()).containsExactlyElementsOf(f.tags());
            assertThat(o.language()).as(f.url()).isEqualTo(f.language());
            assertThat(o.title()).as(f.url()).isEqualTo(f.title());
            assertThat(o.outlet()).as(f.url()).isEqualTo(f.outlet());
        }
        assertThat(xml)
                .contains("<opml version=\"2.0\">")
                .contains("<dateCreated>Sun, 1 Mar 2026 12:00:00 GMT</dateCreated>");
    }

    @Test
    void xmlSpecialCharactersAreEscapedAndSurviveTheRoundTrip() {
        FeedDefinition tricky =
                feed("https://example.org/feed?a=1&b=<2>", "Tom & Jerry's \"<best>\"", List.of("R&D", "<x>"), null);

        String xml = Opml.write(List.of(tricky), NOW);

        assertThat(xml).doesNotContain("Tom & Jerry").doesNotContain("a=1&b").contains("&amp;");
        Opml.Outline back = Opml.parse(xml.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(back.url()).isEqualTo(tricky.url());
        assertThat(back.title()).isEqualTo(tricky.title());
        assertThat(back.tags()).containsExactly("R&D", "<x>");
    }

    private static FeedDefinition feed(String url, String title, List<String> tags, String language) {
        return new FeedDefinition(
                FeedDefinition.idOf(url), url, title, tags, language, Duration.ofMinutes(5), true, NOW, NOW, null);
    }
}
