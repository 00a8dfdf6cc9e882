package io.redline.ingest.normalize;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import io.redline.common.language.Languages;
import io.redline.contracts.RawArticle;
import io.redline.ingest.outlet.Outlets;
import io.redline.ingest.outlet.Publisher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/** Turns a parsed feed entry into the {@link RawArticle} contract: ids, canonical URL, clean HTML and text. */
public final class ArticleNormalizer {

    /** Publication dates further in the future than this are treated as wrong and replaced by the fetch time. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    private ArticleNormalizer() {}

    /**
     * Normalises one entry of {@code feed}, fetched from {@code feedUrl} at {@code fetchedAt}, as published by a feed
     * registered at {@code feedUrl} with no admin-declared outlet or outlet groups (tools and benchmarks).
     */
    public static RawArticle normalize(
            SyndFeed feed, SyndEntry entry, String feedId, String feedUrl, List<String> tags, Instant fetchedAt) {
        return normalize(feed, entry, feedId, feedUrl, tags, fetchedAt, Outlets.NONE.publisherOf(feedUrl, null));
    }

    /**
     * Normalises one entry of {@code feed}, fetched from {@code feedUrl} at {@code fetchedAt}, published by the feed
     * {@code publisher} speaks for. An entry linking to a host of the publisher's outlet is that link's article (id
     * of the link alone, source the link's host); an entry linking elsewhere is the publisher's own copy: its id
     * also names the publisher and its source is the publisher's, so a feed can neither take over nor pose as
     * another outlet's article.
     */
    public static RawArticle normalize(
            SyndFeed feed,
            SyndEntry entry,
            String feedId,
            String feedUrl,
            List<String> tags,
            Instant fetchedAt,
            Publisher publisher) {
        String link = resolve(feedUrl, entry.getLink());
        String canonical = UrlCanonicalizer.canonicalize(link);
        String title = plain(repairC1(entry.getTitle()));
        String contentHtml = contentHtml(entry);
        String summaryHtml = entry.getDescription() == null
                ? ""
                : repairC1(entry.getDescription().getValue());
        String text = plain(contentHtml.isEmpty() ? summaryHtml : contentHtml);
        String summary = plain(summaryHtml);
        Instant given = entry.getPublishedDate() != null
                ? entry.getPublishedDate().toInstant()
                : entry.getUpdatedDate() != null ? entry.getUpdatedDate().toInstant() : null;
        Instant published = sane(given, fetchedAt);
        Instant updated = entry.getUpdatedDate() == null
                ? published
                : sane(entry.getUpdatedDate().toInstant(), fetchedAt);
        // The id uses the date the feed gave, never the fetch time, or a date-less entry would get a new id each poll.
        boolean entitled = canonical != null && publisher.speaksFor(canonical);
        String id = articleId(
                canonical,
                canonical == null || entitled ? null : publisher.key() != null ? publisher.key() : "feed:" + feedUrl,
                entry.getUri(),
                feedUrl,
                given,
                title.isEmpty() ? summary : title);
        String domain = entitled ? UrlCanonicalizer.domainOf(canonical) : publisher.sourceDomain();
        if (domain == null) {
            domain = UrlCanonicalizer.domainOf(feedUrl);
        }
        return new RawArticle(
                id,
                1,
                canonical,
                feedId,
                feedUrl,
                domain,
                title,
                summary,
                sanitize(contentHtml.isEmpty() ? summaryHtml : contentHtml, link != null ? link : feedUrl),
                text,
                authors(entry),
                categories(entry),
                tags,
                language(feed, title + "\n" + text),
                published,
                updated,
                fetchedAt,
                sha256(title + "\n" + text).substring(0, 32));
    }

    /** The same article as a later revision (its content hash changed since the last one published). */
    public static RawArticle withRevision(RawArticle a, int revision) {
        return new RawArticle(
                a.id(),
                revision,
                a.url(),
                a.feedId(),
                a.feedUrl(),
                a.sourceDomain(),
                a.title(),
                a.summary(),
                a.contentHtml(),
                a.text(),
                a.authors(),
                a.categories(),
                a.tags(),
                a.language(),
                a.publishedAt(),
                a.updatedAt(),
                a.fetchedAt(),
                a.contentHash());
    }

    /** The id of an entry whose feed may speak for its link (see the six-argument form). */
    static String articleId(String canonicalUrl, String guid, String feedUrl, Instant published, String title) {
        return articleId(canonicalUrl, null, guid, feedUrl, published, title);
    }

    /**
     * The article id: a hash of the canonical URL, so the same article in two feeds of its outlet is one article;
     * when the feed may not speak for the link ({@code via} is then its outlet's key), of that key and the URL, so
     * another outlet's copy is an article of its own; for entries without a link, of the feed URL and GUID; without
     * either, of the feed URL with the entry's own date (null when it has none, never the fetch time) and title, so
     * that a link-less feed still gets stable ids.
     */
    static String articleId(
            String canonicalUrl, String via, String guid, String feedUrl, Instant published, String title) {
        String basis;
        if (canonicalUrl != null && via != null) {
            basis = "via:" + via + "|url:" + canonicalUrl;
        } else if (canonicalUrl != null) {
            basis = "url:" + canonicalUrl;
        } else if (guid != null && !guid.isBlank()) {
            basis = "guid:" + feedUrl + "#" + guid.trim();
        } else {
            basis = "entry:" + feedUrl + "#" + published + "#" + title;
        }
        return sha256(basis).substring(0, 32);
    }

    private static String contentHtml(SyndEntry entry) {
        StringBuilder sb = new StringBuilder();
        for (SyndContent c : entry.getContents()) {
            if (c.getValue() != null) {
                sb.append(repairC1(c.getValue()));
            }
        }
        return sb.toString();
    }

