package io.redline.analysis.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Splits a sentence into word and clause-punctuation tokens with their offsets, lower-cased for matching. */
public final class Tokenizer {

    private Tokenizer() {}

    /**
     * A token: the original characters, a lower-cased form for the lexicon, and its span in the sentence.
     * Hyphenated words are split ("long-range" is "long", "range") so that one pattern covers both spellings;
     * possessive "'s" is dropped so that "Kremlin's" matches "Kremlin".
     */
    public record Token(String source, Word word, int start, int end) {
        /** The lower-cased form used for matching. */
        public String lower() {
            return word.lower;
        }

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
            return word == Word.PUNCT;
        }
    }

    /** The lower-cased form of every punctuation token. */
    static final String PUNCT = ",";

    /** Per-thread copies of the sentence and its lower case, reused instead of two new arrays per sentence. */
    private static final int MAX_SCRATCH = 1 << 16;

    private static final ThreadLocal<char[][]> SCRATCH = ThreadLocal.withInitial(() -> new char[2][256]);

    /** Tokens of {@code s}, in order. */
    public static List<Token> tokenize(String s) {
        // Scanning a char array is cheaper than String.charAt, which checks the string's encoding on every call.
        int n = s.length();
        char[][] scratch = SCRATCH.get();
        if (scratch[0].length < n) {
            if (n > MAX_SCRATCH) {
                scratch = new char[2][n]; // a pathological "sentence": not kept, so a thread does not hoard it
            } else {
                scratch[0] = new char[Math.max(n, Math.min(MAX_SCRATCH, scratch[0].length * 2))];
                scratch[1] = new char[scratch[0].length];
            }
        }
        char[] cs = scratch[0];
        char[] lc = scratch[1];
        s.getChars(0, n, cs, 0);
        lowerChars(cs, lc, n);
        List<Token> out = new ArrayList<>(n / 5 + 4);
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (isLetterOrDigit(c)) {
                int start = i;
                // Initialisms such as "U.S." or "U.N." stay one token.
                if (Character.isUpperCase(c)
                        && i + 3 < n
                        && cs[i + 1] == '.'
                        && Character.isUpperCase(cs[i + 2])
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
                        if (elision(lc, start, j)) {
                            j++; // French "l'OTAN", "qu'il", "n'a": the elided word is a token of its own, "l'"
                            break;
                        }
                        // "didn't" stays whole; "Kremlin's" loses its possessive.
                        if ((cs[j + 1] == 's' || cs[j + 1] == 'S') && (j + 2 >= n || !Character.isLetter(cs[j + 2]))) {
                            break;
                        }
                        j++;
                    } else if ((d == '.' || d == ',')
                            && j + 1 < n
                            && Character.isDigit(cs[j + 1])
                            && Character.isDigit(cs[j - 1])) {
                        j++; // 3.5, 10,000
                    } else {
                        break;
                    }
                }
                out.add(token(s, lc, start, j));
                i = j;
                // Skip a dropped possessive.
                if (i + 1 < n && (cs[i] == '\'' || cs[i] == '\u2019') && (cs[i + 1] == 's' || cs[i + 1] == 'S')) {
                    i += 2;
                }
            } else {
                if (c == ',' || c == ';' || c == ':' || c == '\u2014' || c == '\u2013' || c == '(' || c == ')') {
                    out.add(new Token(s, Word.PUNCT, i, i + 1));
                }
                i++;
            }
        }
        return out;
    }

    /** True when {@code lc[start, end)} is a French elided word (l', d', qu', n'...) that an apostrophe ends. */
    private static boolean elision(char[] lc, int start, int end) {
        int len = end - start;
        if (len == 1) {
            char c = lc[start];
            return c == 'l' || c == 'd' || c == 'j' || c == 'm' || c == 'n' || c == 's' || c == 't' || c == 'c';
        }
        if (len == 2) {
            return lc[start] == 'q' && lc[start + 1] == 'u';
        }
        if (len == 6 || len == 7) {
            String w = new String(lc, start, len);
            return w.equals("jusqu") || w.equals("lorsqu") || w.equals("puisqu");
        }
        return false;
    }

    /** Character.isLetterOrDigit, answered without its property table for ASCII, which most text is. */
    private static boolean isLetterOrDigit(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c);
    }

    private static Token token(String s, char[] lc, int start, int end) {
        return new Token(s, word(s, lc, start, end), start, end);
    }

    /**
     * The one-to-one lower case of each character of {@code cs}: under Locale.ROOT a character up to U+00FF
     * lower-cases to one character whatever surrounds it, and U+2019 becomes an ASCII apostrophe; any other
     * character is marked 0 (never part of a word) so that its word takes String.toLowerCase (Greek final sigma,
     * dotted capital I...).
     */
    private static void lowerChars(char[] cs, char[] lc, int n) {
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                lc[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            } else if (c < 0x100) {
                lc[i] = Character.toLowerCase(c);
            } else {
                lc[i] = c == '\u2019' ? '\'' : 0;
            }
        }
    }

    /**
     * The dictionary of words: distinct lower-cased forms, indexed by hash. News repeats a small vocabulary, so
     * most tokens find their {@link Word} here, with everything the later steps need already resolved. A
     * hand-rolled direct-mapped table rather than a ConcurrentHashMap: it is bounded (a collision replaces the
     * older word, so an endless stream of new words cannot grow it), needs no lock and no boxing, and looks a
     * word up from the sentence's char array without building a String. Shared by all threads: a slot holds
     * a Word (its text in final fields; its lazily added candidates are immutable holders) or null,
     * every hit is compared character by character, and a lost race only costs a miss, so the result is
     * always the same as computing the word afresh.
     */
    private static final Word[] WORDS = new Word[1 << 17];

    /**
     * True when {@code chars} equals {@code lc[start, end)}. A plain loop: Arrays.equals on a range goes through
     * a vectorised mismatch whose set-up costs more than it saves on words of a few letters.
     */
    private static boolean sameChars(char[] chars, char[] lc, int start, int end) {
        if (chars.length != end - start) {
            return false;
        }
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] != lc[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The word of {@code s.substring(start, end).toLowerCase(Locale.ROOT).replace('\u2019', '\'')}, from the
     * dictionary when it holds it; {@code lc} is {@link #lowerChars} of {@code s}.
     */
    static Word word(String s, char[] lc, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = lc[i];
            if (c == 0) {
                // Lower case that depends on context: String.toLowerCase decides, the dictionary still keeps it.
                char[] lower = s.substring(start, end)
                        .toLowerCase(Locale.ROOT)
                        .replace('\u2019', '\'')
                        .toCharArray();
                int hl = 0;
                for (char x : lower) {
                    hl = 31 * hl + x;
                }
                return word(lower, 0, lower.length, hl);
            }
            h = 31 * h + c;
        }
        return word(lc, start, end, h);
    }

    /** The word spelt {@code lc[start, end)}, whose hash is {@code h}: the dictionary's, or a new one put there. */
    private static Word word(char[] lc, int start, int end, int h) {
        int slot = (h ^ (h >>> 15)) & (WORDS.length - 1);
        Word cached = WORDS[slot];
        if (cached != null && sameChars(cached.chars, lc, start, end)) {
            return cached;
        }
        char[] chars = Arrays.copyOfRange(lc, start, end);
        Word w = new Word(chars, new String(chars));
        WORDS[slot] = w;
        return w;
    }
}
