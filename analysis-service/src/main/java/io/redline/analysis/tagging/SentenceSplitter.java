package io.redline.analysis.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits text into sentences with their character offsets, without breaking on common abbreviations. */
public final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "st", "u.s", "u.k", "e.g", "i.e", "vs",
            "no", "jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec", "prof", "adm", "maj", "capt", "sgt");
    private static final int MAX_ABBREVIATION =
            ABBREVIATIONS.stream().mapToInt(String::length).max().orElse(0);

    private SentenceSplitter() {}

    /** A sentence and where it sits in the text. */
    public record Sentence(int index, int start, int end, String text) {}

    /** Sentences of {@code text}, in order; paragraph breaks always end a sentence. */
    public static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        // Scanning a char array is cheaper than String.charAt, which checks the string's encoding on every call.
        char[] cs = text.toCharArray();
        int start = 0;
        int n = cs.length;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            boolean paragraph = c == '\n' && i + 1 < n && cs[i + 1] == '\n';
            boolean terminal = (c == '.' || c == '!' || c == '?') && endsSentence(text, cs, i);
            if (paragraph || terminal) {
                int end = i + 1;
                // Keep closing quotes and brackets with the sentence they close.
                while (end < n && closes(cs[end])) {
                    end++;
                }
                add(out, text, start, end);
                start = end;
                i = end - 1;
            }
        }
        add(out, text, start, n);
        return out;
    }

    /** Closing quotes and brackets, which stay with the sentence they close. */
    private static boolean closes(char c) {
        return c == '"' || c == '\'' || c == '\u201d' || c == '\u2019' || c == ')';
    }

    private static boolean endsSentence(String text, char[] cs, int i) {
        int n = cs.length;
        int j = i + 1;
        while (j < n && closes(cs[j])) {
            j++;
        }
        if (j < n && !Character.isWhitespace(cs[j])) {
            return false; // 3.5, U.S.A, example.org
        }
        int next = j;
        while (next < n && Character.isWhitespace(cs[next])) {
            next++;
        }
        if (next < n && Character.isLowerCase(cs[next])) {
            return false; // "p.m. today", "approx. five": a sentence does not start in lower case
        }
        // Lower-casing never shortens a word, so only words no longer than the longest abbreviation
        // (which include the single letters) need the look-up; that spares a substring at most sentence ends.
        if (cs[i] == '.' && i - wordStart(cs, i) <= MAX_ABBREVIATION) {
            String word = text.substring(wordStart(cs, i), i).toLowerCase();
            if (ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(cs[i - 1]))) {
                return false;
            }
        }
        return true;
    }

    /** Start of the letters-and-dots word that ends just before position {@code i}. */
    private static int wordStart(char[] cs, int i) {
        int w = i - 1;
        while (w >= 0 && (Character.isLetter(cs[w]) || cs[w] == '.')) {
            w--;
        }
        return w + 1;
    }

    private static void add(List<Sentence> out, String text, int from, int to) {
        int s = from;
        int e = to;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > s) {
            out.add(new Sentence(out.size(), s, e, text.substring(s, e)));
        }
    }
}
