package io.redline.localstack.farm;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds deterministic RSS 2.0 documents whose items carry realistic HTML bodies and their creation time. */
public final class FeedGenerator {

    /** The word a marked item's title starts with, so an alert subscription can match a known fraction. */
    public static final String MARKER = "Zorblak";

    /** Finds an item's creation time (epoch ms) in its link, which the canonical URL keeps: {@code /story-12-t1764...}. */
    private static final Pattern CREATED = Pattern.compile("/story-\\d+-t(\\d{13})");

    private static final String[] WORDS = ("the government said on monday that forces had moved closer to the "
                    + "border while officials in the capital denied any plan to escalate the conflict analysts warned "
                    + "that sanctions talks ministers missile drills exercise troops navy ceasefire negotiations would "
                    + "resume next week according to people familiar with the matter who spoke on condition of anonymity "
                    + "because they were not authorised to discuss diplomatic statement spokesman warned response "
                    + "allies alliance security council meeting emergency session report data markets energy prices "
                    + "gas pipeline supply winter a an of in for with after before during against between about over "
                    + "president prime minister parliament vote election opposition protest police arrested court ruling "
                    + "judge appeal refugees humanitarian aid convoy shelling artillery drone strike airport port harbour "
                    + "railway bridge power plant grid outage hospital school village town province region coast island "
                    + "tuesday wednesday thursday friday saturday sunday morning evening overnight yesterday today "
                    + "billion million percent budget inflation currency bank central rates exports imports trade deal "
                    + "agreement treaty summit delegation envoy embassy consulate foreign defence interior health "
                    + "spokeswoman commander general colonel soldiers civilians casualties wounded killed injured "
                    + "evacuated shelter warning sirens radar satellite images showed confirmed denied claimed reported "
                    + "is was were has have been will could may might not also but and or as by at from on to it they "
                    + "their its this these those which what when where many several some most few new old first last")
            .split(" ");

    /** Syllables for place and person names, so that two random articles rarely look alike to SimHash. */
    private static final String[] SYLLABLES =
            "ka ro vi len dor mes ta quin bar sel to nia gra lu fen os ar zik pol ve".split(" ");

    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private FeedGenerator() {}

    /**
     * An RSS document for feed {@code feed} holding items {@code firstSeq..lastSeq} (newest first), each with an
     * HTML body of about {@code bodyBytes}; {@code declareLanguage} false makes the normaliser run language
     * detection, as it must for feeds without {@code <language>}. Item {@code seq} is dated
     * {@code epoch + seq * stepSeconds}: a function of the item alone, so its link and id never change between polls.
     */
    public static byte[] rss(
            String feedName,
            String site,
            long firstSeq,
            long lastSeq,
            int bodyBytes,
            boolean declareLanguage,
            Instant epoch,
            long stepSeconds) {
        long epochMs = epoch.toEpochMilli();
        return rss(
                feedName,
                site,
                firstSeq,
                lastSeq,
                bodyBytes,
                declareLanguage,
                seq -> epochMs + seq * stepSeconds * 1000,
                0);
    }

