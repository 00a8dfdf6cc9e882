package io.redline.ingest.normalize;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import io.redline.contracts.RawArticle;
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
import org.jsoup.safety.Safelist;

/** Turns a parsed feed entry into the {@link RawArticle} contract: ids, canonical URL, clean HTML and text. */
public final class ArticleNormalizer {

    /** Publication dates further in the future than this are treated as wrong and replaced by the fetch time. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    private ArticleNormalizer() {
    }

    /** Normalises one entry of {@code feed}, fetched from {@code feedUrl} at {@code fetchedAt}. */
    public static RawArticle normalize(SyndFeed feed, SyndEntry entry, String feedId, String feedUrl,
            List<String> tags, Instant fetchedAt) {
        String link = resolve(feedUrl, entry.getLink());
        String canonical = UrlCanonicalizer.canonicalize(link);
        String title = plain(entry.getTitle());
        String contentHtml = contentHtml(entry);
        String summaryHtml = entry.getDescription() == null ? "" : entry.getDescription().getValue();
        String text = plain(contentHtml.isEmpty() ? summaryHtml : contentHtml);
        String summary = plain(summaryHtml);
        Instant published = sane(entry.getPublishedDate() != null ? entry.getPublishedDate().toInstant()
                : entry.getUpdatedDate() != null ? entry.getUpdatedDate().toInstant() : null, fetchedAt);
        Instant updated = entry.getUpdatedDate() == null ? published : sane(entry.getUpdatedDate().toInstant(), fetchedAt);
        String id = articleId(canonical, entry.getUri(), feedUrl, published, title);
        String domain = UrlCanonicalizer.domainOf(canonical != null ? canonical : feedUrl);
        return new RawArticle(id, 1, canonical, feedId, feedUrl, domain, title, summary,
                Jsoup.clean(contentHtml.isEmpty() ? summaryHtml : contentHtml, Safelist.basicWithImages()),
                text, authors(entry), categories(entry), tags, language(feed), published, updated, fetchedAt,
                sha256(title + "\n" + text).substring(0, 32));
    }

    /**
     * The article id: a hash of the canonical URL; for entries without a link, of the GUID; without either,
     * of the feed URL with date and title, so that a link-less feed still gets stable ids.
     */
    static String articleId(String canonicalUrl, String guid, String feedUrl, Instant published, String title) {
        String basis;
        if (canonicalUrl != null) {
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
                sb.append(c.getValue());
            }
        }
        return sb.toString();
    }

    /** Plain text of an HTML fragment, with paragraph breaks kept as blank lines for the sentence splitter. */
    static String plain(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote").append("\\n\\n");
        doc.select("br").append("\\n");
        String text = doc.text().replace("\\n", "\n");
        return text.replaceAll("[ \\t]*\n[ \\t]*", "\n").replaceAll("\n{3,}", "\n\n").trim();
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
            names.add(entry.getAuthor().trim());
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

    private static String language(SyndFeed feed) {
        String lang = feed.getLanguage();
        if (lang == null || lang.length() < 2) {
            return "und";
        }
        return lang.substring(0, 2).toLowerCase(Locale.ROOT);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
