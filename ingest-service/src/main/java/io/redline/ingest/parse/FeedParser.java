package io.redline.ingest.parse;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.Atom10Parser;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a fetched body into a Rome {@link SyndFeed}, with DOCTYPEs refused and a documented charset policy.
 *
 * <p>Charset policy, in order: (1) a charset named in the {@code Content-Type} wins (RFC 3023, Rome's
 * {@link XmlReader} in strict mode), with the spaces and quotes servers add removed and an unknown name ignored;
 * (2) otherwise a byte-order mark, then the XML prolog's {@code encoding}, then UTF-8 (Rome's lenient mode,
 * ignoring RFC 3023's us-ascii default for {@code text/*}, which real feeds contradict); (3) when those bytes are not valid in the chosen charset (a feed labelled UTF-8 but written in
 * Windows-1252, the commonest mislabel), it is decoded as UTF-8 where valid and byte by byte as Windows-1252
 * where not, and parsed from characters so the wrong label is ignored; also when the charset was UTF-8 but
 * the bytes are not, since the JDK's decoder would otherwise silently replace them with U+FFFD.
 */
public final class FeedParser {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    static {
        // Atom relative links are resolved against xml:base by Rome itself; RSS links against the feed URL by
        // the normaliser.
        Atom10Parser.setResolveURIs(true);
    }

    private FeedParser() {}

    /** A parsed feed and the charset its bytes were read with. */
    public record Parsed(SyndFeed feed, String charset) {}

    /** Parses {@code body} served with {@code contentType} (may be null). */
    public static SyndFeed parse(byte[] body, String contentType) throws FeedParseException {
        return parseWithCharset(body, contentType).feed();
    }

    /** Parses {@code body} served with {@code contentType} (may be null), reporting the charset used. */
    public static Parsed parseWithCharset(byte[] body, String contentType) throws FeedParseException {
        if (body == null || body.length == 0) {
            throw new FeedParseException("empty body", null, null);
        }
        if (looksLikeHtml(body)) {
            throw new FeedParseException("HTML page, not a feed", null, null);
        }
        contentType = normalizeContentType(contentType);
        try {
            XmlReader reader = reader(body, contentType);
            if (reader.getEncoding().equalsIgnoreCase("UTF-8") && !isValidUtf8(body)) {
                // The JDK's UTF-8 reader would silently turn every stray byte into U+FFFD.
                return new Parsed(
                        input().build(new StringReader(stripProlog(decodeUtf8Leniently(body)))),
                        "UTF-8 (invalid bytes read as windows-1252)");
            }
            return new Parsed(input().build(reader), reader.getEncoding());
        } catch (Exception first) {
            SyndFeed empty = channelless(body, contentType, first);
            if (empty != null) {
                return new Parsed(empty, empty.getEncoding());
            }
            String reason = reasonOf(first);
            if (!reason.equals("invalid characters for the declared charset")) {
                throw new FeedParseException(reason, message(first), first);
            }
            // Mislabelled: UTF-8 where valid, Windows-1252 byte by byte where not.
            try {
                return new Parsed(
                        input().build(new StringReader(stripProlog(decodeUtf8Leniently(body)))),
                        "UTF-8 (invalid bytes read as windows-1252)");
            } catch (Exception second) {
                throw new FeedParseException(reasonOf(second), message(second), second);
            }
        }
    }

    private static final Pattern RSS_ROOT = Pattern.compile("<rss\\b([^>]*?\\bversion\\s*=\\s*[\"']([0-9.]+)[\"'])?");

