package io.redline.ingest.corpus;

import java.util.ArrayList;
import java.util.List;

/** Reads the Python literals of feedparser's {@code Expect:} lines: strings with escapes, ints, None, tuples. */
final class PyLiteral {

    /** Thrown for a literal this reader does not understand; the check is then not applicable. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private final String s;
    private int pos;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** The value of {@code text}: String, Long, null (None), Boolean or List of those. */
    static Object parse(String text) throws Unsupported {
        PyLiteral p = new PyLiteral(text.trim());
        Object v = p.value();
        p.skipSpaces();
        if (p.pos != p.s.length()) {
            throw new Unsupported("trailing text in literal: " + text);
        }
        return v;
    }

    private void skipSpaces() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private Object value() throws Unsupported {
        skipSpaces();
        if (pos >= s.length()) {
            throw new Unsupported("empty literal");
        }
        char c = s.charAt(pos);
        if (c == '(' || c == '[') {
            char close = c == '(' ? ')' : ']';
            pos++;
            List<Object> items = new ArrayList<>();
            skipSpaces();
            while (pos < s.length() && s.charAt(pos) != close) {
                items.add(value());
                skipSpaces();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    skipSpaces();
                }
            }
            if (pos >= s.length()) {
                throw new Unsupported("unclosed " + c);
            }
            pos++;
            return items;
        }
        if (s.startsWith("None", pos)) {
            pos += 4;
            return null;
        }
        if (s.startsWith("True", pos) || s.startsWith("False", pos)) {
            boolean t = s.startsWith("True", pos);
            pos += t ? 4 : 5;
            return t;
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'L')) {
                throw new Unsupported("non-integer number");
            }
            return Long.parseLong(s.substring(start, pos));
        }
        boolean raw = false;
        while (pos < s.length() && "uUbBrR".indexOf(s.charAt(pos)) >= 0) {
            raw |= Character.toLowerCase(s.charAt(pos)) == 'r';
            pos++;
        }
        if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
            StringBuilder sb = new StringBuilder();
            // Adjacent literals, and literals joined by +, concatenate as in Python.
            while (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
                sb.append(string(raw));
                skipSpaces();
                if (pos + 1 < s.length() && s.charAt(pos) == '+') {
                    pos++;
                    skipSpaces();
                    while (pos < s.length() && "uUbBrR".indexOf(s.charAt(pos)) >= 0) {
                        pos++;
                    }
                }
            }
            return sb.toString();
        }
        throw new Unsupported("not a literal: " + s.substring(pos));
    }

    private String string(boolean raw) throws Unsupported {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\' || raw) {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int start = pos - 1;
                    while (pos < s.length() && pos - start < 3 && s.charAt(pos) >= '0' && s.charAt(pos) <= '7') {
                        pos++;
                    }
                    sb.append((char) Integer.parseInt(s.substring(start, pos), 8));
                }
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                case '\n' -> {}
                case '\\', '\'', '"' -> sb.append(e);
                default -> sb.append('\\').append(e);
            }
        }
        throw new Unsupported("unterminated string");
    }

    private int hex(int digits) throws Unsupported {
        if (pos + digits > s.length()) {
            throw new Unsupported("short escape");
        }
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw new Unsupported("bad escape");
        }
    }
}
