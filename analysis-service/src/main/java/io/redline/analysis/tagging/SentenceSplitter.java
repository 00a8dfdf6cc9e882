package io.redline.analysis.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits text into sentences with their character offsets, without breaking on common abbreviations. */
public final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen",
            "rep", "gov", "st", "u.s", "u.k", "e.g", "i.e", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sept",
            "oct", "nov", "dec", "prof", "adm", "maj", "capt", "sgt");

    private SentenceSplitter() {
    }

    /** A sentence and where it sits in the text. */
    public record Sentence(int index, int start, int end, String text) {
    }

    /** Sentences of {@code text}, in order; paragraph breaks always end a sentence. */
    public static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean paragraph = c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n';
            boolean terminal = (c == '.' || c == '!' || c == '?') && endsSentence(text, i);
            if (paragraph || terminal) {
                int end = i + 1;
                // Keep closing quotes and brackets with the sentence they close.
                while (end < n && "\"'\u201d\u2019)".indexOf(text.charAt(end)) >= 0) {
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

    private static boolean endsSentence(String text, int i) {
        int n = text.length();
        int j = i + 1;
        while (j < n && "\"'\u201d\u2019)".indexOf(text.charAt(j)) >= 0) {
            j++;
        }
        if (j < n && !Character.isWhitespace(text.charAt(j))) {
            return false; // 3.5, U.S.A, example.org
        }
        int next = j;
        while (next < n && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        if (next < n && Character.isLowerCase(text.charAt(next))) {
            return false; // "p.m. today", "approx. five": a sentence does not start in lower case
        }
        if (text.charAt(i) == '.') {
            int w = i - 1;
            while (w >= 0 && (Character.isLetter(text.charAt(w)) || text.charAt(w) == '.')) {
                w--;
            }
            String word = text.substring(w + 1, i).toLowerCase();
            if (ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(text.charAt(i - 1)))) {
                return false;
            }
        }
        return true;
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
