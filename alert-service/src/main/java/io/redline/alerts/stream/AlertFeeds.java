package io.redline.alerts.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.Signal;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders a subscription's latest alerts as a JSON Feed 1.1 or an RSS 2.0 document; every piece of alert text is
 * untrusted (it comes from articles), so it only ever goes through Jackson or an XML writer that escape it.
 */
final class AlertFeeds {

    static final String JSON_FEED = "application/feed+json";
    static final String RSS = "application/rss+xml";

    /** Signals written per item: enough to judge the alert, as the push channels show. */
    private static final int MAX_SIGNALS = 5;

    private static final int MAX_HIGHLIGHTS = 3;
    private static final int MAX_EVIDENCE_CHARS = 500;
    private static final Pattern EM = Pattern.compile("</?em>", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * What a feed is about.
     *
     * @param subscriptionId the subscription
     * @param name           its name
     * @param selfUrl        the URL the feed was requested at
     * @param subscriptionUrl the subscription in the API, the feed's "home page"
     */
    record FeedInfo(String subscriptionId, String name, String selfUrl, String subscriptionUrl) {}

    private AlertFeeds() {}

    /** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): newest first, as {@link AlertLog#recent} returns them. */
    static String jsonFeed(ObjectMapper mapper, FeedInfo info, List<LoggedAlert> alerts) {
        ObjectNode feed = mapper.createObjectNode();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", feedTitle(info));
        feed.put("home_page_url", info.subscriptionUrl());
        feed.put("feed_url", info.selfUrl());
        feed.put("description", description(info));
        ArrayNode items = feed.putArray("items");
        for (LoggedAlert logged : alerts) {
            Alert a = logged.alert();
            ObjectNode item = items.addObject();
            item.put("id", a.id());
            String url = articleUrl(a);
            if (url != null) {
                item.put("url", url);
            }
            item.put("title", title(a));
            item.put("content_text", contentText(a));
            if (a.article() != null && !blank(a.article().summary())) {
                item.put("summary", a.article().summary().strip());
            }
            item.put("date_published", logged.dispatchedAt().toString());
            ArrayNode tags = item.putArray("tags");
            tags(a).forEach(tags::add);
            // JSON Feed extensions start with "_": the machine-readable fields for readers that want to filter.
            ObjectNode ext = item.putObject("_redline");
            ext.put("subscriptionId", a.subscriptionId());
            ext.put("kind", a.kind());
            ext.put("level", a.level() == null ? null : a.level().name());
            ext.put("score", a.score());
            ext.put("storyId", a.storyId());
            ext.put("cursor", logged.cursor());
        }
        try {
            return mapper.writeValueAsString(feed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write feed", e);
        }
    }

    /** RSS 2.0, with an atom:link to itself as the RSS Advisory Board recommends. */
    static String rss(FeedInfo info, List<LoggedAlert> alerts, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("rss");
            x.writeAttribute("version", "2.0");
            x.writeNamespace("atom", "http://www.w3.org/2005/Atom");
            x.writeStartElement("channel");
            text(x, "title", feedTitle(info));
            text(x, "link", info.subscriptionUrl());
            text(x, "description", description(info));
            x.writeEmptyElement("atom", "link", "http://www.w3.org/2005/Atom");
            x.writeAttribute("href", xmlSafe(info.selfUrl()));
            x.writeAttribute("rel", "self");
            x.writeAttribute("type", RSS);
            text(
                    x,
                    "lastBuildDate",
                    RFC_822.format(alerts.isEmpty() ? now : alerts.get(0).dispatchedAt()));
            for (LoggedAlert logged : alerts) {
                Alert a = logged.alert();
                x.writeStartElement("item");
                text(x, "title", title(a));
                String url = articleUrl(a);
                if (url != null) {
                    text(x, "link", url);
                }
                // RSS descriptions are HTML: the fragment is built escaped, then the XML writer escapes it again.
                text(x, "description", html(a));
                x.writeStartElement("guid");
                x.writeAttribute("isPermaLink", "false");
                x.writeCharacters(xmlSafe(a.id()));
                x.writeEndElement();
                text(x, "pubDate", RFC_822.format(logged.dispatchedAt()));
                for (String tag : tags(a)) {
                    text(x, "category", tag);
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write RSS", e);
        }
        return out.toString();
    }

    private static void text(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeStartElement(element);
        x.writeCharacters(xmlSafe(value == null ? "" : value));
        x.writeEndElement();
    }

    private static String feedTitle(FeedInfo info) {
        return "Redline alerts: "
                + (blank(info.name()) ? info.subscriptionId() : info.name().strip());
    }

    private static String description(FeedInfo info) {
        return "Alerts dispatched for the Redline subscription " + info.subscriptionId() + ", newest first.";
    }

    /** "HIGH: title", or "HIGH (up from ELEVATED): title" for an update. */
    static String title(Alert a) {
        String title = a.article() == null || blank(a.article().title())
                ? "(untitled article)"
                : a.article().title().strip();
        return levelLine(a) + ": " + title;
    }

    private static String levelLine(Alert a) {
        String level = a.level() == null ? "UNKNOWN" : a.level().name();
        if ("update".equalsIgnoreCase(a.kind()) && a.previousLevel() != null) {
            return level + " (up from " + a.previousLevel().name() + ")";
        }
        return level;
    }

    /** Plain text: level, score, source, signals with their evidence, matched passages, links. */
    static String contentText(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append("Level: ").append(levelLine(a)).append('\n');
        b.append("Score: ").append(a.score()).append("/100\n");
        AlertArticle art = a.article();
        if (art != null) {
            b.append("Source: ").append(nullToEmpty(art.sourceDomain()));
            if (art.publishedAt() != null) {
                b.append(", published ").append(art.publishedAt());
            }
            b.append('\n');
        }
        List<Signal> signals =
                a.signals().subList(0, Math.min(MAX_SIGNALS, a.signals().size()));
        if (!signals.isEmpty()) {
            b.append("\nSignals:\n");
            for (Signal s : signals) {
                b.append("- ").append(signalLine(s));
                String evidence = evidence(s);
                if (!evidence.isEmpty()) {
                    b.append(": \"").append(evidence).append('"');
                }
                b.append('\n');
            }
            if (a.signals().size() > signals.size()) {
                b.append("- and ").append(a.signals().size() - signals.size()).append(" more\n");
            }
        }
        List<String> highlights = highlights(a);
        if (!highlights.isEmpty()) {
            b.append("\nMatched:\n");
            highlights.forEach(h -> b.append("- ").append(h).append('\n'));
        }
        if (!blank(a.storyLink())) {
            b.append("\nStory: ").append(a.storyLink().strip()).append('\n');
        }
        return b.toString().strip();
    }

    /** The same content as an escaped HTML fragment, for RSS readers. */
    static String html(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append("<p><b>")
                .append(escapeHtml(levelLine(a)))
                .append("</b>, score ")
                .append(a.score())
                .append("/100");
        if (a.article() != null && !blank(a.article().sourceDomain())) {
            b.append(", ").append(escapeHtml(a.article().sourceDomain().strip()));
        }
        b.append("</p>");
        List<Signal> signals =
                a.signals().subList(0, Math.min(MAX_SIGNALS, a.signals().size()));
        if (!signals.isEmpty()) {
            b.append("<ul>");
            for (Signal s : signals) {
                b.append("<li>").append(escapeHtml(signalLine(s)));
                String evidence = evidence(s);
                if (!evidence.isEmpty()) {
                    b.append(": <q>").append(escapeHtml(evidence)).append("</q>");
                }
                b.append("</li>");
            }
            b.append("</ul>");
        }
        for (String h : highlights(a)) {
            b.append("<blockquote>").append(escapeHtml(h)).append("</blockquote>");
        }
        return b.toString();
    }

    /** "Red line (asserted)" or "Weapons supply (reported by Peskov)". */
    private static String signalLine(Signal s) {
        String type =
                s.type() == null ? "Signal" : s.type().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        type = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        String modality = s.modality() == null ? "unknown" : s.modality().name().toLowerCase(Locale.ROOT);
        if (!blank(s.speaker()) && "reported".equals(modality)) {
            modality += " by " + s.speaker().strip();
        }
        return type + " (" + modality + ")";
    }

    private static String evidence(Signal s) {
        if (s.evidence() == null || blank(s.evidence().sentence())) {
            return "";
        }
        String sentence = s.evidence().sentence().strip();
        return sentence.length() <= MAX_EVIDENCE_CHARS
                ? sentence
                : sentence.substring(0, MAX_EVIDENCE_CHARS - 1).stripTrailing() + "…";
    }

    /** Highlight passages without their {@code <em>} markers (plain text everywhere here). */
    private static List<String> highlights(Alert a) {
        return a.highlights().stream()
                .filter(h -> !blank(h))
                .limit(MAX_HIGHLIGHTS)
                .map(h -> EM.matcher(h).replaceAll("").strip())
                .toList();
    }

    /** Level, kind, signal types and the article's tags, each once. */
    static List<String> tags(Alert a) {
        Set<String> tags = new LinkedHashSet<>();
        if (a.level() != null) {
            tags.add(a.level().name());
        }
        if (!blank(a.kind())) {
            tags.add(a.kind());
        }
        for (Signal s : a.signals()) {
            if (s.type() != null) {
                tags.add(s.type().name());
            }
        }
        if (a.article() != null) {
            a.article().tags().stream()
                    .filter(t -> !blank(t))
                    .map(String::strip)
                    .forEach(tags::add);
        }
        return List.copyOf(tags);
    }

    /** The article URL when a reader may open it: http(s) only, never javascript: or data:. */
    static String articleUrl(Alert a) {
        String url = a.article() == null ? null : a.article().url();
        if (blank(url)) {
            return null;
        }
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url.strip() : null;
    }

    static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Drops the characters XML 1.0 cannot carry at all (control characters, lone surrogates): no escape exists. */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok && b == null) {
                b = new StringBuilder(s.length());
                b.append(s, 0, i);
            } else if (ok && b != null) {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
