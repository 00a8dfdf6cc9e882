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
