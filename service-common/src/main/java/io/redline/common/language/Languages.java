package io.redline.common.language;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which language an article is in, for ingest-service (which files it) and analysis-service (which reads it): the declared language when the feed or caller gives one (unless the
 * text is clearly another tagged language), else a guess from the text among the languages the tagger covers (script, letters only one Cyrillic language uses, and
 * function words, which a few dozen words of any of these languages contain many of).
 */
public final class Languages {

    /** Languages with their own lexicon, cues and gazetteer names. */
    public static final List<String> TAGGED = List.of("en", "ru", "uk", "fr", "de", "es");

    /** The language of a text whose language could not be decided; it is read with the English rules. */
    public static final String UNDETERMINED = "und";

    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en",
                    Set.of(
                            "the", "of", "and", "to", "in", "is", "was", "that", "for", "on", "with", "said", "has",
                            "have", "by", "from", "at", "its", "would", "will", "an", "be", "were", "are", "it", "this",
                            "which", "after"),
            "fr",
                    Set.of(
                            "le", "les", "des", "du", "et", "est", "une", "dans", "pour", "par", "sur", "au", "aux",
                            "qui", "pas", "été", "avec", "selon", "ont", "ce", "cette", "il", "elle", "ne", "sont",
                            "mais", "leur", "l'", "d'", "qu'", "n'"),
            "de",
                    Set.of(
                            "der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "des", "ein", "eine",
                            "einen", "auf", "für", "von", "zu", "im", "sich", "hat", "wird", "dass", "auch", "nach",
                            "werden", "bei", "sei", "wurde"),
            "es",
                    Set.of(
                            "el", "los", "las", "del", "y", "que", "en", "una", "por", "con", "para", "se", "su", "al",
                            "es", "ha", "según", "como", "más", "sus", "lo", "fue", "han", "este", "esta", "entre",
                            "sobre"),
            "ru",
                    Set.of(
                            "и", "что", "не", "на", "в", "по", "для", "как", "это", "его", "который", "которые",
                            "будет", "от", "с", "из", "за", "о", "к", "также", "был", "была", "были", "он", "она",
                            "они", "если", "или", "при"),
            "uk",
                    Set.of(
                            "і", "й", "та", "що", "не", "на", "у", "в", "до", "від", "для", "як", "це", "його", "який",
                            "які", "буде", "з", "із", "за", "про", "також", "був", "була", "були", "він", "вона",
                            "вони", "якщо", "або"));

    /** Each function word's languages as bits in the order of {@link #ORDER}: one look-up per word of a text. */
    private static final List<String> ORDER = List.of("en", "fr", "de", "es", "ru", "uk");

    private static final Map<String, Integer> LANGUAGES_OF = new java.util.HashMap<>();

    static {
        for (int k = 0; k < ORDER.size(); k++) {
            for (String w : FUNCTION_WORDS.get(ORDER.get(k))) {
                LANGUAGES_OF.merge(w, 1 << k, (a, b) -> a | b);
            }
        }
    }

    private Languages() {}

    /**
     * The language to read {@code text} in: the declared language's primary subtag ({@code en-GB} is {@code en}),
     * or, when none is declared ({@code null}, blank or {@code und}), the detected one, or {@code und}.
     */
    public static String decide(String declared, String text) {
        String d = declared == null
                ? ""
                : declared.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = d.indexOf('-');
        if (dash > 0) {
            d = d.substring(0, dash);
        }
        if (d.isEmpty() || d.equals(UNDETERMINED)) {
            return detect(text);
        }
        if (TAGGED.contains(d)) {
            // Feeds often declare one language for everything they carry (a CMS default of "en-us"): a text that is
            // clearly another tagged language is read as what it is.
            String seen = clearly(text);
            if (seen != null && !seen.equals(d)) {
                return seen;
            }
        }
        return d;
    }

    /**
     * The tagged language a text clearly is, or null: its script says so (Cyrillic against Latin), or at least
     * eight function words of one language and three times as many as any other's.
     */
    public static String clearly(String text) {
        Evidence e = evidence(text);
        if (e == null) {
            return null;
        }
        if (e.cyrillic > 3 * e.latin && e.cyrillic >= 40) {
            return e.cyrillicLanguage();
        }
        if (e.latin > 3 * e.cyrillic && e.latin >= 40) {
            return e.latinLanguage(8, 3.0);
        }
        return null;
    }

    /** True for the languages the tagger reads (and for {@code und}, read with the English rules). */
    public static boolean tagged(String language) {
        return TAGGED.contains(language) || language.equals(UNDETERMINED);
    }

    /**
     * One of {@link #TAGGED}, or {@code und}: from the first 400 words, Cyrillic text is Ukrainian when letters only
     * Ukrainian uses (і ї є ґ) or its function words outnumber Russian's, else Russian; Latin text takes the
     * language with the most function words if it has at least two and clearly more than the runner-up.
     */
    public static String detect(String text) {
        Evidence e = evidence(text);
        if (e == null) {
            return UNDETERMINED;
        }
        if (e.cyrillic > e.latin) {
            return e.cyrillicLanguage();
        }
        String latin = e.latinLanguage(2, 1.5);
        return latin == null ? UNDETERMINED : latin;
    }

    /** Letter and function-word counts over the first 400 words of a text. */
    private record Evidence(int cyrillic, int latin, int ukLetters, int ruLetters, Map<String, int[]> hits) {

        String cyrillicLanguage() {
            int uk = hits.get("uk")[0] + 3 * ukLetters;
            int ru = hits.get("ru")[0] + 3 * ruLetters;
            return uk > ru ? "uk" : "ru";
        }

        /**
         * The Latin-script language with the most function words when it has at least {@code min} and
         * {@code ratio} times the runner-up's, else null.
         */
        String latinLanguage(int min, double ratio) {
            String best = null;
            int first = 0;
            int second = 0;
            for (String lang : List.of("en", "fr", "de", "es")) {
                int h = hits.get(lang)[0];
                if (h > first) {
                    second = first;
                    first = h;
                    best = lang;
                } else if (h > second) {
                    second = h;
                }
            }
            return first >= min && first >= second * ratio ? best : null;
        }
    }

    private static Evidence evidence(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int cyrillic = 0;
        int latin = 0;
        int ukLetters = 0;
        int ruLetters = 0;
        Map<String, int[]> hits = Map.of(
                "en",
                new int[1],
                "fr",
                new int[1],
                "de",
                new int[1],
                "es",
                new int[1],
                "ru",
                new int[1],
                "uk",
                new int[1]);
        int words = 0;
        int n = Math.min(text.length(), 4000);
        int i = 0;
        while (i < n && words < 400) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '\'' || text.charAt(i) == '’')) {
                char x = Character.toLowerCase(text.charAt(i));
                if (Character.UnicodeBlock.of(x) == Character.UnicodeBlock.CYRILLIC) {
                    cyrillic++;
                    if (x == 'і' || x == 'ї' || x == 'є' || x == 'ґ') {
                        ukLetters++;
                    } else if (x == 'ы' || x == 'э' || x == 'ъ' || x == 'ё') {
                        ruLetters++;
                    }
                } else if (x < 0x250) {
                    latin++;
                }
                i++;
            }
            words++;
            String w = text.substring(start, i).toLowerCase(Locale.ROOT).replace('’', '\'');
            int apostrophe = w.indexOf('\'');
            if (apostrophe > 0 && apostrophe <= 3 && cyrillic == 0) {
                w = w.substring(0, apostrophe + 1); // French elision: "l'armée" counts as "l'"
            }
            Integer langs = LANGUAGES_OF.get(w);
            if (langs != null) {
                for (int k = 0; k < ORDER.size(); k++) {
                    if ((langs & (1 << k)) != 0) {
                        hits.get(ORDER.get(k))[0]++;
                    }
                }
            }
        }
        return new Evidence(cyrillic, latin, ukLetters, ruLetters, hits);
    }
}
