package io.redline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

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
    void plainTextKeepsParagraphBreaks() {
        assertThat(ArticleNormalizer.plain("<p>One <b>two</b>.</p><p>Three &amp; four.</p>"))
                .isEqualTo("One two.\n\nThree & four.");
    }
}
