package io.redline.ingest.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the entries (RSS {@code item}, Atom {@code entry}) of a feed document in its raw bytes without parsing it, and
 * fingerprints each one, so that a poller can hand Rome only the entries it has not seen before.
 *
 * <p>The scan only tokenises what delimits elements (tags, attribute quotes, comments, CDATA sections, processing
 * instructions), in one pass, with memory bounded by {@link #MAX_DEPTH} and {@link RepairingInput#MAX_ENTRIES}. It
 * returns null whenever it cannot be sure where the entries are: a charset whose bytes are not ASCII-compatible, a
 * DOCTYPE, tags that do not match, text before the root, a root other than plain {@code rss}, {@code rdf:RDF} or
 * Atom {@code feed}, entries in another namespace, an unfinished construct, too deep or too many elements. The
 * caller then parses the whole document as before. It does not validate the rest: what it keeps goes to Rome,
 * which does, and what it leaves out is byte for byte an entry Rome already accepted in the same context.
 *
 * <p>An entry's fingerprint is a SHA-256 (first 96 bits) of its exact bytes together with everything outside it that
 * changes how Rome reads it: the Content-Type's charset, the prolog, the root's start tag (namespaces, RSS version,
 * {@code xml:base}), the RSS {@code channel} start tag, and for Atom the feed-level {@code link}s (Rome resolves
 * relative entry links against them). Any edit of an entry changes it.
 */
public final class ItemScan {

    /** Elements nested deeper than this make the scan give up (hostile documents; real feeds nest a dozen deep). */
    public static final int MAX_DEPTH = 256;

    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final List<String> RSS1 =
            List.of("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/");
    private static final List<String> ATOM = List.of("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#");
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']");

    /** One entry: its bytes are {@code [start, end)} of the body. */
    public record Item(int start, int end, String fingerprint) {}

    /** The entries of a document, in document order. */
    public record Scan(List<Item> items) {

        /** The body with the entries marked in {@code drop} cut out: the envelope and the other entries, unchanged. */
        public byte[] without(byte[] body, boolean[] drop) {
            int size = body.length;
            for (int i = 0; i < items.size(); i++) {
                if (drop[i]) {
                    size -= items.get(i).end() - items.get(i).start();
                }
            }
            byte[] out = new byte[size];
            int from = 0;
            int at = 0;
            for (int i = 0; i < items.size(); i++) {
                if (drop[i]) {
                    Item item = items.get(i);
                    System.arraycopy(body, from, out, at, item.start() - from);
                    at += item.start() - from;
                    from = item.end();
                }
            }
            System.arraycopy(body, from, out, at, body.length - from);
            return out;
        }
    }

    private ItemScan() {}

    /** The entries of {@code body} served with {@code contentType} (may be null), or null when unsure. */
    public static Scan scan(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return new Scanner(body).run(FeedParser.normalizeContentType(contentType));
        } catch (Unsure e) {
            return null;
        }
    }

    /** Whether bytes below 0x80 always stand for ASCII in this charset, so that tags can be found in the bytes. */
    static boolean asciiCompatible(String name) {
        try {
            String c = Charset.forName(name.trim()).name().toLowerCase(Locale.ROOT);
            return c.equals("utf-8")
                    || c.equals("us-ascii")
                    || c.matches("iso-8859-\\d{1,2}")
                    || c.matches("windows-125\\d");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final class Unsure extends RuntimeException {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private static final Unsure UNSURE = new Unsure();

    /** One pass over the bytes. */
    private static final class Scanner {
        private final byte[] b;
        private final int n;
        private int p;
        private int depth;
        private int[] nameStart = new int[32];
        private int[] nameEnd = new int[32];
        /** Attributes of the start tag just read, when asked for: name start/end, value start/end. */
        private final List<int[]> attributes = new ArrayList<>();

        private enum Kind {
            RSS,
            RDF,
            ATOM
        }

        private Kind kind;
        /** Depth of the entries (RSS 2.0: 3, under channel; RSS 1.0 and Atom: 2). */
        private int entryDepth;
        /** Ranges outside the entries that change how Rome reads them, hashed into every fingerprint. */
        private final List<int[]> context = new ArrayList<>();

        private final List<int[]> entries = new ArrayList<>();
        private int entryStart = -1;
        private int elementsAtEntryDepth;
        private int channels;

        Scanner(byte[] body) {
            this.b = body;
            this.n = body.length;
        }

        Scan run(String contentType) {
            String declared = null;
            if (contentType != null && contentType.contains("charset=")) {
                declared = contentType.substring(contentType.indexOf("charset=") + 8);
                if (!asciiCompatible(declared)) {
                    throw UNSURE;
                }
            }
            if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
                p = 3;
            } else if ((b[0] & 0xff) == 0xFE || (b[0] & 0xff) == 0xFF || b[0] == 0) {
                throw UNSURE; // UTF-16 or UTF-32
            }
            skipSpace();
            if (startsWith("<?xml")) {
                int end = indexOf("?>", p);
                Matcher m = ENCODING.matcher(new String(b, p, end - p, StandardCharsets.ISO_8859_1));
                if (m.find() && !asciiCompatible(m.group(1))) {
                    throw UNSURE;
                }
                p = end + 2;
            }
            misc();
            if (p >= n || b[p] != '<') {
                throw UNSURE; // text before the root (Rome's healer would drop it; let the full parse decide)
            }
            boolean empty = startTag(true);
            root();
            context.add(new int[] {0, p});
            if (empty) {
                throw UNSURE;
            }
            body();
            misc();
            if (p != n) {
                throw UNSURE;
            }
            return new Scan(fingerprints(contentType));
        }

        /** Decides the feed kind from the root's start tag. */
        private void root() {
            String name = lastName();
            String xmlns = attribute("xmlns");
            if (name.equals("rss") && xmlns == null) {
                kind = Kind.RSS;
                entryDepth = 3;
            } else if (name.endsWith(":RDF")
                    && RDF.equals(attribute("xmlns:" + name.substring(0, name.length() - 4)))
                    && xmlns != null
                    && RSS1.contains(xmlns)) {
                kind = Kind.RDF;
                entryDepth = 2;
            } else if (name.equals("feed") && xmlns != null && ATOM.contains(xmlns)) {
                kind = Kind.ATOM;
                entryDepth = 2;
            } else {
                throw UNSURE;
            }
        }

        private void body() {
            while (depth > 0) {
                if (p >= n) {
                    throw UNSURE;
                }
                if (b[p] != '<') {
                    while (p < n && b[p] != '<') {
                        p++;
                    }
                    continue;
                }
                if (startsWith("<!--")) {
                    p = indexOf("-->", p + 4) + 3;
                } else if (startsWith("<![CDATA[")) {
                    p = indexOf("]]>", p + 9) + 3;
                } else if (startsWith("<?")) {
                    p = indexOf("?>", p + 2) + 2;
                } else if (startsWith("<!")) {
                    throw UNSURE;
                } else if (startsWith("</")) {
                    endTag();
                } else {
                    element();
                }
            }
        }

        /** A start tag inside the root: an entry, the RSS channel, an Atom feed link, or anything else. */
        private void element() {
            int start = p;
            int level = depth + 1; // the depth this element gets
            boolean empty = startTag(level <= 3);
            String name = level <= 3 ? lastName() : null;
            if (level == 2 && kind == Kind.RSS && "channel".equals(name)) {
                if (++channels > 1 || attribute("xmlns") != null) {
                    throw UNSURE; // Rome reads the first channel only
                }
                context.add(new int[] {start, p});
            }
            if (level <= 3
                    && name != null
                    && (localName(name).equals("item") || localName(name).equals("entry"))) {
                if (++elementsAtEntryDepth > RepairingInput.MAX_ENTRIES) {
                    throw UNSURE; // Rome would drop some; which ones depends on the document as a whole
                }
            }
            if (level == entryDepth && isEntry(name)) {
                if (attribute("xmlns") != null) {
                    throw UNSURE;
                }
                if (empty) {
                    entries.add(new int[] {start, p});
                } else {
                    entryStart = start;
                }
            }
            if (level == 2 && kind == Kind.ATOM && "link".equals(name)) {
                if (empty) {
                    context.add(new int[] {start, p});
                } else {
                    throw UNSURE; // a feed link with content: unusual, let Rome see everything
                }
            }
        }

        private boolean isEntry(String name) {
            if (name == null) {
                return false;
            }
            return switch (kind) {
                case RSS -> name.equals("item") && depth >= 2 && nameEquals(1, "channel");
                case RDF -> name.equals("item");
                case ATOM -> name.equals("entry");
            };
        }

        private void endTag() {
            p += 2;
            int s = p;
            while (p < n && !isSpace(b[p]) && b[p] != '>') {
                p++;
            }
            int e = p;
            skipSpace();
            if (p >= n || b[p] != '>' || depth == 0) {
                throw UNSURE;
            }
            p++;
            int top = depth - 1;
            if (!Arrays.equals(b, s, e, b, nameStart[top], nameEnd[top])) {
                throw UNSURE;
            }
            if (depth == entryDepth && entryStart >= 0) {
                entries.add(new int[] {entryStart, p});
                entryStart = -1;
            }
            depth--;
        }

        /**
         * Reads a start tag at {@code p} and pushes it unless it is empty ({@code <x/>}); keeps its attributes when
         * {@code keep}. Returns whether it was empty.
         */
        private boolean startTag(boolean keep) {
            attributes.clear();
            p++;
            int s = p;
            while (p < n && !isSpace(b[p]) && b[p] != '>' && b[p] != '/' && b[p] != '<') {
                p++;
            }
            int e = p;
            if (e == s) {
                throw UNSURE;
            }
            while (true) {
                skipSpace();
                if (p >= n) {
                    throw UNSURE;
                }
                if (b[p] == '>') {
                    p++;
                    push(s, e);
                    return false;
                }
                if (b[p] == '/') {
                    if (p + 1 < n && b[p + 1] == '>') {
                        p += 2;
                        // An empty element: remembered as the name just read, not pushed.
                        lastStart = s;
                        lastEnd = e;
                        return true;
                    }
                    throw UNSURE;
                }
                int as = p;
                while (p < n && !isSpace(b[p]) && b[p] != '=' && b[p] != '>' && b[p] != '/' && b[p] != '<') {
                    p++;
                }
                int ae = p;
                skipSpace();
                if (ae == as || p >= n || b[p] != '=') {
                    throw UNSURE;
                }
                p++;
                skipSpace();
                if (p >= n || (b[p] != '"' && b[p] != '\'')) {
                    throw UNSURE;
                }
                byte quote = b[p++];
                int vs = p;
                while (p < n && b[p] != quote) {
                    if (b[p] == '<') {
                        throw UNSURE;
                    }
                    p++;
                }
                if (p >= n) {
                    throw UNSURE;
                }
                if (keep) {
                    attributes.add(new int[] {as, ae, vs, p});
                }
                p++;
            }
        }

        private int lastStart;
        private int lastEnd;

        private void push(int s, int e) {
            if (depth == MAX_DEPTH) {
                throw UNSURE;
            }
            if (depth == nameStart.length) {
                nameStart = Arrays.copyOf(nameStart, depth * 2);
                nameEnd = Arrays.copyOf(nameEnd, depth * 2);
            }
            nameStart[depth] = s;
            nameEnd[depth] = e;
            lastStart = s;
            lastEnd = e;
            depth++;
        }

        /** The name of the element at stack index {@code i} (0 = root). */
        private String name(int i) {
            return new String(b, nameStart[i], nameEnd[i] - nameStart[i], StandardCharsets.ISO_8859_1);
        }

        /** The name of the start tag just read (pushed or empty). */
        private String lastName() {
            return new String(b, lastStart, lastEnd - lastStart, StandardCharsets.ISO_8859_1);
        }

        private boolean nameEquals(int i, String name) {
            return name.equals(name(i));
        }

        private static String localName(String qname) {
            int colon = qname.indexOf(':');
            return colon < 0 ? qname : qname.substring(colon + 1);
        }

        /** The value of attribute {@code name} of the start tag just read (raw, entities not expanded), or null. */
        private String attribute(String name) {
            for (int[] a : attributes) {
                if (new String(b, a[0], a[1] - a[0], StandardCharsets.ISO_8859_1).equals(name)) {
                    return new String(b, a[2], a[3] - a[2], StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        /** Whitespace, comments and processing instructions around the root. */
        private void misc() {
            while (true) {
                skipSpace();
                if (startsWith("<!--")) {
                    p = indexOf("-->", p + 4) + 3;
                } else if (startsWith("<?")) {
                    p = indexOf("?>", p + 2) + 2;
                } else if (startsWith("<!")) {
                    throw UNSURE; // a DOCTYPE: the full parse refuses it
                } else {
                    return;
                }
            }
        }

        private List<Item> fingerprints(String contentType) {
            MessageDigest sha = sha256();
            sha.update(String.valueOf(contentType).getBytes(StandardCharsets.UTF_8));
            for (int[] r : context) {
                sha.update((byte) 0);
                sha.update(b, r[0], r[1] - r[0]);
            }
            byte[] envelope = sha.digest();
            List<Item> items = new ArrayList<>(entries.size());
            HexFormat hex = HexFormat.of();
            for (int[] r : entries) {
                sha.update(envelope);
                sha.update(b, r[0], r[1] - r[0]);
                items.add(new Item(r[0], r[1], hex.formatHex(sha.digest(), 0, 12)));
            }
            return items;
        }

        private boolean startsWith(String s) {
            if (p + s.length() > n) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (b[p + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(String s, int from) {
            byte first = (byte) s.charAt(0);
            outer:
            for (int i = from; i <= n - s.length(); i++) {
                if (b[i] != first) {
                    continue;
                }
                for (int j = 1; j < s.length(); j++) {
                    if (b[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            throw UNSURE;
        }

        private void skipSpace() {
            while (p < n && isSpace(b[p])) {
                p++;
            }
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t';
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
