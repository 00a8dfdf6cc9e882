package io.redline.analysis.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Splits a sentence into word and clause-punctuation tokens with their offsets, lower-cased for matching. */
public final class Tokenizer {

    private Tokenizer() {
    }

    /**
     * A token: the original characters, a lower-cased form for the lexicon, and its span in the sentence.
     * Hyphenated words are split ("long-range" is "long", "range") so that one pattern covers both spellings;
     * possessive "'s" is dropped so that "Kremlin's" matches "Kremlin".
     */
    public record Token(String source, String lower, int start, int end) {
        /** The token's original characters (computed on demand: most tokens are only ever looked up lower-cased). */
        public String text() {
            return source.substring(start, end);
        }

        /** True when the original characters equal {@code s}, case-sensitively. */
        public boolean textEquals(String s) {
            return end - start == s.length() && source.regionMatches(start, s, 0, s.length());
        }

        /** True for the clause punctuation tokens (, ; : and dashes) that stop speaker and negation windows. */
        public boolean isPunct() {
            return lower == PUNCT;
        }
    }

    /** The lower-cased form of every punctuation token; compared by identity. */
    static final String PUNCT = ",";

    /** Tokens of {@code s}, in order. */
    public static List<Token> tokenize(String s) {
        // Scanning a char array is cheaper than String.charAt, which checks the string's encoding on every call.
        char[] cs = s.toCharArray();
        char[] lc = lowerChars(cs);
        List<Token> out = new ArrayList<>(s.length() / 5 + 4);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (isLetterOrDigit(c)) {
                int start = i;
                // Initialisms such as "U.S." or "U.N." stay one token.
                if (Character.isUpperCase(c) && i + 3 < n && cs[i + 1] == '.' && Character.isUpperCase(cs[i + 2])
                        && cs[i + 3] == '.') {
                    int j = i;
                    while (j + 1 < n && Character.isUpperCase(cs[j]) && cs[j + 1] == '.') {
                        j += 2;
                    }
                    out.add(token(s, lc, start, j));
                    i = j;
                    continue;
                }
                int j = i + 1;
                while (j < n) {
                    char d = cs[j];
                    if (isLetterOrDigit(d)) {
                        j++;
                    } else if ((d == '\'' || d == '\u2019') && j + 1 < n && Character.isLetter(cs[j + 1])) {
                        // "didn't" stays whole; "Kremlin's" loses its possessive.
                        if ((cs[j + 1] == 's' || cs[j + 1] == 'S')
                                && (j + 2 >= n || !Character.isLetter(cs[j + 2]))) {
                            break;
                        }
                        j++;
                    } else if ((d == '.' || d == ',') && j + 1 < n && Character.isDigit(cs[j + 1])
                            && Character.isDigit(cs[j - 1])) {
                        j++; // 3.5, 10,000
                    } else {
                        break;
                    }
                }
                out.add(token(s, lc, start, j));
                i = j;
                // Skip a dropped possessive.
                if (i + 1 < n && (cs[i] == '\'' || cs[i] == '\u2019')
                        && (cs[i + 1] == 's' || cs[i + 1] == 'S')) {
                    i += 2;
                }
            } else {
                if (c == ',' || c == ';' || c == ':' || c == '\u2014' || c == '\u2013' || c == '(' || c == ')') {
                    out.add(new Token(s, PUNCT, i, i + 1));
                }
                i++;
            }
        }
        return out;
    }

    /** Character.isLetterOrDigit, answered without its property table for ASCII, which most text is. */
    private static boolean isLetterOrDigit(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c);
    }

    private static Token token(String s, char[] lc, int start, int end) {
        return new Token(s, lower(s, lc, start, end), start, end);
    }

    /**
     * The one-to-one lower case of each character of {@code cs}: under Locale.ROOT a character up to U+00FF
     * lower-cases to one character whatever surrounds it, and U+2019 becomes an ASCII apostrophe; any other
     * character is marked 0 (never part of a word) so that its word takes String.toLowerCase (Greek final sigma,
     * dotted capital I...).
     */
    private static char[] lowerChars(char[] cs) {
        char[] lc = new char[cs.length];
        for (int i = 0; i < cs.length; i++) {
            char c = cs[i];
            if (c < 0x80) {
                lc[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            } else if (c < 0x100) {
                lc[i] = Character.toLowerCase(c);
            } else {
                lc[i] = c == '\u2019' ? '\'' : 0;
            }
        }
        return lc;
    }

    /** A cached lower-cased word, with its characters for a quick comparison. */
    private record Form(char[] chars, String text) {
    }

    /**
     * Lower-cased forms of recently seen words, indexed by hash. News repeats a small vocabulary, so most tokens
     * find their form here instead of allocating two strings (substring, then lower case), and downstream
     * look-ups find its hash code already computed. Shared by all threads without locking: a slot holds an
     * immutable Form or null, every hit is compared character by character, and a lost race only costs a miss,
     * so the result is always the same as computing the form afresh.
     */
    private static final Form[] LOWER_CACHE = new Form[1 << 14];

    /**
     * {@code s.substring(start, end).toLowerCase(Locale.ROOT).replace('\u2019', '\'')}, from the cache when it
     * holds the word; {@code lc} is {@link #lowerChars} of {@code s}.
     */
    static String lower(String s, char[] lc, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = lc[i];
            if (c == 0) {
                return s.substring(start, end).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
            }
            h = 31 * h + c;
        }
        int slot = (h ^ (h >>> 14)) & (LOWER_CACHE.length - 1);
        Form cached = LOWER_CACHE[slot];
        if (cached != null && Arrays.equals(cached.chars(), 0, cached.chars().length, lc, start, end)) {
            return cached.text();
        }
        char[] chars = Arrays.copyOfRange(lc, start, end);
        String text = new String(chars);
        LOWER_CACHE[slot] = new Form(chars, text);
        return text;
    }
}