    /**
     * As above, with item {@code seq} created at {@code createdMillis(seq)} (epoch ms: its {@code pubDate}, to the
     * second, and its link, to the millisecond); one item in {@code markEvery} (0: none) gets a title starting
     * with {@link #MARKER}. The creation time must be a function of the item alone, as must everything else in it.
     */
    public static byte[] rss(
            String feedName,
            String site,
            long firstSeq,
            long lastSeq,
            int bodyBytes,
            boolean declareLanguage,
            LongUnaryOperator createdMillis,
            int markEvery) {
        Instant newest = Instant.ofEpochMilli(createdMillis.applyAsLong(lastSeq));
        StringBuilder sb = new StringBuilder(256 + (int) (lastSeq - firstSeq + 1) * (bodyBytes + 600));
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n")
                .append("<title>")
                .append(feedName)
                .append(" news</title>\n")
                .append("<link>")
                .append(site)
                .append("/</link>\n")
                .append("<description>Latest stories from ")
                .append(feedName)
                .append("</description>\n");
        if (declareLanguage) {
            sb.append("<language>en-gb</language>\n");
        }
        sb.append("<lastBuildDate>").append(RFC_822.format(newest)).append("</lastBuildDate>\n");
        for (long seq = lastSeq; seq >= firstSeq; seq--) {
            // Seeded by feed and item so an item's text never changes between polls (no spurious revisions).
            SplittableRandom r = new SplittableRandom(feedName.hashCode() * 1_000_003L + seq);
            long created = createdMillis.applyAsLong(seq);
            Instant published = Instant.ofEpochMilli(created);
            String link = site + "/" + published.atZone(ZoneOffset.UTC).toLocalDate() + "/story-" + seq + "-t" + created
                    + "?utm_source=rss&utm_medium=feed";
            String title = capitalised(sentence(r, 8 + r.nextInt(6)));
            // By feed and item, not item alone: at a low rate a feed gets only a few new items in a phase.
            if (markEvery > 0 && Math.floorMod(feedName.hashCode() * 31L + seq, markEvery) == 0) {
                title = MARKER + " " + title;
            }
            sb.append("<item>\n<title>")
                    .append(title)
                    .append("</title>\n")
                    .append("<link>")
                    .append(escape(link))
                    .append("</link>\n")
                    .append("<guid isPermaLink=\"false\">")
                    .append(feedName)
                    .append('-')
                    .append(seq)
                    .append("</guid>\n")
                    .append("<pubDate>")
                    .append(RFC_822.format(published))
                    .append("</pubDate>\n")
                    .append("<dc:creator>Staff reporter ")
                    .append(seq % 7)
                    .append("</dc:creator>\n")
                    .append("<category>World</category><category>Security</category>\n")
                    .append("<description>")
                    .append(escape(capitalised(sentence(r, 30))))
                    .append("</description>\n")
                    .append("<content:encoded><![CDATA[")
                    .append(html(r, bodyBytes, site))
                    .append("]]></content:encoded>\n")
                    .append("</item>\n");
        }
        sb.append("</channel>\n</rss>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The creation time (epoch ms) an article URL made by this generator carries, or -1. */
    public static long createdMillis(String url) {
        if (url == null) {
            return -1;
        }
        Matcher m = CREATED.matcher(url);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Paragraphs with the inline markup, links, images and a script the sanitiser has to deal with. */
    private static String html(SplittableRandom r, int bytes, String site) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        sb.append("<div class=\"article-body\" style=\"margin:0\">");
        int p = 0;
        while (sb.length() < bytes) {
            sb.append("<p>")
                    .append(capitalised(sentence(r, 12 + r.nextInt(10))))
                    .append(" <strong>")
                    .append(sentence(r, 3))
                    .append("</strong> ")
                    .append(sentence(r, 10 + r.nextInt(8)))
                    .append(" <a href=\"/related/")
                    .append(r.nextInt(100_000))
                    .append("\" onclick=\"track()\">")
                    .append(sentence(r, 4))
                    .append("</a>.</p>\n");
            if (++p == 2) {
                sb.append("<figure><img src=\"")
                        .append(site)
                        .append("/img/")
                        .append(r.nextInt(100_000))
                        .append(".jpg\" alt=\"photo\" width=\"640\"><figcaption>")
                        .append(sentence(r, 8))
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
            // One word in eight is a made-up name: news text is full of them, and they keep stories apart.
            if (r.nextInt(8) == 0) {
                sb.append(capitalised(SYLLABLES[r.nextInt(SYLLABLES.length)]
                        + SYLLABLES[r.nextInt(SYLLABLES.length)]
                        + SYLLABLES[r.nextInt(SYLLABLES.length)]));
            } else {
                sb.append(WORDS[r.nextInt(WORDS.length)]);
            }
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
