package io.redline.ingest.corpus;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.normalize.Person;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Presents a Rome feed under feedparser's key names, so an {@code Expect:} path can be looked up; a key absent
 * from the view means "Rome's model has no such field" and makes the check not applicable.
 */
final class FeedView {

    private FeedView() {}

    /** The {@code feed} dict of a parsed feed; relative links are resolved against {@code baseUrl}. */
    static Map<String, Object> feed(SyndFeed f, String baseUrl) {
        boolean atom = f.getFeedType() != null && f.getFeedType().startsWith("atom");
        Map<String, Object> m = new HashMap<>();
        DEFAULT_TYPE.set(atom ? "text/plain" : "text/html");
        BASE.set(baseUrl);
        text(m, "title", f.getTitleEx() != null ? f.getTitleEx() : content(f.getTitle()));
        m.put("link", resolve(baseUrl, f.getLink()));
        m.put("links", links(f.getLinks(), baseUrl));
        SyndContent description = f.getDescriptionEx() != null ? f.getDescriptionEx() : content(f.getDescription());
        // Atom 0.3's <info> has no place in Rome's SyndFeed, so "info" stays unmapped (not applicable).
        for (String key : List.of("subtitle", "tagline", "description")) {
            text(m, key, description);
        }
        m.put("language", f.getLanguage());
        for (String key : List.of("copyright", "rights")) {
            text(m, key, content(f.getCopyright()));
        }
        people(m, f.getAuthors(), f.getAuthor(), baseUrl);
        m.put("contributors", persons(f.getContributors(), baseUrl));
        m.put("id", f.getUri());
        m.put("guid", f.getUri());
        m.put("updated_parsed", tuple(f.getPublishedDate()));
        m.put("published_parsed", tuple(f.getPublishedDate()));
        m.put("modified_parsed", tuple(f.getPublishedDate()));
        m.put("generator", f.getGenerator());
        m.put("docs", f.getDocs());
        m.put("tags", tags(f.getCategories()));
        m.put(
                "category",
                f.getCategories().isEmpty() ? null : f.getCategories().get(0).getName());
        return m;
    }

    /** The {@code entries[i]} dict of an entry. */
    static Map<String, Object> entry(SyndEntry e, String baseUrl) {
        BASE.set(baseUrl);
        Map<String, Object> m = new HashMap<>();
        text(m, "title", e.getTitleEx() != null ? e.getTitleEx() : content(e.getTitle()));
        m.put("link", resolve(baseUrl, e.getLink()));
        m.put("links", links(e.getLinks(), baseUrl));
        m.put("id", e.getUri());
        m.put("guid", e.getUri());
        // feedparser falls back to the content for the summary when an entry has none.
        List<SyndContent> bodies = e.getContents();
        SyndContent summary = e.getDescription() != null ? e.getDescription() : bodies.isEmpty() ? null : bodies.get(0);
        text(m, "summary", summary);
        text(m, "description", summary);
        List<Object> contents = new ArrayList<>();
        for (SyndContent c : bodies) {
            contents.add(detail(c));
        }
        m.put("content", contents);
        people(m, e.getAuthors(), e.getAuthor(), baseUrl);
        m.put("contributors", persons(e.getContributors(), baseUrl));
        m.put("tags", tags(e.getCategories()));
        m.put(
                "category",
                e.getCategories().isEmpty() ? null : e.getCategories().get(0).getName());
        Date published = e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate();
        Date updated = e.getUpdatedDate() != null ? e.getUpdatedDate() : e.getPublishedDate();
        m.put("published_parsed", tuple(published));
        m.put("issued_parsed", tuple(published));
        m.put("updated_parsed", tuple(updated));
        m.put("modified_parsed", tuple(updated));
        m.put("comments", e.getComments());
        List<Object> enclosures = new ArrayList<>();
        for (SyndEnclosure en : e.getEnclosures()) {
            Map<String, Object> d = new HashMap<>();
            d.put("href", resolve(baseUrl, en.getUrl()));
            d.put("url", resolve(baseUrl, en.getUrl()));
            d.put("length", en.getLength() == 0 ? null : Long.toString(en.getLength()));
            d.put("type", en.getType());
            enclosures.add(d);
        }
        m.put("enclosures", enclosures);
        if (e.getSource() != null) {
            m.put("source", feed(e.getSource(), baseUrl));
        }
        return m;
    }

    private static SyndContent content(String value) {
        if (value == null) {
            return null;
        }
        com.rometools.rome.feed.synd.SyndContentImpl c = new com.rometools.rome.feed.synd.SyndContentImpl();
        c.setValue(value);
        return c;
    }

