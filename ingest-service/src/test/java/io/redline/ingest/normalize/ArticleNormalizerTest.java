package io.redline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ids, text, sanitising, authors and language of normalised articles. */
class ArticleNormalizerTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void sameCanonicalUrlGivesSameIdWhateverTheGuid() {
        assertThat(ArticleNormalizer.articleId("https://example.org/a", "guid-1", "https://f/rss", T, "x"))
                .isEqualTo(ArticleNormalizer.articleId("https://example.org/a", "guid-2", "https://g/rss", T, "y"));
    }

    @Test
    void fallsBackToGuidThenToFeedDateAndTitle() {
        String byGuid = ArticleNormalizer.articleId(null, "g1", "https://f/rss", T, "x");
        assertThat(byGuid).isEqualTo(ArticleNormalizer.articleId(null, "g1", "https://f/rss", T.plusSeconds(5), "z"));
        String byEntry = ArticleNormalizer.articleId(null, null, "https://f/rss", T, "Title");
        assertThat(byEntry).isNotEqualTo(ArticleNormalizer.articleId(null, null, "https://f/rss", T, "Other"));
    }

    @Test
    void idOfAnEntryWithoutLinkGuidOrDateIsStableAcrossPolls() {
        assertThat(ArticleNormalizer.articleId(null, null, "https://f/rss", null, "Title"))
                .isEqualTo(ArticleNormalizer.articleId(null, null, "https://f/rss", null, "Title"));
    }

    private static com.rometools.rome.feed.synd.SyndEntry entry(String link) {
        com.rometools.rome.feed.synd.SyndEntry e = new com.rometools.rome.feed.synd.SyndEntryImpl();
        e.setTitle("Drones hit Kyiv overnight");
        e.setLink(link);
        com.rometools.rome.feed.synd.SyndContent d = new com.rometools.rome.feed.synd.SyndContentImpl();
        d.setValue("Dozens of drones struck the capital overnight.");
        e.setDescription(d);
        return e;
    }

    private static io.redline.contracts.RawArticle publishedBy(
            String feedUrl, String link, io.redline.ingest.outlet.Outlets outlets, String outlet) {
        return ArticleNormalizer.normalize(
                new com.rometools.rome.feed.synd.SyndFeedImpl(),
                entry(link),
                io.redline.ingest.registry.FeedDefinition.idOf(feedUrl),
                feedUrl,
                java.util.List.of(),
                T,
                outlets.publisherOf(feedUrl, outlet));
    }

    @Test
    void aFeedOfTheLinksOutletPublishesItUnderTheIdAndSourceOfTheLinkAsBefore() {
        io.redline.contracts.RawArticle a = publishedBy(
                "https://feeds.wire.example.com/world.rss",
                "https://www.wire.example.com/world/1?utm_source=rss",
                io.redline.ingest.outlet.Outlets.NONE,
                null);
        assertThat(a.id())
                .isEqualTo(ArticleNormalizer.sha256("url:https://www.wire.example.com/world/1")
                        .substring(0, 32));
        assertThat(a.sourceDomain()).isEqualTo("wire.example.com");
        assertThat(a.url()).isEqualTo("https://www.wire.example.com/world/1");
    }

    @Test
    void aFeedLinkingToAnotherOutletPublishesItsOwnArticleUnderItsOwnSource() {
        io.redline.ingest.outlet.Outlets none = io.redline.ingest.outlet.Outlets.NONE;
        io.redline.contracts.RawArticle real =
                publishedBy("https://wire.example.com/rss", "https://wire.example.com/x", none, null);
        io.redline.contracts.RawArticle forged =
                publishedBy("https://www.evil.example.net/rss", "https://wire.example.com/x", none, null);
        assertThat(forged.id()).isNotEqualTo(real.id());
        assertThat(forged.sourceDomain()).isEqualTo("evil.example.net");
        assertThat(forged.url()).as("the link stays as the feed gave it").isEqualTo("https://wire.example.com/x");
        assertThat(real.sourceDomain()).isEqualTo("wire.example.com");
        // Two feeds of the same outlet carrying the same foreign link are one article of that outlet.
        assertThat(publishedBy("https://news.evil.example.net/europe.rss", "https://wire.example.com/x", none, null)
                        .id())
                .isEqualTo(forged.id());
    }

    @Test
    void anAdminDeclaredOutletOrGroupMergesWithTheLinksArticle() {
        io.redline.contracts.RawArticle real = publishedBy(
                "https://wire.example.com/rss",
                "https://wire.example.com/x",
                io.redline.ingest.outlet.Outlets.NONE,
                null);
        io.redline.contracts.RawArticle burner = publishedBy(
                "https://feeds.feedburner.com/wire",
                "https://wire.example.com/x",
                io.redline.ingest.outlet.Outlets.NONE,
                "wire.example.com");
        assertThat(burner.id()).isEqualTo(real.id());
        assertThat(burner.sourceDomain()).isEqualTo("wire.example.com");
        io.redline.contracts.RawArticle sister = publishedBy(
                "https://feeds.wire-media.example.org/rss",
                "https://wire.example.com/x",
                io.redline.ingest.outlet.Outlets.parse(java.util.List.of("wire.example.com wire-media.example.org")),
                null);
        assertThat(sister.id()).isEqualTo(real.id());
        assertThat(sister.sourceDomain()).isEqualTo("wire.example.com");
    }

    @Test
    void anEntryWithoutALinkKeepsItsFeedBasedIdAndTheFeedsSource() {
        io.redline.contracts.RawArticle a =
                publishedBy("https://www.example.org/rss", null, io.redline.ingest.outlet.Outlets.NONE, null);
        assertThat(a.url()).isNull();
        assertThat(a.sourceDomain()).isEqualTo("example.org");
        assertThat(a.id())
                .isEqualTo(ArticleNormalizer.articleId(
                        null, null, "https://www.example.org/rss", null, "Drones hit Kyiv overnight"));
    }

    @Test
    void repairsC1ControlsAsWindows1252() {
        assertThat(ArticleNormalizer.repairC1("don\u0092t \u0093quote\u0094"))
                .isEqualTo("don\u2019t \u201cquote\u201d");
    }

    @Test
    void sanitiserDropsScriptsAndHandlersAndResolvesRelativeLinks() {
        String clean = ArticleNormalizer.sanitize(
                "<p onclick=\"x()\">Hi <a href=\"/story\">more</a><script>alert(1)</script><img src=\"i.png\"></p>",
                "https://news.example/world/");
        assertThat(clean)
                .doesNotContain("script", "onclick", "alert")
                .contains("href=\"https://news.example/story\"", "src=\"https://news.example/world/i.png\"");
    }

    @Test
    void readsNameAndEmailFromRssAuthors() {
        assertThat(Person.parse("jane@example.org (Jane Doe)")).isEqualTo(new Person("Jane Doe", "jane@example.org"));
        assertThat(Person.parse("Jane Doe <jane@example.org>")).isEqualTo(new Person("Jane Doe", "jane@example.org"));
        assertThat(Person.parse("Jane Doe")).isEqualTo(new Person("Jane Doe", null));
    }

    @Test
    void usesTheDeclaredLanguageElseDetectsIt() {
        com.rometools.rome.feed.synd.SyndFeed feed = new com.rometools.rome.feed.synd.SyndFeedImpl();
        feed.setLanguage("de-DE");
        assertThat(ArticleNormalizer.language(feed, "whatever")).isEqualTo("de");
        feed.setLanguage(null);
        assertThat(ArticleNormalizer.language(
                        feed,
                        "Moscow warned on Tuesday that strikes deep inside Russia with "
                                + "long-range missiles supplied by Western countries would cross a red line."))
                .isEqualTo("en");
        assertThat(ArticleNormalizer.language(
                        feed,
                        "Москва предупредила во вторник, что удары вглубь России "
                                + "дальнобойными ракетами пересекут красную черту."))
                .isEqualTo("ru");
        assertThat(ArticleNormalizer.language(feed, "Too short.")).isEqualTo("und");
    }

    @Test
    void anItemClearlyInAnotherTaggedLanguageIsFiledUnderItsOwn() {
        com.rometools.rome.feed.synd.SyndFeed feed = new com.rometools.rome.feed.synd.SyndFeedImpl();
        feed.setLanguage("en-us");
        assertThat(
                        ArticleNormalizer.language(
                                feed,
                                "Министерство обороны России сообщило, что войска продолжают "
                                        + "наступление на нескольких направлениях, а переговоры о прекращении огня пока не начались."))
                .isEqualTo("ru");
        assertThat(ArticleNormalizer.language(
                        feed,
                        "Moscow warned on Tuesday that strikes deep inside Russia would "
                                + "cross a red line, le Kremlin a dit."))
                .isEqualTo("en");
    }

    @Test
    void plainTextKeepsParagraphBreaks() {
        assertThat(ArticleNormalizer.plain("<p>One <b>two</b>.</p><p>Three &amp; four.</p>"))
                .isEqualTo("One two.\n\nThree & four.");
    }
}
