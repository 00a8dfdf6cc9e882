package io.redline.analysis.tagging;

import java.util.Locale;

/**
 * Compares names across scripts: a Cyrillic word is romanised (Russian and Ukrainian letters) and every name is
 * reduced to a rough phonetic key in which the spelling variants of transliteration agree (Zelensky, Zelenskyy,
 * Zelenskiy and Зеленский all give "zelenski"; Shoigu and Шойгу give "soigu"). The gazetteer uses it for names
 * it has no native form of, so that "Рябкова" still finds Ryabkov.
 */
final class Transliteration {

    private Transliteration() {}

    private static final String[] CYRILLIC = {
        "а", "a", "б", "b", "в", "v", "г", "g", "ґ", "g", "д", "d", "е", "e", "ё", "e", "є", "ye", "ж", "zh", "з", "z",
        "и", "i", "і", "i", "ї", "yi", "й", "y", "к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r",
        "с", "s", "т", "t", "у", "u", "ф", "f", "х", "kh", "ц", "ts", "ч", "ch", "ш", "sh", "щ", "shch", "ъ", "", "ы",
        "y", "ь", "", "э", "e", "ю", "yu", "я", "ya", "'", "", "’", ""
    };

    /** True when the word is written in Cyrillic. */
    static boolean cyrillic(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.UnicodeBlock.of(w.charAt(i)) == Character.UnicodeBlock.CYRILLIC) {
                return true;
            }
        }
        return false;
    }

    /** Latin letters for a Cyrillic word (lower case). */
    static String romanise(String w) {
        String lower = w.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length() + 4);
        outer:
        for (int i = 0; i < lower.length(); i++) {
            String c = lower.substring(i, i + 1);
            for (int k = 0; k < CYRILLIC.length; k += 2) {
                if (CYRILLIC[k].equals(c)) {
                    sb.append(CYRILLIC[k + 1]);
                    continue outer;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * The phonetic key of a Latin-letter name: digraphs folded to one letter, y/j to i, doubled letters and
     * a final "i" run collapsed.
     */
    static String key(String latin) {
        String s = latin.toLowerCase(Locale.ROOT)
                .replace("shch", "s")
                .replace("kh", "h")
                .replace("zh", "z")
                .replace("ts", "c")
                .replace("ch", "c")
                .replace("sh", "s")
                .replace("yu", "u")
                .replace("ya", "a")
                .replace("ye", "e")
                .replace("yo", "o")
                .replace('y', 'i')
                .replace('j', 'i')
                .replace('w', 'v')
                .replace("ks", "x");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) == c) {
                continue; // Zelenskyy, Assaad, Mattis
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Keys of a Cyrillic word as it may stand inflected: the whole word, then without one or two letters of a
     * case ending (Путина, Рябкову, Лавровым, Зеленського), longest first.
     */
    static String[] inflectedKeys(String cyrillicWord) {
        String full = key(romanise(cyrillicWord));
        String lower = cyrillicWord.toLowerCase(Locale.ROOT);
        String[] out = new String[4];
        out[0] = full;
        out[1] = lower.length() > 4 ? key(romanise(lower.substring(0, lower.length() - 1))) : null;
        out[2] = lower.length() > 5 ? key(romanise(lower.substring(0, lower.length() - 2))) : null;
        // Зеленского, Зеленського: the adjectival genitive ending, with the nominative's "i" put back.
        out[3] = lower.length() > 6 && (lower.endsWith("ого") || lower.endsWith("ому"))
                ? key(romanise(lower.substring(0, lower.length() - 3)) + "i")
                : null;
        return out;
    }
}
