package io.redline.analysis.tagging;

import java.util.ArrayList;
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
        List<Token> out = new ArrayList<>(s.length() / 5 + 4);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                // Initialisms such as "U.S." or "U.N." stay one token.
                if (Character.isUpperCase(c) && i + 3 < n && s.charAt(i + 1) == '.' && Character.isUpperCase(s.charAt(i + 2))
                        && s.charAt(i + 3) == '.') {
                    int j = i;
                    while (j + 1 < n && Character.isUpperCase(s.charAt(j)) && s.charAt(j + 1) == '.') {
                        j += 2;
                    }
                    out.add(token(s, start, j));
                    i = j;
                    continue;
                }
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (Character.isLetterOrDigit(d)) {
                        j++;
                    } else if ((d == '\'' || d == '\u2019') && j + 1 < n && Character.isLetter(s.charAt(j + 1))) {
                        // "didn't" stays whole; "Kremlin's" loses its possessive.
                        if ((s.charAt(j + 1) == 's' || s.charAt(j + 1) == 'S')
                                && (j + 2 >= n || !Character.isLetter(s.charAt(j + 2)))) {
                            break;
                        }
                        j++;
                    } else if ((d == '.' || d == ',') && j + 1 < n && Character.isDigit(s.charAt(j + 1))
                            && Character.isDigit(s.charAt(j - 1))) {
                        j++; // 3.5, 10,000
                    } else {
                        break;
                    }
                }
                out.add(token(s, start, j));
                i = j;
                // Skip a dropped possessive.
                if (i + 1 < n && (s.charAt(i) == '\'' || s.charAt(i) == '\u2019')
                        && (s.charAt(i + 1) == 's' || s.charAt(i + 1) == 'S')) {
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

    private static Token token(String s, int start, int end) {
        String text = s.substring(start, end);
        return new Token(s, text.toLowerCase(Locale.ROOT).replace('\u2019', '\''), start, end);
    }
}