    private static final String WINDOWS_1252_C1 =
            "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f"
                    + "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

    /**
     * Replaces C1 control characters (U+0080..U+009F) by the Windows-1252 characters they stand for: feeds
     * labelled ISO-8859-1 are very often Windows-1252, and curly quotes would otherwise become invisible controls.
     */
    public static String repairC1(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && c <= 0x9f) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, WINDOWS_1252_C1.charAt(c - 0x80));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Atom {@code type="xhtml"} content without the {@code <div xmlns="http://www.w3.org/1999/xhtml">} wrapper Atom requires. */
    public static String unwrapXhtml(String v) {
        String t = v.trim();
        if (t.startsWith("<div") && t.endsWith("</div>") && t.indexOf('>') > 0) {
            String inner = t.substring(t.indexOf('>') + 1, t.length() - "</div>".length());
            return inner.trim();
        }
        return v;
    }

    /** HTML kept to a safe allowlist (jsoup's basic-with-images): no scripts, frames, styles or event handlers. */
    public static String sanitize(String html) {
        return sanitize(html, null);
    }

    /**
     * Like {@link #sanitize(String)}, with relative links and image sources made absolute against {@code baseUrl}
     * (without a base the allowlist would drop them, since it only keeps http(s) URLs).
     */
    public static String sanitize(String html, String baseUrl) {
        if (html == null) {
            return "";
        }
        return baseUrl == null
                ? Jsoup.clean(html, Safelist.basicWithImages())
                : Jsoup.clean(html, baseUrl, Safelist.basicWithImages());
    }

    private static final java.util.regex.Pattern URL_ATTRIBUTE =
            java.util.regex.Pattern.compile("(?i)\\b(href|src)\\s*=\\s*([\"'])(.*?)\\2");

    /** {@code html} with relative {@code href}/{@code src} values resolved against {@code baseUrl}, nothing else changed. */
    public static String absolutizeLinks(String html, String baseUrl) {
        if (html == null || baseUrl == null) {
            return html;
        }
        java.util.regex.Matcher m = URL_ATTRIBUTE.matcher(html);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String url = m.group(3).trim();
            String resolved =
                    url.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || url.startsWith("#") ? url : resolve(baseUrl, url);
            m.appendReplacement(
                    sb,
                    java.util.regex.Matcher.quoteReplacement(
                            m.group(1) + "=" + m.group(2) + (resolved == null ? url : resolved) + m.group(2)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Plain text of an HTML fragment, with paragraph breaks kept as blank lines for the sentence splitter. */
    static String plain(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document doc = Jsoup.parseBodyFragment(html);
        // appendText, not append(html): append parses its argument as an HTML fragment, once per element.
        for (Element block : doc.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote")) {
            block.appendText("\\n\\n");
        }
        for (Element br : doc.select("br")) {
            br.appendText("\\n");
        }
        return tidyLines(doc.text().replace("\\n", "\n")).trim();
    }

    /**
     * {@code s} without the spaces and tabs next to a line break and with runs of three or more line breaks cut to
     * two: what {@code replaceAll("[ \\t]*\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n")} gives, in one pass
     * (those two regexes were a fifth of the normalising cost per article).
     */
    static String tidyLines(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int newlines = 0; // line breaks at the end of out
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                int j = i;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                if (newlines == 0 && (j == n || s.charAt(j) != '\n')) {
                    out.append(s, i, j); // not next to a line break: kept
                    newlines = 0;
                }
                i = j;
            } else if (c == '\n') {
                if (newlines < 2) {
                    out.append('\n');
                }
                newlines++;
                i++;
            } else {
                out.append(c);
                newlines = 0;
                i++;
            }
        }
        return out.toString();
    }

    private static String resolve(String feedUrl, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            return URI.create(feedUrl).resolve(link.trim()).toString();
        } catch (IllegalArgumentException e) {
            return link.trim();
        }
    }

    private static Instant sane(Instant date, Instant fetchedAt) {
        if (date == null || date.isAfter(fetchedAt.plus(MAX_FUTURE_SKEW))) {
            return fetchedAt;
        }
        return date;
    }

    private static List<String> authors(SyndEntry entry) {
        List<String> names = new ArrayList<>();
        for (SyndPerson p : entry.getAuthors()) {
            if (p.getName() != null && !p.getName().isBlank()) {
                names.add(p.getName().trim());
            }
        }
        if (names.isEmpty() && entry.getAuthor() != null && !entry.getAuthor().isBlank()) {
            // RSS <author> is "email (Name)" by the spec; publish the name when there is one.
            Person person = Person.parse(entry.getAuthor());
            names.add(person.name() != null ? person.name() : person.email());
        }
        return names;
    }

    private static List<String> categories(SyndEntry entry) {
        List<String> names = new ArrayList<>();
        for (SyndCategory c : entry.getCategories()) {
            if (c.getName() != null && !c.getName().isBlank()) {
                names.add(c.getName().trim());
            }
        }
        return names;
    }

    /**
     * The feed's declared language (ISO 639-1), unless the article's text is clearly another language Redline tags
     * (a feed declares one language for all its items, often a CMS default); else the one detected from the text,
     * else "und".
     */
    static String language(SyndFeed feed, String text) {
        String lang = feed.getLanguage() == null ? "" : feed.getLanguage().trim();
        if (lang.length() >= 2 && Character.isLetter(lang.charAt(0)) && Character.isLetter(lang.charAt(1))) {
            String declared = lang.substring(0, 2).toLowerCase(Locale.ROOT);
            String seen = Languages.clearly(text);
            return seen != null ? seen : declared;
        }
        return LanguageDetection.detect(text);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
