package io.redline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.localstack.farm.FeedGenerator;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The faster text clean-up and language-detection input give exactly what the slower code they replaced gave. */
class NormalizerRewritesTest {

    /** The regex pair {@link ArticleNormalizer#tidyLines} replaced. */
    private static String tidyByRegex(String s) {
        return s.replaceAll("[ \\t]*\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n");
    }

    /** The plain-text extraction before the rewrite: append(html) per block, then the two regexes. */
    private static String plainBefore(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote").append("\\n\\n");
        doc.select("br").append("\\n");
        return tidyByRegex(doc.text().replace("\\n", "\n")).trim();
    }

    @Test
    void tidyLinesMatchesTheRegexesOnRandomText() {
        SplittableRandom r = new SplittableRandom(7);
        char[] alphabet = {' ', ' ', '\t', '\n', '\n', 'a', 'b', '.', '\r', '\u00a0'};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
            String s = sb.toString();
            assertThat(ArticleNormalizer.tidyLines(s))
                    .as("input %s", s.replace("\n", "\\n").replace("\t", "\\t"))
                    .isEqualTo(tidyByRegex(s));
        }
    }

    @Test
    void plainTextIsUnchangedOnGeneratedAndHandWrittenHtml() {
        String rss = new String(
                FeedGenerator.rss(
                        "f",
                        "https://www.site.example/f",
                        1,
                        40,
                        3000,
                        true,
                        seq -> 1_700_000_000_000L + seq * 60_000,
                        0),
                StandardCharsets.UTF_8);
        int checked = 0;
        for (String part : rss.split("<content:encoded><!\\[CDATA\\[")) {
            int end = part.indexOf("]]>");
            if (end > 0) {
                String html = part.substring(0, end);
                assertThat(ArticleNormalizer.plain(html)).isEqualTo(plainBefore(html));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(40);
        for (String html : new String[] {
            "<p>One</p>  <p> Two </p><br><br><br>three<div>\t<li>x</li></div>",
            "a<br>b<br/>\n<br>  c",
            "<h1>T</h1><blockquote>q</blockquote>",
            "  plain  text  ",
            "<p></p><p></p>"
        }) {
            assertThat(ArticleNormalizer.plain(html)).isEqualTo(plainBefore(html));
        }
    }

    @Test
    void detectorInputWithoutUrlFilterIsIdenticalWhenTextHasNoUrlOrEmail() {
        String text = ArticleNormalizer.plain("<p>The government said on Monday that forces had moved closer to the "
                + "border.</p><p>Officials warned of a red line; ratio 3:1, time 10:30.</p>");
        assertThat(text).doesNotContain("://").doesNotContain("@");
        assertThat(LanguageDetection.LARGE_TEXT_NO_URLS.forText(text).toString())
                .isEqualTo(LanguageDetection.LARGE_TEXT.forText(text).toString());
        String withUrl = text + " see https://example.org/a and write to desk@example.org";
        assertThat(LanguageDetection.LARGE_TEXT.forText(withUrl).toString()).doesNotContain("example.org");
    }

    @Test
    void detectsLanguageOfTextsWithAndWithoutUrls() {
        String en = "The government said on Monday that its forces had moved closer to the border, while officials "
                + "in the capital warned that any further strike would cross a red line.";
        assertThat(LanguageDetection.detect(en)).isEqualTo("en");
        assertThat(LanguageDetection.detect(en + " More at https://example.org/story or desk@example.org."))
                .isEqualTo("en");
    }
}