    /** feedparser's type for content without one: Atom's default is text, RSS carries HTML. */
    private static final ThreadLocal<String> DEFAULT_TYPE = ThreadLocal.withInitial(() -> "text/html");
    /** The document URL of HTTP cases, against which Redline makes links in HTML absolute. */
    private static final ThreadLocal<String> BASE = new ThreadLocal<>();

    private static void text(Map<String, Object> m, String key, SyndContent c) {
        Map<String, Object> d = c == null ? null : detail(c);
        m.put(key, d == null ? null : d.get("value"));
        m.put(key + "_detail", d);
    }

    private static Map<String, Object> detail(SyndContent c) {
        Map<String, Object> d = new HashMap<>();
        d.put("value", value(c));
        d.put("type", mime(c.getType()));
        return d;
    }

    /**
     * The value as Redline reads it: C1 control characters repaired as Windows-1252 (see
     * {@link ArticleNormalizer#repairC1}); Atom xhtml content without its wrapping div.
     */
    private static String value(SyndContent c) {
        String v = ArticleNormalizer.repairC1(c.getValue());
        if (v == null) {
            return null;
        }
        v = ArticleNormalizer.absolutizeLinks(v, BASE.get());
        if ("xhtml".equals(c.getType())) {
            return ArticleNormalizer.unwrapXhtml(v);
        }
        return v.replace("<div xmlns=\"http://www.w3.org/1999/xhtml\">", "<div>");
    }

    private static String mime(String type) {
        if (type == null) {
            return DEFAULT_TYPE.get();
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "text" -> "text/plain";
            case "html" -> "text/html";
            case "xhtml" -> "application/xhtml+xml";
            default -> type;
        };
    }

    private static void people(Map<String, Object> m, List<SyndPerson> people, String author, String baseUrl) {
        List<Object> list = persons(people, baseUrl);
        boolean structured = !list.isEmpty();
        if (list.isEmpty() && author != null) {
            Person person = Person.parse(author);
            Map<String, Object> d = new HashMap<>();
            d.put("name", person.name());
            d.put("email", person.email());
            d.put("href", null);
            d.put("url", null);
            list.add(d);
        }
        m.put("authors", list);
        Object first = list.isEmpty() ? null : list.get(0);
        m.put("author_detail", first);
        String name = !structured ? author : (String) ((Map<?, ?>) first).get("name");
        m.put("author", name != null ? name : author);
    }

    private static List<Object> persons(List<SyndPerson> people, String baseUrl) {
        List<Object> list = new ArrayList<>();
        for (SyndPerson p : people) {
            Map<String, Object> d = new HashMap<>();
            d.put("name", p.getName());
            d.put("email", p.getEmail());
            d.put("href", resolve(baseUrl, p.getUri()));
            d.put("url", resolve(baseUrl, p.getUri()));
            list.add(d);
        }
        return list;
    }

    private static List<Object> links(List<SyndLink> links, String baseUrl) {
        List<Object> list = new ArrayList<>();
        for (SyndLink l : links) {
            Map<String, Object> d = new HashMap<>();
            d.put("href", resolve(baseUrl, l.getHref()));
            d.put("rel", l.getRel() == null ? "alternate" : l.getRel());
            d.put("type", l.getType());
            d.put("title", l.getTitle());
            list.add(d);
        }
        return list;
    }

    private static List<Object> tags(List<SyndCategory> categories) {
        List<Object> list = new ArrayList<>();
        for (SyndCategory c : categories) {
            Map<String, Object> d = new HashMap<>();
            d.put("term", c.getName());
            d.put("scheme", c.getTaxonomyUri());
            d.put("label", null);
            list.add(d);
        }
        return list;
    }

    static String resolve(String base, String link) {
        if (link == null || base == null) {
            return link;
        }
        try {
            return URI.create(base).resolve(link.trim()).toString();
        } catch (IllegalArgumentException e) {
            return link;
        }
    }

    /** Python's {@code time.struct_time} in UTC as feedparser compares it: 9 numbers, weekday Monday=0. */
    static List<Object> tuple(Date date) {
        if (date == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
        return List.of(
                (long) t.getYear(),
                (long) t.getMonthValue(),
                (long) t.getDayOfMonth(),
                (long) t.getHour(),
                (long) t.getMinute(),
                (long) t.getSecond(),
                (long) (t.getDayOfWeek().getValue() - 1),
                (long) t.getDayOfYear(),
                0L);
    }
}
