package io.redline.localstack.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Renders the demo server's documents (RSS 2.0, Atom 1.0, OPML 2.0 and HTML) as strings; pure functions. */
final class DemoRenderer {

    /**
     * RFC 822 / RFC 1123 dates with a two-digit day, which is also the IMF-fixdate HTTP wants for
     * Last-Modified; {@link DateTimeFormatter#RFC_1123_DATE_TIME} would print "3 Jun", which HTTP forbids.
     */
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** Authority and date of the tag: URIs (RFC 4151) used as guids: stable across ports and restarts. */
    private static final String TAG_PREFIX = "tag:redline.example,2025:";

    private static final String GENERATOR = "Redline demo feed server";

    private DemoRenderer() {}

    static String rfc822(Instant instant) {
        return RFC_822.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The guid / Atom id of a served article: independent of host and port, unlike its link. */
    static String guid(PublishedArticle item) {
        return TAG_PREFIX + "article/" + item.id();
    }

    static String rss(DemoChannel feed, List<PublishedArticle> items, String baseUrl, Instant updated) {
        StringBuilder xml = new StringBuilder(16_384);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"")
                .append(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
                .append(" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n")
                .append("<channel>\n");
        element(xml, "  ", "title", feed.title());
        element(xml, "  ", "link", baseUrl + "/");
        element(xml, "  ", "description", feed.description());
        element(xml, "  ", "language", "en");
        element(xml, "  ", "lastBuildDate", rfc822(updated));
        element(xml, "  ", "generator", GENERATOR);
        // Minutes a reader may cache the channel; the live drip adds items every few seconds.
        element(xml, "  ", "ttl", "1");
        xml.append("  <atom:link href=\"")
                .append(escape(baseUrl + feed.path()))
                .append("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
        for (PublishedArticle item : items) {
            DemoArticle article = item.article();
            xml.append("  <item>\n");
            element(xml, "    ", "title", article.title());
            element(xml, "    ", "link", baseUrl + item.path());
            xml.append("    <guid isPermaLink=\"false\">")
                    .append(escapeText(guid(item)))
                    .append("</guid>\n");
            element(xml, "    ", "pubDate", rfc822(item.publishedAt()));
            element(xml, "    ", "dc:creator", article.author());
            for (String category : article.categories()) {
                element(xml, "    ", "category", category);
            }
            element(xml, "    ", "description", article.summary());
            element(xml, "    ", "content:encoded", bodyHtml(article));
            xml.append("  </item>\n");
        }
        return xml.append("</channel>\n</rss>\n").toString();
    }

    static String atom(DemoChannel feed, List<PublishedArticle> items, String baseUrl, Instant updated) {
        StringBuilder xml = new StringBuilder(16_384);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n");
        element(xml, "  ", "id", TAG_PREFIX + "feed/" + feed.key());
        element(xml, "  ", "title", feed.title());
        element(xml, "  ", "subtitle", feed.description());
        element(xml, "  ", "updated", rfc3339(updated));
        xml.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"")
                .append(escape(baseUrl + feed.path()))
                .append("\"/>\n")
                .append("  <link rel=\"alternate\" type=\"text/html\" href=\"")
                .append(escape(baseUrl + "/"))
                .append("\"/>\n");
        // Atom needs an author on the feed or on every entry; ours are on every entry, this covers the rest.
        xml.append("  <author><name>Redline Demo Wire</name></author>\n");
        element(xml, "  ", "generator", GENERATOR);
        for (PublishedArticle item : items) {
            DemoArticle article = item.article();
            xml.append("  <entry>\n");
            element(xml, "    ", "id", guid(item));
            element(xml, "    ", "title", article.title());
            xml.append("    <link rel=\"alternate\" type=\"text/html\" href=\"")
                    .append(escape(baseUrl + item.path()))
                    .append("\"/>\n");
            element(xml, "    ", "published", rfc3339(item.publishedAt()));
            element(xml, "    ", "updated", rfc3339(item.publishedAt()));
            xml.append("    <author><name>")
                    .append(escapeText(article.author()))
                    .append("</name></author>\n");
            for (String category : article.categories()) {
                xml.append("    <category term=\"").append(escape(category)).append("\"/>\n");
            }
            xml.append("    <summary type=\"text\">")
                    .append(escapeText(article.summary()))
                    .append("</summary>\n");
            xml.append("    <content type=\"html\">")
                    .append(escapeText(bodyHtml(article)))
                    .append("</content>\n");
            xml.append("  </entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }

    static String opml(String baseUrl, Instant created) {
        StringBuilder xml = new StringBuilder(2_048);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<opml version=\"2.0\">\n")
                .append("  <head>\n");
        element(xml, "    ", "title", "Redline demo feeds");
        element(xml, "    ", "dateCreated", rfc822(created));
        xml.append("  </head>\n  <body>\n");
        for (DemoFeed feed : DemoFeed.values()) {
            // OPML 2.0 marks every subscription type="rss", whatever its format, Atom included.
            xml.append("    <outline type=\"rss\" text=\"")
                    .append(escape(feed.title()))
                    .append("\" title=\"")
                    .append(escape(feed.title()))
                    .append("\" description=\"")
                    .append(escape(feed.description()))
                    .append("\" xmlUrl=\"")
                    .append(escape(baseUrl + feed.path()))
                    .append("\" htmlUrl=\"")
                    .append(escape(baseUrl + "/"))
                    .append("\" language=\"en\"/>\n");
        }
        return xml.append("  </body>\n</opml>\n").toString();
    }

    static String articlePage(PublishedArticle item, String baseUrl) {
        DemoArticle article = item.article();
        StringBuilder html = new StringBuilder(8_192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>")
                .append(escapeText(article.title()))
                .append("</title>\n")
                .append("<meta name=\"description\" content=\"")
                .append(escape(article.summary()))
                .append("\">\n")
                .append("<meta name=\"author\" content=\"")
                .append(escape(article.author()))
                .append("\">\n")
                .append("<meta property=\"article:published_time\" content=\"")
                .append(rfc3339(item.publishedAt()))
                .append("\">\n")
                .append("<link rel=\"canonical\" href=\"")
                .append(escape(baseUrl + item.path()))
                .append("\">\n")
                .append("<link rel=\"alternate\" type=\"")
                .append(item.feed().format().contentType().split(";")[0])
                .append("\" href=\"")
                .append(escape(baseUrl + item.feed().path()))
                .append("\">\n")
                .append("</head>\n<body>\n")
                .append("<header><a href=\"/\">Redline Demo Wire</a> / <a href=\"")
                .append(escape(item.feed().path()))
                .append("\">")
                .append(escapeText(item.feed().title()))
                .append("</a></header>\n")
                .append("<article>\n<h1>")
                .append(escapeText(article.title()))
                .append("</h1>\n")
                .append("<p class=\"byline\">By <span class=\"author\">")
                .append(escapeText(article.author()))
                .append("</span>, <time datetime=\"")
                .append(rfc3339(item.publishedAt()))
                .append("\">")
                .append(rfc822(item.publishedAt()))
                .append("</time></p>\n")
                .append("<p class=\"summary\"><strong>")
                .append(escapeText(article.summary()))
                .append("</strong></p>\n")
                .append(bodyHtml(article))
                .append('\n')
                .append("<p class=\"categories\">Filed under: ")
                .append(escapeText(String.join(", ", article.categories())))
                .append("</p>\n")
                .append("</article>\n");
        return html.append(footer()).append("</body>\n</html>\n").toString();
    }

    static String indexPage(String baseUrl, List<FeedSummary> feeds, Duration interval) {
        StringBuilder html = new StringBuilder(4_096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Redline demo feeds</title>\n")
                .append("<link rel=\"outline\" type=\"text/x-opml\" href=\"/feeds.opml\">\n");
        for (FeedSummary summary : feeds) {
            html.append("<link rel=\"alternate\" type=\"")
                    .append(summary.feed().format().contentType().split(";")[0])
                    .append("\" title=\"")
                    .append(escape(summary.feed().title()))
                    .append("\" href=\"")
                    .append(escape(summary.feed().path()))
                    .append("\">\n");
        }
        html.append("</head>\n<body>\n<h1>Redline demo feeds</h1>\n<ul>\n");
        for (FeedSummary summary : feeds) {
            html.append("<li><a href=\"")
                    .append(escape(summary.feed().path()))
                    .append("\">")
                    .append(escapeText(summary.feed().title()))
                    .append("</a> (")
                    .append(summary.feed().format().label())
                    .append(", ")
                    .append(summary.items())
                    .append(" items, updated ")
                    .append(rfc822(summary.updated()))
                    .append(")</li>\n");
        }
        html.append("</ul>\n<p>All feeds as <a href=\"/feeds.opml\">OPML</a>. ");
        if (interval == null || interval.isZero()) {
            html.append("The live drip is off.");
        } else {
            html.append("A new article is published every ")
                    .append(describe(interval))
                    .append('.');
        }
        html.append("</p>\n<p>Base URL: <code>").append(escapeText(baseUrl)).append("</code></p>\n");
        return html.append(footer()).append("</body>\n</html>\n").toString();
    }

    /** A small HTML page for errors, so a browser shows more than a blank screen. */
    static String errorPage(int status, String message) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + status
                + "</title>\n</head>\n<body>\n<h1>" + status + "</h1>\n<p>" + escapeText(message)
                + "</p>\n<p><a href=\"/\">Demo feeds</a></p>\n</body>\n</html>\n";
    }

    /** A feed's line on the index page. */
    record FeedSummary(DemoChannel feed, int items, Instant updated) {}

    /** Body paragraphs as HTML, the form both {@code content:encoded} and Atom {@code type="html"} carry. */
    static String bodyHtml(DemoArticle article) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : article.paragraphs()) {
            if (html.length() > 0) {
                html.append('\n');
            }
            html.append("<p>").append(escapeText(paragraph)).append("</p>");
        }
        return html.toString();
    }

    /** Escapes text for an XML or HTML attribute value in double or single quotes. */
    static String escape(String text) {
        return escape(text, true);
    }

    /**
     * Escapes text for XML or HTML element content. Quotes stay as they are there, which keeps the
     * doubly escaped {@code content:encoded} readable.
     */
    static String escapeText(String text) {
        return escape(text, false);
    }

    /**
     * Escapes markup characters and drops the characters XML 1.0 cannot carry at all (C0 controls other
     * than tab, newline and return), which would make the whole feed unparseable.
     */
    private static String escape(String text, boolean quotes) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(quotes ? "&quot;" : "\"");
                case '\'' -> out.append(quotes ? "&#39;" : "'");
                default -> {
                    if ((c >= 0x20 && c != 0xFFFE && c != 0xFFFF) || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void element(StringBuilder xml, String indent, String name, String text) {
        xml.append(indent)
                .append('<')
                .append(name)
                .append('>')
                .append(escapeText(text))
                .append("</")
                .append(name)
                .append(">\n");
    }

    /** "20 s" or "500 ms": for people, unlike {@link Duration#toString()}. */
    static String describe(Duration interval) {
        long millis = interval.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static String footer() {
        return "<footer><p>Fictional content written for demonstrating and testing Redline. "
                + "None of it is real news.</p></footer>\n";
    }
}
