package io.redline.ingest.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the common forms of feedparser's {@code Expect:} lines — conjunctions of {@code path == literal},
 * {@code not bozo}, {@code ord(path) == n}, {@code len(path) == n}, {@code 'x' in path} — against a parse result;
 * anything else, or a path Rome's model has no field for, is "not applicable" rather than guessed.
 */
final class ExpectEvaluator {

    /** A check's outcome. */
    enum Verdict {
        PASS,
        FAIL,
        NOT_APPLICABLE
    }

    /** One conjunct of an Expect line and how it fared; {@code key} groups failures in the report. */
    record Check(String text, Verdict verdict, String key, String detail) {}

    /** What Redline made of one corpus file: a view when parsed, or the failure reason. */
    record Outcome(
            Map<String, Object> feed,
            List<Map<String, Object>> entries,
            String charset,
            String version,
            String failure) {
        boolean parsed() {
            return failure == null;
        }
    }

    private static final Pattern COMPARE = Pattern.compile("^(.+?)\\s*(==|!=)\\s*(.+)$");
    private static final Pattern UNSAFE = Pattern.compile(
            "<\\s*(script|iframe|object|embed|applet|style|form|meta|link|base|frame|frameset|svg|math)\\b"
                    + "|\\son[a-z]+\\s*=|javascript:|vbscript:|expression\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    private ExpectEvaluator() {}

    /**
     * Checks of {@code expect} against {@code outcome}. With {@code sanitize} set (files of feedparser's
     * {@code sanitize/} folder), an equality on a text field is judged as "Redline's sanitised value has no unsafe
     * element, handler or script URL, and is not empty when the expected one has text", since the exact string
     * encodes feedparser's own allowlist.
     */
    static List<Check> evaluate(String expect, Outcome outcome, boolean sanitize, UnaryOperator<String> sanitizer) {
        List<Check> checks = new ArrayList<>();
        List<String> parts = splitTopLevel(expect.trim(), " and ");
        if (parts == null
                || parts.stream().anyMatch(p -> splitTopLevel(p, " or ").size() > 1)) {
            checks.add(new Check(expect, Verdict.NOT_APPLICABLE, "unsupported expression", null));
            return checks;
        }
        for (String raw : parts) {
            checks.add(one(unparen(raw.trim()), outcome, sanitize, sanitizer));
        }
        return checks;
    }

    private static Check one(String c, Outcome o, boolean sanitize, UnaryOperator<String> sanitizer) {
        if (c.equals("not bozo")) {
            return o.parsed() ? pass(c, "parsed") : fail(c, "parse failed: " + o.failure(), "parsed");
        }
        if (c.equals("bozo") || c.equals("1") || c.equals("True")) {
            return na(c, "bozo"); // feedparser's own error flag: parsed or failed-with-reason are both fine
        }
        if (!o.parsed()) {
            return fail(c, "parse failed: " + o.failure(), "file not parsed");
        }
        try {
            if (c.startsWith("not ") && !c.contains("==") && !c.contains(" in ")) {
                Object v = lookup(c.substring(4).trim(), o);
                return truthy(v) ? fail(c, "expected falsy, was " + v, key(c)) : pass(c, key(c));
            }
            Matcher in = Pattern.compile("^(.+?)\\s+(not in|in)\\s+(.+)$").matcher(c);
            if (in.matches() && !in.group(1).contains("[")) {
                Object needle = PyLiteral.parse(in.group(1));
                Object hay = lookup(in.group(3), o);
                if (!(needle instanceof String n) || !(hay instanceof String h)) {
                    return na(c, "in on non-strings");
                }
                boolean found = h.contains(n);
                return found == in.group(2).equals("in")
                        ? pass(c, key(in.group(3)))
                        : fail(c, "was " + h, key(in.group(3)));
            }
            Matcher m = COMPARE.matcher(c);
            if (!m.matches()) {
                return na(c, "unsupported form");
            }
            String left = m.group(1).trim();
            Object expected = PyLiteral.parse(m.group(3));
            Object actual;
            if (left.startsWith("ord(") && left.endsWith(")")) {
                Object v = lookup(left.substring(4, left.length() - 1), o);
                actual = v instanceof String s && s.codePointCount(0, s.length()) == 1 ? (long) s.codePointAt(0) : null;
            } else if (left.startsWith("len(") && left.endsWith(")")) {
                Object v = lookup(left.substring(4, left.length() - 1), o);
                actual = v instanceof List<?> l ? (long) l.size() : v instanceof String s ? (long) s.length() : null;
            } else {
                actual = lookup(left, o);
            }
            String key = key(left);
            if (sanitize && (left.startsWith("entries") || left.startsWith("feed")) && expected instanceof String exp) {
                return safe(c, key, actual, exp, sanitizer);
            }
            boolean equal = left.equals("encoding") && actual instanceof String a && expected instanceof String e
                    ? a.equalsIgnoreCase(e)
                    : Objects.equals(actual, expected);
            if (equal == m.group(2).equals("==")) {
                return pass(c, key);
            }
            return fail(c, "was " + abbreviate(String.valueOf(actual)), key);
        } catch (NotMapped e) {
            return na(c, e.getMessage());
        } catch (PyLiteral.Unsupported e) {
            return na(c, "literal: " + e.getMessage());
        }
    }

    private static Check safe(String c, String key, Object actual, String expected, UnaryOperator<String> sanitizer) {
        if (!(actual instanceof String a)) {
            return fail(c, "no value", "sanitize " + key);
        }
        String clean = sanitizer.apply(a);
        if (UNSAFE.matcher(clean).find()) {
            return fail(c, "unsafe markup kept: " + abbreviate(clean), "sanitize " + key);
        }
        String wantText =
                org.jsoup.Jsoup.parse(expected).text().replaceAll("\\s+", " ").trim();
        String gotText =
                org.jsoup.Jsoup.parse(clean).text().replaceAll("\\s+", " ").trim();
        // Only "the text is not gone": which fallback text of a removed element survives (iframe, script) is the
        // sanitiser's own choice, and jsoup drops it where feedparser keeps it.
        if (!wantText.isEmpty() && gotText.isEmpty()) {
            return fail(c, "text lost: " + abbreviate(clean), "sanitize " + key);
        }
        return pass(c, "sanitize " + key);
    }

    /** A path Rome's model has no field for. */
    private static final class NotMapped extends Exception {
        NotMapped(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern STEP = Pattern.compile("\\[\\s*('([^']*)'|\"([^\"]*)\"|(\\d+))\\s*\\]|\\.([a-z_]+)");

    private static Object lookup(String path, Outcome o) throws NotMapped {
        String p = path.trim();
        Object current;
        int pos;
        if (p.startsWith("feed")) {
            current = o.feed();
            pos = 4;
        } else if (p.startsWith("entries")) {
            current = o.entries();
            pos = 7;
        } else if (p.equals("encoding")) {
            return o.charset();
        } else if (p.equals("version")) {
            return o.version();
        } else {
            throw new NotMapped("root " + p.split("[\\[.]")[0]);
        }
        Matcher m = STEP.matcher(p);
        while (pos < p.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new NotMapped("path syntax");
            }
            String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(5);
            if (name != null) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                if (!map.containsKey(name)) {
                    throw new NotMapped("field " + name);
                }
                current = map.get(name);
            } else {
                int index = Integer.parseInt(m.group(4));
                if (!(current instanceof List<?> list) || index >= list.size()) {
                    return null;
                }
                current = list.get(index);
            }
            pos = m.end();
        }
        return current;
    }

    /** The path with indices dropped, e.g. {@code entries.title_detail.value}: how failures are grouped. */
    private static String key(String path) {
        return path.replaceAll("\\[\\s*\\d+\\s*\\]", "")
                .replaceAll("\\[\\s*['\"]([^'\"]*)['\"]\\s*\\]", ".$1")
                .replaceAll("^not ", "")
                .trim();
    }

    private static boolean truthy(Object v) {
        return v != null
                && !(v instanceof String s && s.isEmpty())
                && !(v instanceof List<?> l && l.isEmpty())
                && !(v instanceof Map<?, ?> m && m.isEmpty())
                && !Boolean.FALSE.equals(v)
                && !Long.valueOf(0).equals(v);
    }

    private static Check pass(String c, String key) {
        return new Check(c, Verdict.PASS, key, null);
    }

    private static Check fail(String c, String detail, String key) {
        return new Check(c, Verdict.FAIL, key, detail);
    }

    private static Check na(String c, String why) {
        return new Check(c, Verdict.NOT_APPLICABLE, why, null);
    }

    private static String unparen(String s) {
        String t = s;
        while (t.startsWith("(") && t.endsWith(")")) {
            List<String> inner = splitTopLevel(t.substring(1, t.length() - 1), "\u0000");
            if (inner == null || !balanced(t.substring(1, t.length() - 1))) {
                break;
            }
            t = t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                if (--depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    /** Splits on {@code sep} outside quotes and brackets; null when quotes or brackets do not balance. */
    static List<String> splitTopLevel(String s, String sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        String lower = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (depth == 0 && lower.startsWith(sep, i)) {
                parts.add(s.substring(start, i));
                start = i + sep.length();
                i = start - 1;
            }
        }
        if (quote != 0 || depth != 0) {
            return null;
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
