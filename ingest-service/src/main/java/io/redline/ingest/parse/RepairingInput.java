package io.redline.ingest.parse;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.DateParser;
import java.io.BufferedReader;
import java.io.Reader;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Rome's secure {@link WireFeedInput} (DOCTYPEs refused) that repairs the document before Rome maps it: every date
 * element Rome cannot read but {@link FeedDates} can becomes ISO 8601 UTC, and an RSS item's full-text
 * {@code <body>} or {@code <fullitem>} (which Rome drops) becomes its {@code content:encoded}; so such dates and
 * bodies are kept instead of lost. Entries past {@link #MAX_ENTRIES} are dropped while parsing.
 */
final class RepairingInput extends WireFeedInput {

    private static final Namespace CONTENT =
            Namespace.getNamespace("content", "http://purl.org/rss/1.0/modules/content/");

    private static final Set<String> DATE_ELEMENTS =
            Set.of("pubdate", "lastbuilddate", "date", "updated", "published", "issued", "modified", "created");

    /**
     * Entries kept per feed. Rome allocates about 3 KB building, and keeps about 0.5 KB, per entry however small its
     * XML: 100,000 {@code <item/>}s (700 KB) cost 385 MB of allocation and 56 MB of live heap, so the 1.5 million
     * empty items that fit the 10 MiB body cap would keep about 0.8 GB live. Real feeds carry tens to a few
     * thousand entries; feeds list the newest first, so the dropped ones are the oldest.
     */
    static final int MAX_ENTRIES = 10_000;

    RepairingInput() {
        // Rome refuses DOCTYPE declarations unless told otherwise: that is what keeps XXE and entity expansion
        // (billion laughs) out. Set explicitly so nobody flips it by accident.
        setAllowDoctypes(false);
    }

    @Override
    public WireFeed build(Reader reader) throws IllegalArgumentException, FeedException {
        // Rome's XML healer reads one character at a time; from an unbuffered reader each such read allocates
        // (40-60 bytes a character in the JDK's decoder: 420 MB for a 5 MB text node, 85 MB once buffered).
        return super.build(reader instanceof BufferedReader ? reader : new BufferedReader(reader));
    }

    @Override
    protected SAXBuilder createSAXBuilder() {
        SAXBuilder builder = super.createSAXBuilder();
        builder.setXMLFilter(new EntryLimit(MAX_ENTRIES));
        return builder;
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
            if (name.equals("body")
                    && (child.getNamespace() == Namespace.NO_NAMESPACE
                            || child.getNamespaceURI().equals("http://www.w3.org/1999/xhtml"))) {
                html = new XMLOutputter(Format.getRawFormat())
                        .outputString(child.getContent())
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
            if (DATE_ELEMENTS.contains(child.getName().toLowerCase(Locale.ROOT))
                    && child.getChildren().isEmpty()) {
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

    /**
     * Drops the entries (RSS {@code item}, Atom {@code entry}) after the first {@code max} as the parser streams
     * them, so no DOM node or Rome object is ever built for them.
     */
    static final class EntryLimit extends XMLFilterImpl {
        private final int max;
        private int depth;
        private int entries;
        /** Depth of the entry being dropped, 0 when none is. */
        private int dropping;

        EntryLimit(int max) {
            this.max = max;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            depth++;
            String name = localName == null || localName.isEmpty() ? qName : localName;
            // Entries sit at depth 2 (Atom feed/entry, RSS 1.0 rdf:RDF/item) or 3 (RSS rss/channel/item).
            if (dropping == 0 && depth <= 3 && (name.equals("item") || name.equals("entry")) && ++entries > max) {
                dropping = depth;
            }
            if (dropping == 0) {
                super.startElement(uri, localName, qName, atts);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (dropping == 0) {
                super.endElement(uri, localName, qName);
            } else if (dropping == depth) {
                dropping = 0;
            }
            depth--;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (dropping == 0) {
                super.characters(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (dropping == 0) {
                super.ignorableWhitespace(ch, start, length);
            }
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            if (dropping == 0) {
                super.processingInstruction(target, data);
            }
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            if (dropping == 0) {
                super.skippedEntity(name);
            }
        }
    }
}
