package io.redline.ingest.registry;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reads and writes OPML subscription lists: nested outlines become tags on import (a folder's title tags
 * every feed inside it, as does each segment of an outline's {@code category}); export nests each feed under
 * its first tag and lists all its tags in {@code category}, so an export imports back to the same registry. A
 * feed's declared outlet travels in an {@code outlet} attribute of its outline (OPML allows attributes of one's own;
 * readers that do not know it ignore it).
 */
public final class Opml {

    /**
     * A feed found in an OPML document, before validation.
     *
     * @param outlet the outlet domain the feed is declared to speak for (its {@code outlet} attribute), or null
     */
    public record Outline(String url, String title, List<String> tags, String language, String outlet) {

        /** An outline without a declared outlet. */
        public Outline(String url, String title, List<String> tags, String language) {
            this(url, title, tags, language, null);
        }
    }

    /** Refuses documents with more feeds than this: an OPML file is a list a person keeps, not a dump. */
    public static final int MAX_OUTLINES = 10_000;

    private static final int MAX_DEPTH = 32;

    private Opml() {}

    /** The feed outlines of {@code opml}, in document order; DOCTYPEs are refused (no XXE, no entity expansion). */
    public static List<Outline> parse(byte[] opml) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        List<Outline> out = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>();
        Deque<Boolean> isFolder = new ArrayDeque<>();
        boolean sawOpml = false;
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(opml));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new RegistryException(400, "opml", "OPML with a DOCTYPE is refused");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("opml")) {
                        sawOpml = true;
                    } else if (name.equals("outline")) {
                        if (isFolder.size() >= MAX_DEPTH) {
                            throw new RegistryException(400, "opml", "outlines nested deeper than " + MAX_DEPTH);
                        }
                        String url = attr(r, "xmlUrl");
                        String title = attr(r, "title") != null ? attr(r, "title") : attr(r, "text");
                        if (url == null) {
                            isFolder.push(true);
                            folders.push(title == null ? "" : title.strip());
                        } else {
                            isFolder.push(false);
                            if (title != null && title.strip().equals(url.trim())) {
                                title = null; // write() puts the URL in text when a feed has no title
                            }
                            if (out.size() >= MAX_OUTLINES) {
                                throw new RegistryException(
                                        413, "opml", "more than " + MAX_OUTLINES + " feeds in one OPML document");
                            }
                            LinkedHashSet<String> tags = new LinkedHashSet<>();
                            List<String> path = new ArrayList<>(folders);
                            java.util.Collections.reverse(path);
                            path.stream().filter(t -> !t.isEmpty()).forEach(tags::add);
                            String category = attr(r, "category");
                            if (category != null) {
                                for (String c : category.split(",")) {
                                    for (String segment : c.split("/")) {
                                        if (!segment.isBlank()) {
                                            tags.add(segment.strip());
                                        }
                                    }
                                }
                            }
                            out.add(new Outline(
                                    url.trim(), title, new ArrayList<>(tags), attr(r, "language"), attr(r, "outlet")));
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT
                        && r.getLocalName().equals("outline")) {
                    if (!isFolder.isEmpty() && isFolder.pop()) {
                        folders.pop();
                    }
                }
            }
        } catch (XMLStreamException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("DOCTYPE") || message.contains("DTD")) {
                throw new RegistryException(400, "opml", "OPML with a DOCTYPE is refused");
            }
            throw new RegistryException(400, "opml", "not well-formed XML: " + firstLine(message));
        }
        if (!sawOpml) {
            throw new RegistryException(400, "opml", "not an OPML document (no <opml> element)");
        }
        return out;
    }

    /** An OPML 2.0 document listing {@code feeds}, grouped under their first tag. */
    public static String write(List<FeedDefinition> feeds, Instant now) {
        Map<String, List<FeedDefinition>> byFolder = new LinkedHashMap<>();
        for (FeedDefinition f : feeds) {
            byFolder.computeIfAbsent(f.tags().isEmpty() ? "" : f.tags().get(0), k -> new ArrayList<>())
                    .add(f);
        }
        try {
            StringWriter sw = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("opml");
            w.writeAttribute("version", "2.0");
            w.writeStartElement("head");
            w.writeStartElement("title");
            w.writeCharacters("Redline feeds");
            w.writeEndElement();
            w.writeStartElement("dateCreated");
            w.writeCharacters(DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
            w.writeEndElement();
            w.writeEndElement();
            w.writeStartElement("body");
            for (Map.Entry<String, List<FeedDefinition>> folder : byFolder.entrySet()) {
                boolean nested = !folder.getKey().isEmpty();
                if (nested) {
                    w.writeStartElement("outline");
                    w.writeAttribute("text", folder.getKey());
                    w.writeAttribute("title", folder.getKey());
                }
                for (FeedDefinition f : folder.getValue()) {
                    w.writeEmptyElement("outline");
                    w.writeAttribute("type", "rss");
                    w.writeAttribute("text", f.title() == null ? f.url() : f.title());
                    if (f.title() != null) {
                        w.writeAttribute("title", f.title());
                    }
                    w.writeAttribute("xmlUrl", f.url());
                    if (!f.tags().isEmpty()) {
                        w.writeAttribute(
                                "category",
                                String.join(
                                        ",",
                                        f.tags().stream()
                                                .map(t -> "/" + t.replace(",", " "))
                                                .toList()));
                    }
                    if (f.language() != null) {
                        w.writeAttribute("language", f.language());
                    }
                    if (f.outlet() != null) {
                        // Without it an export imported elsewhere would count the feed's articles as its host's.
                        w.writeAttribute("outlet", f.outlet());
                    }
                }
                if (nested) {
                    w.writeEndElement();
                }
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return sw.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write OPML", e);
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equalsIgnoreCase(name)) {
                String v = r.getAttributeValue(i);
                return v == null || v.isBlank() ? null : v;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
