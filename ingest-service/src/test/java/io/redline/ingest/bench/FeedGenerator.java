package io.redline.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/** Builds deterministic RSS 2.0 documents whose items carry realistic HTML bodies, for both benchmarks. */
final class FeedGenerator {

    private static final String[] WORDS = ("the government said on monday that forces had moved closer to the "
            + "border while officials in the capital denied any plan to escalate the conflict analysts warned "
            + "that sanctions talks ministers missile drills exercise troops navy ceasefire negotiations would "
            + "resume next week according to people familiar with the matter who spoke on condition of anonymity "
            + "because they were not authorised to discuss diplomatic statement spokesman warned response "
            + "allies alliance security council meeting emergency session report data markets energy prices "
            + "gas pipeline supply winter").split(" ");

    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private FeedGenerator() {
    }

    /**
     * An RSS document for feed {@code feed} holding items {@code firstSeq..lastSeq} (newest first), each with an
     * HTML body of about {@code bodyBytes}; {@code declareLanguage} false makes the normaliser run language
     * detection, as it must for feeds without {@code <language>}. Item {@code seq} is dated
     * {@code epoch + seq * stepSeconds}: a function of the item alone, so its link and id never change between polls.
     */
    static byte[] rss(String feedName, String site, long firstSeq, long lastSeq, int bodyBytes, boolean declareLanguage,
            Instant epoch, long stepSeconds) {
        Instant newest = epoch.plusSeconds(lastSeq * stepSeconds);
        StringBuilder sb = new StringBuilder(256 + (int) (lastSeq - firstSeq + 1) * (bodyBytes + 600));
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n")
                .append("<title>").append(feedName).append(" news</title>\n")
                .append("<link>").append(site).append("/</link>\n")
                .append("<description>Latest stories from ").append(feedName).append("</description>\n");
        if (declareLanguage) {
            sb.append("<language>en-gb</language>\n");
        }
        sb.append("<lastBuildDate>").append(RFC_822.format(newest)).append("</lastBuildDate>\n");
        for (long seq = lastSeq; seq >= firstSeq; seq--) {
            // Seeded by feed and item so an item's text never changes between polls (no spurious revisions).
            SplittableRandom r = new SplittableRandom(feedName.hashCode() * 1_000_003L + seq);
            Instant published = epoch.plusSeconds(seq * stepSeconds);
            String link = site + "/" + published.atZone(ZoneOffset.UTC).toLocalDate() + "/story-" + seq
                    + "?utm_source=rss&utm_medium=feed";
            sb.append("<item>\n<title>").append(capitalised(sentence(r, 8 + r.nextInt(6)))).append("</title>\n")
                    .append("<link>").append(escape(link)).append("</link>\n")
                    .append("<guid isPermaLink=\"false\">").append(feedName).append('-').append(seq).append("</guid>\n")
                    .append("<pubDate>").append(RFC_822.format(published)).append("</pubDate>\n")
                    .append("<dc:creator>Staff reporter ").append(seq % 7).append("</dc:creator>\n")
                    .append("<category>World</category><category>Security</category>\n")
                    .append("<description>").append(escape(capitalised(sentence(r, 30)))).append("</description>\n")
                    .append("<content:encoded><![CDATA[").append(html(r, bodyBytes, site)).append("]]></content:encoded>\n")
                    .append("</item>\n");
        }
        sb.append("</channel>\n</rss>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Paragraphs with the inline markup, links, images and a script the sanitiser has to deal with. */
    private static String html(SplittableRandom r, int bytes, String site) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        sb.append("<div class=\"article-body\" style=\"margin:0\">");
        int p = 0;
        while (sb.length() < bytes) {
            sb.append("<p>").append(capitalised(sentence(r, 12 + r.nextInt(10)))).append(" <strong>")
                    .append(sentence(r, 3)).append("</strong> ").append(sentence(r, 10 + r.nextInt(8)))
                    .append(" <a href=\"/related/").append(r.nextInt(100_000)).append("\" onclick=\"track()\">")
                    .append(sentence(r, 4)).append("</a>.</p>\n");
            if (++p == 2) {
                sb.append("<figure><img src=\"").append(site).append("/img/").append(r.nextInt(100_000))
                        .append(".jpg\" alt=\"photo\" width=\"640\"><figcaption>").append(sentence(r, 8))
                        .append("</figcaption></figure>\n<script>window.ads && ads.push({slot: 1});</script>\n");
            }
        }
        return sb.append("</div>").toString();
    }

    private static String sentence(SplittableRandom r, int words) {
        StringBuilder sb = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
