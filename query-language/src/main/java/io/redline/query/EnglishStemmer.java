package io.redline.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, deterministic English stemmer (plural, -ed and -ing removal, final-e drop) used at index and at query time.
 *
 * <p>Why in Java: the embedded Elasticsearch has no {@code analysis-common} module, so no {@code stemmer} filter;
 * stemming here works the same on every distribution. Stems need not be words ("strike" and "striking" both become
 * "strik"): only index and query must agree, and they do because both call {@link #stem(String)}.
 */
public final class EnglishStemmer {

    /** Letters and digits, with inner apostrophes kept so that possessives can be stripped. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*");

    private EnglishStemmer() {}

    /** The lowercase words of a text in order, as the {@code standard} tokenizer would roughly split them. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /** The stems of every word of a text, space-separated, in order (so phrases still match by position). */
    public static String stemText(String text) {
        StringBuilder out = new StringBuilder();
        for (String word : words(text)) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(stem(word));
        }
        return out.toString();
    }

    /** The stem of one word; lower-cases it and leaves short words and numbers alone. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        w = w.replace("'", "");
        if (w.length() <= 3 || !hasLetter(w)) {
            return w;
        }
        w = plural(w);
        String v = verbEnding(w);
        if (v.equals(w) && w.length() > 3 && w.endsWith("e")) {
            // The silent e goes so that "strike" meets "striking" ("strik"); after -ed/-ing it is already gone
            // ("agreed" -> "agre" like "agree").
            return w.substring(0, w.length() - 1);
        }
        return v;
    }

    private static String plural(String w) {
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("zes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String verbEnding(String w) {
        String base = null;
        if (w.endsWith("ing") && w.length() > 5) {
            base = w.substring(0, w.length() - 3);
        } else if (w.endsWith("ied") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("ed") && w.length() > 4) {
            base = w.substring(0, w.length() - 2);
        }
        if (base == null || !hasVowel(base)) {
            return w;
        }
        int n = base.length();
        // "stopped" -> "stop", but "missed" -> "miss" and "called" -> "call" keep their double letter.
        if (n > 2
                && base.charAt(n - 1) == base.charAt(n - 2)
                && "lsz".indexOf(base.charAt(n - 1)) < 0
                && !isVowel(base.charAt(n - 1))) {
            return base.substring(0, n - 1);
        }
        return base;
    }

    private static boolean hasVowel(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isVowel(s.charAt(i)) || (i > 0 && s.charAt(i) == 'y')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