    /**
     * An {@code <rss>} document without a {@code <channel>} is an empty feed, not an error (Rome throws a
     * NullPointerException on it): return it as such so that it counts as parsed with no entries.
     */
    private static SyndFeed channelless(byte[] body, String contentType, Exception failure) {
        Throwable t = failure;
        boolean npe = false;
        while (t != null) {
            npe |= t instanceof NullPointerException
                    && String.valueOf(t.getMessage()).contains("eChannel");
            t = t.getCause();
        }
        if (!npe) {
            return null;
        }
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            char[] head = new char[4096];
            int n = reader.read(head);
            Matcher m = RSS_ROOT.matcher(new String(head, 0, Math.max(n, 0)));
            if (!m.find()) {
                return null;
            }
            SyndFeedImpl feed = new SyndFeedImpl();
            String version = m.group(2) == null ? "2.0" : m.group(2);
            feed.setFeedType("rss_" + (version.equals("0.91") ? "0.91U" : version));
            feed.setEncoding(reader.getEncoding());
            return feed;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * With an explicit charset in the Content-Type, RFC 3023 strictly (the header wins over the prolog); without
     * one, Rome's lenient mode (BOM, then prolog, then UTF-8), because the RFC's us-ascii default for text/*
     * types is wrong for most real feeds served as plain {@code text/xml}.
     */
    private static XmlReader reader(byte[] body, String contentType) throws java.io.IOException {
        if (contentType != null && contentType.contains("charset=")) {
            try {
                return new XmlReader(new ByteArrayInputStream(body), contentType, false);
            } catch (com.rometools.rome.io.XmlReaderException e) {
                // BOM and header disagree: fall through to the lenient guess
            }
        }
        return new XmlReader(new ByteArrayInputStream(body), contentType, true);
    }

    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)charset\\s*=\\s*[\"']?\\s*([^\"';\\s]+)");

    /**
     * Rewrites a Content-Type as {@code type; charset=name} with the spaces and quotes servers put around the
     * charset removed, and drops a charset Java does not know, so the prolog or BOM decides instead of failing.
     */
    static String normalizeContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Matcher m = CHARSET_PARAM.matcher(contentType);
        if (m.find()) {
            String charset = m.group(1);
            try {
                if (Charset.isSupported(charset)) {
                    return type + "; charset=" + charset;
                }
            } catch (IllegalArgumentException e) {
                // an illegal charset name: ignore it like an unknown one
            }
        }
        return type;
    }

    /** Rome with DOCTYPEs refused and unreadable dates repaired, mapped to its feed-neutral model. */
    private static Builder input() {
        // The wire feed is kept for what SyndFeed does not carry, such as RSS <ttl> (the poll schedule reads it).
        return reader -> new SyndFeedImpl(new RepairingInput().build(reader), true);
    }

    private interface Builder {
        SyndFeed build(java.io.Reader reader) throws Exception;
    }

    /** Groups Rome's and the XML parser's many messages into a few stable reasons. */
    static String reasonOf(Throwable e) {
        String all = (e + " " + (e.getCause() == null ? "" : e.getCause().toString())).toLowerCase(Locale.ROOT);
        if (all.contains("doctype")) {
            return "doctype refused";
        }
        if (all.contains("invalid byte")
                || all.contains("malformedinput")
                || all.contains("invalid utf")
                || all.contains("unmappable")
                || all.contains("characterCoding".toLowerCase(Locale.ROOT))) {
            return "invalid characters for the declared charset";
        }
        if (all.contains("invalid document") || all.contains("feed type")) {
            return "not RSS or Atom";
        }
        if (all.contains("unsupported") && all.contains("encoding") || all.contains("unsupportedcharset")) {
            return "unsupported charset";
        }
        if (all.contains("parsingfeedexception")
                || all.contains("saxparseexception")
                || all.contains("jdomparseexception")) {
            return "not well-formed XML";
        }
        return e.getClass().getSimpleName();
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static boolean looksLikeHtml(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1)
                .replace("\uFEFF", "")
                .replace("ï»¿", "")
                .stripLeading()
                .toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    /**
     * UTF-8 where it is valid, each byte of an invalid sequence read as Windows-1252: a UTF-8 feed with a few
     * pasted Windows-1252 characters keeps both its accents and its curly quotes.
     */
    static String decodeUtf8Leniently(byte[] body) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length + 16);
        while (true) {
            java.nio.charset.CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isOverflow()) {
                java.nio.CharBuffer bigger = java.nio.CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            for (int i = 0; i < r.length(); i++) {
                if (!out.hasRemaining()) {
                    java.nio.CharBuffer bigger = java.nio.CharBuffer.allocate(out.capacity() * 2);
                    out.flip();
                    bigger.put(out);
                    out = bigger;
                }
                out.put(new String(new byte[] {in.get()}, WINDOWS_1252).charAt(0));
            }
        }
        out.flip();
        return out.toString();
    }

    private static boolean isValidUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Drops the XML declaration: its encoding label is what was wrong. */
    private static String stripProlog(String text) {
        String t = text.stripLeading();
        if (t.startsWith("<?xml")) {
            int end = t.indexOf("?>");
            if (end > 0) {
                return t.substring(end + 2);
            }
        }
        return t;
    }
}
