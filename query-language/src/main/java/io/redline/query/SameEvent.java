package io.redline.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether two articles without a near-duplicate relation report the same event in different words: cosine of
 * their stemmed content words (title counted twice, plus the lead) at least {@link #THRESHOLD}, at least
 * {@link #MIN_SHARED} content words in common, and a shared actor code when both have actors.
 *
 * <p>Strict on purpose: a false merge joins two stories and silences the second one's alerts, a miss only undercounts
 * outlets.
 */
public final class SameEvent {

    /** Lowest cosine of two content-word vectors of one event (tuned on the labelled pairs in the tests). */
    public static final double THRESHOLD = 0.5;
    /** Fewest distinct content words two reports of one event share. */
    public static final int MIN_SHARED = 4;
    /** Words of the lead (the text's start, or the summary when there is no text) that count. */
    public static final int LEAD_WORDS = 60;
    /** Weight of a title word against a lead word: titles name the event. */
    private static final int TITLE_WEIGHT = 2;

    /**
     * Function words and newsroom boilerplate, which every report shares whatever the event ("said", "officials",
     * weekdays); stemmed like the text before comparison.
     */
    private static final Set<String> STOP = stems("a about above after again against all also am an and any are as at "
            + "be because been before being below between both but by can could did do does doing down during each "
            + "few for from further had has have having he her here hers him his how i if in into is it its itself "
            + "just me more most my no nor not now of off on once only or other our out over own same she should so "
            + "some such than that the their them then there these they this those through to too under until up "
            + "very was we were what when where which while who whom why will with would you your "
            + "said says say saying told tell according reported report reports reporting statement statements "
            + "official officials spokesman spokeswoman spokesperson source sources news agency agencies "
            + "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week weekend "
            + "morning evening night day days hours hour late early new latest update updated live "
            + "mr mrs ms one two three first last year years since people government country countries "
            + "minister ministry president leader added amid after near least several many");

    private SameEvent() {}

    /**
     * The part of an article the test reads.
     *
     * @param title  headline
     * @param lead   the first words of the text, or the summary when there is no text
     * @param actors actor codes of its analysis (may be empty)
     */
    public record Text(String title, String lead, List<String> actors) {

        public Text {
            actors = actors == null ? List.of() : List.copyOf(actors);
        }

        /** The text of an article from its title, summary, text and actors: the lead is the text's start when any. */
        public static Text of(String title, String summary, String text, List<String> actors) {
            return new Text(title, text == null || text.isBlank() ? summary : text, actors);
        }
    }

    /** Whether {@code a} and {@code b} report the same event (see the class). */
    public static boolean same(Text a, Text b) {
        Map<String, Integer> va = vector(a);
        Map<String, Integer> vb = vector(b);
        if (!a.actors().isEmpty()
                && !b.actors().isEmpty()
                && !a.actors().containsAll(b.actors())
                && !b.actors().containsAll(a.actors())) {
            // "US aid for Ukraine" and "US aid for Israel": one shared actor, but each names a party the other lacks.
            return false;
        }
        if (!unmatchedNames(a, b).isEmpty() && !unmatchedNames(b, a).isEmpty()) {
            // Each headline names a place or party the other article never mentions (Kyiv / Lviv, Cairo / Doha).
            return false;
        }
        int common = 0;
        for (String term : va.keySet()) {
            if (vb.containsKey(term)) {
                common++;
            }
        }
        return common >= MIN_SHARED && cosine(va, vb) >= THRESHOLD;
    }

    /**
     * The capitalised words of {@code a}'s title after its first word (names of places, parties, people) that appear
     * nowhere in {@code b}'s title or lead, compared by their first {@link #NAME_PREFIX} letters so that "Russia" and
     * "Russian" agree.
     */
    static Set<String> unmatchedNames(Text a, Text b) {
        Set<String> other = new HashSet<>();
        for (String w :
                EnglishStemmer.words((b.title() == null ? "" : b.title()) + " " + (b.lead() == null ? "" : b.lead()))) {
            other.add(prefix(w));
        }
        Set<String> out = new LinkedHashSet<>();
        java.util.regex.Matcher m = NAME.matcher(a.title() == null ? "" : a.title());
        boolean first = true;
        while (m.find()) {
            String word = m.group();
            boolean sentenceStart = first;
            first = false;
            if (sentenceStart || !Character.isUpperCase(word.charAt(0))) {
                continue;
            }
            String stem = EnglishStemmer.stem(word);
            if (!STOP.contains(stem) && !other.contains(prefix(word.toLowerCase(java.util.Locale.ROOT)))) {
                out.add(word);
            }
        }
        return out;
    }

    /** Letters of a name that must agree: "Russia"/"Russian", "Israel"/"Israeli", not "Kyiv"/"Lviv". */
    private static final int NAME_PREFIX = 5;

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");

    private static String prefix(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        return w.length() <= NAME_PREFIX ? w : w.substring(0, NAME_PREFIX);
    }

    /** Cosine of the two content-word vectors, 0 to 1. */
    public static double similarity(Text a, Text b) {
        return cosine(vector(a), vector(b));
    }

    /** The distinct content stems of the title and then the lead, in order: what a candidate search asks for. */
    public static List<String> salientStems(Text t, int max) {
        Set<String> out = new LinkedHashSet<>();
        out.addAll(contentStems(t.title(), Integer.MAX_VALUE));
        out.addAll(contentStems(t.lead(), LEAD_WORDS));
        return new ArrayList<>(out).subList(0, Math.min(max, out.size()));
    }

    /** Term weights of a text: title stems counted {@link #TITLE_WEIGHT} times, lead stems once. */
    static Map<String, Integer> vector(Text t) {
        Map<String, Integer> v = new HashMap<>();
        for (String s : contentStems(t.title(), Integer.MAX_VALUE)) {
            v.merge(s, TITLE_WEIGHT, Integer::sum);
        }
        for (String s : contentStems(t.lead(), LEAD_WORDS)) {
            v.merge(s, 1, Integer::sum);
        }
        return v;
    }

    private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        double dot = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            Integer w = b.get(e.getKey());
            if (w != null) {
                dot += (double) e.getValue() * w;
            }
        }
        double na = norm(a);
        double nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    private static double norm(Map<String, Integer> v) {
        double sum = 0;
        for (int w : v.values()) {
            sum += (double) w * w;
        }
        return Math.sqrt(sum);
    }

    /** Stemmed words of the first {@code limit} words of a text, without stop words and one-or-two-letter words. */
    private static List<String> contentStems(String text, int limit) {
        List<String> out = new ArrayList<>();
        List<String> words = EnglishStemmer.words(text);
        for (int i = 0; i < words.size() && i < limit; i++) {
            String stem = EnglishStemmer.stem(words.get(i));
            if ((stem.length() > 2 || (stem.length() == 2 && Character.isDigit(stem.charAt(0))))
                    && !STOP.contains(stem)) {
                out.add(stem);
            }
        }
        return out;
    }

    private static Set<String> stems(String words) {
        Set<String> out = new HashSet<>();
        for (String w : words.split(" ")) {
            out.add(EnglishStemmer.stem(w));
        }
        return out;
    }
}
