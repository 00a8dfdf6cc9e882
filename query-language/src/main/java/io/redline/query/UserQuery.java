package io.redline.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the {@code q} parameter (words, "phrases", prefix*, AND/OR/NOT or + | -, parentheses, {@code title:}
 * scoping) into a small tree; never fails on syntax, only on size and on prefixes shorter than
 * {@value #MIN_PREFIX_LENGTH} letters or digits.
 *
 * <p>Why our own parser: field scoping and query-time stemming need to see each term, and the user's text must never
 * reach Elasticsearch as {@code query_string} (field names, regexes, fuzziness, boosts would all be reachable). Each
 * leaf becomes a {@code simple_query_string} on fields we choose, with its operators turned off.
 */
public final class UserQuery {

    /** Longest accepted {@code q}. */
    public static final int MAX_LENGTH = 500;
    /** Most terms in one query. */
    public static final int MAX_TERMS = 32;
    /** Deepest parenthesis nesting. */
    public static final int MAX_DEPTH = 8;
    /**
     * Fewest letters or digits before a {@code *}: a one- or two-letter prefix expands to a large share of the term
     * dictionary in Elasticsearch and makes a subscription a candidate for almost every article in the matcher.
     */
    public static final int MIN_PREFIX_LENGTH = 3;

    /** A node of the parsed query. */
    public sealed interface Node permits Term, And, Or, Not {}

    /** Where a term is searched. */
    public enum Scope {
        ALL,
        TITLE
    }

    /** How a term matches. */
    public enum Kind {
        WORD,
        PHRASE,
        PREFIX
    }

    /** One word, phrase or prefix, with its scope. */
    public record Term(Scope scope, Kind kind, String text) implements Node {}

    /** All must match. */
    public record And(List<Node> nodes) implements Node {}

    /** At least one must match. */
    public record Or(List<Node> nodes) implements Node {}

    /** Must not match. */
    public record Not(Node node) implements Node {}

    private static final java.util.regex.Pattern LETTER_OR_DIGIT = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]");

    private final String input;
    private final List<String> tokens = new ArrayList<>();
    private int pos;
    private int terms;

    private UserQuery(String input) {
        this.input = input;
    }

    /** The tree of {@code q}, or null when it holds no term (see {@link EsQueries#query}). */
    public static Node parse(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_LENGTH) {
            throw new InvalidParameterException("q", "must be at most " + MAX_LENGTH + " characters");
        }
        UserQuery parser = new UserQuery(q);
        parser.tokenize();
        Node node = parser.or(0);
        while (parser.pos < parser.tokens.size()) {
            // A stray ")" ends the expression early: the rest is and-ed, like simple_query_string would.
            parser.pos++;
            Node rest = parser.or(0);
            node = node == null ? rest : rest == null ? node : new And(List.of(node, rest));
        }
        return node;
    }

    /** The terms a highlighter should mark: every term not under a NOT. */
    public static List<Term> positiveTerms(Node node) {
        List<Term> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, List<Term> out) {
        if (node instanceof Term t) {
            out.add(t);
        } else if (node instanceof And a) {
            a.nodes().forEach(n -> collect(n, out));
        } else if (node instanceof Or o) {
            o.nodes().forEach(n -> collect(n, out));
        }
    }

    private Node or(int depth) {
        List<Node> parts = new ArrayList<>();
        Node first = and(depth);
        if (first != null) {
            parts.add(first);
        }
        while (pos < tokens.size()
                && (tokens.get(pos).equals("OR") || tokens.get(pos).equals("|"))) {
            pos++;
            Node next = and(depth);
            if (next != null) {
                parts.add(next);
            }
        }
        return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    private Node and(int depth) {
        List<Node> parts = new ArrayList<>();
        while (pos < tokens.size()) {
            String t = tokens.get(pos);
            if (t.equals("OR") || t.equals("|") || t.equals(")")) {
                break;
            }
            if (t.equals("AND") || t.equals("+")) {
                pos++;
                continue;
            }
            Node n = unary(depth);
            if (n != null) {
                parts.add(n);
            }
        }
        return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    private Node unary(int depth) {
        String t = tokens.get(pos);
        if (t.equals("NOT") || t.equals("-")) {
            pos++;
            if (pos >= tokens.size()) {
                return null;
            }
            Node n = unary(depth);
            return n == null ? null : new Not(n);
        }
        if (t.equals("(")) {
            if (depth >= MAX_DEPTH) {
                throw new InvalidParameterException("q", "nests parentheses deeper than " + MAX_DEPTH);
            }
            pos++;
            Node inner = or(depth + 1);
            if (pos < tokens.size() && tokens.get(pos).equals(")")) {
                pos++;
            }
            return inner;
        }
        pos++;
        return term(t);
    }

    /** Turns one raw token into a term; tokens are marked with a leading \u0000 so operators and text never mix. */
    private Node term(String token) {
        if (token.isEmpty() || token.charAt(0) != '\u0000') {
            return null;
        }
        String raw = token.substring(1);
        Scope scope = Scope.ALL;
        int colon = raw.indexOf(':');
        if (colon > 0 && raw.substring(0, colon).toLowerCase(Locale.ROOT).equals("title")) {
            scope = Scope.TITLE;
            raw = raw.substring(colon + 1);
        }
        Kind kind;
        String text;
        if (raw.startsWith("\"")) {
            kind = Kind.PHRASE;
            text = raw.substring(1).replace("\"", "").replace("\\", " ").trim();
        } else if (raw.endsWith("*")) {
            kind = Kind.PREFIX;
            text = raw.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
        } else {
            kind = Kind.WORD;
            // A leading * is no wildcard here (leading wildcards scan the whole term dictionary): *abc means abc.
            text = raw.replaceFirst("^\\*+", "").replace("\\", " ").trim();
        }
        if (!LETTER_OR_DIGIT.matcher(text).find()) {
            // Punctuation alone ("-", "/.*/") searches nothing; ArticleSearch then matches nothing rather than all.
            return null;
        }
        if (kind == Kind.PREFIX && text.codePointCount(0, text.length()) < MIN_PREFIX_LENGTH) {
            throw new InvalidParameterException(
                    "q",
                    "a prefix needs at least " + MIN_PREFIX_LENGTH + " letters or digits before the *, not '"
                            + raw.strip() + "'");
        }
        if (++terms > MAX_TERMS) {
            throw new InvalidParameterException("q", "has more than " + MAX_TERMS + " terms");
        }
        return new Term(scope, kind, text);
    }

    private void tokenize() {
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '|') {
                tokens.add(String.valueOf(c));
                i++;
            } else if ((c == '-' || c == '+') && i + 1 < n && !Character.isWhitespace(input.charAt(i + 1))) {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                if (c == '"' || startsScopedPhrase(i)) {
                    int quote = input.indexOf('"', i);
                    int close = input.indexOf('"', quote + 1);
                    i = close < 0 ? n : close + 1;
                } else {
                    while (i < n && !Character.isWhitespace(input.charAt(i)) && "()|\"".indexOf(input.charAt(i)) < 0) {
                        i++;
                    }
                    if (i < n
                            && input.charAt(i) == '"'
                            && input.substring(start, i).endsWith(":")) {
                        continue;
                    }
                }
                String word = input.substring(start, i);
                if (word.equals("AND") || word.equals("OR") || word.equals("NOT")) {
                    tokens.add(word);
                } else {
                    tokens.add('\u0000' + word);
                }
            }
        }
    }

    /** True at the start of {@code title:"..."}. */
    private boolean startsScopedPhrase(int i) {
        int colon = input.indexOf(':', i);
        if (colon < 0 || colon + 1 >= input.length() || input.charAt(colon + 1) != '"') {
            return false;
        }
        for (int k = i; k < colon; k++) {
            if (!Character.isLetter(input.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
