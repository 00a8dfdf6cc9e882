package io.redline.ingest.parse;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.DateParser;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Rome's secure {@link WireFeedInput} (DOCTYPEs refused) that repairs the document before Rome maps it: every date
 * element Rome cannot read but {@link FeedDates} can becomes ISO 8601 UTC, and an RSS item's full-text
 * {@code <body>} or {@code <fullitem>} (which Rome drops) becomes its {@code content:encoded}; so such dates and
 * bodies are kept instead of lost.
 */
final class RepairingInput extends WireFeedInput {

    private static final Namespace CONTENT = Namespace.getNamespace("content", "http://purl.org/rss/1.0/modules/content/");

    private static final Set<String> DATE_ELEMENTS = Set.of("pubdate", "lastbuilddate", "date", "updated",
            "published", "issued", "modified", "created");

    RepairingInput() {
        // Rome refuses DOCTYPE declarations unless told otherwise: that is what keeps XXE and entity expansion
        // (billion laughs) out. Set explicitly so nobody flips it by accident.
        setAllowDoctypes(false);
    }

    @Override
    public WireFeed build(Document document) throws IllegalArgumentException, FeedException {
        if (document.hasRootElement()) {
            repair(document.getRootElement(), 0);
        }
        return super.build(document);
    }

    /** Moves an item's {@code <body>} (markup) or {@code <fullitem>} (escaped HTML) into {@code content:encoded}. */
    private static void fullText(Element item) {
        for (Element child : item.getChildren()) {
            String name = child.getName();
            String html = null;
            if (name.equals("body") && (child.getNamespace() == Namespace.NO_NAMESPACE
                    || child.getNamespaceURI().equals("http://www.w3.org/1999/xhtml"))) {
                html = new XMLOutputter(Format.getRawFormat()).outputString(child.getContent())
                        .replace(" xmlns=\"http://www.w3.org/1999/xhtml\"", "");
            } else if (name.equals("fullitem") && child.getNamespace() == item.getNamespace()) {
                html = child.getText();
            }
            if (html != null) {
                item.addContent(new Element("encoded", CONTENT).setText(html.trim()));
                return;
            }
        }
    }

    private static void repair(Element element, int depth) {
        if (depth > 8) {
            return; // dates live near the top of a feed; deep trees are content, not metadata
        }
        if (element.getName().equals("item") && element.getChild("encoded", CONTENT) == null) {
            fullText(element);
        }
        for (Element child : element.getChildren()) {
            if (DATE_ELEMENTS.contains(child.getName().toLowerCase(Locale.ROOT)) && child.getChildren().isEmpty()) {
                String text = child.getTextTrim();
                if (!text.isEmpty() && DateParser.parseDate(text, Locale.US) == null) {
                    Instant fixed = FeedDates.fallback(text.replaceAll("\\s+", " "));
                    if (fixed != null) {
                        child.setText(fixed.toString());
                    }
                }
            } else {
                repair(child, depth + 1);
            }
        }
    }
}
