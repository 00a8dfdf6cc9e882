package io.redline.analysis.tagging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds actors (countries, alliances, leaders, capitals, demonyms) in a sentence and maps them to codes. */
public final class Gazetteer {

    private static final Map<String, String> ENTRIES = new LinkedHashMap<>();

    static {
        add("RUS", "Russia", "Russian", "Russians", "Moscow", "Kremlin", "Putin", "Peskov", "Lavrov", "Ryabkov",
                "Medvedev", "Shoigu", "Zakharova");
        add("UKR", "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Zelensky", "Zelenskyy");
        add("USA", "United States", "U.S.", "US", "America", "American", "Americans", "Washington", "White House",
                "Pentagon", "Biden", "Trump");
        add("NATO", "NATO", "North Atlantic Treaty Organization", "the alliance");
        add("EU", "European Union", "EU", "Brussels");
        add("UN", "United Nations", "UN", "U.N.", "Security Council");
        add("GBR", "United Kingdom", "Britain", "British", "UK", "U.K.", "London");
        add("FRA", "France", "French", "Paris", "Macron");
        add("DEU", "Germany", "German", "Berlin");
        add("POL", "Poland", "Polish", "Warsaw");
        add("BLR", "Belarus", "Belarusian", "Minsk", "Lukashenko");
        add("CHN", "China", "Chinese", "Beijing", "Xi Jinping");
        add("PRK", "North Korea", "North Korean", "Pyongyang", "Kim Jong Un");
        add("IRN", "Iran", "Iranian", "Tehran");
        add("TUR", "Turkey", "Turkish", "Turkiye", "Ankara", "Erdogan", "Istanbul");
        add("ISR", "Israel", "Israeli", "Jerusalem");
        add("WST", "the West", "Western");
    }

    private static final Pattern PATTERN;

    static {
        List<String> names = new ArrayList<>(ENTRIES.keySet());
        // Longest first so "North Korea" wins over "Korea" and "United States" over "US".
        names.sort((a, b) -> b.length() - a.length());
        StringBuilder sb = new StringBuilder("(?<![\\p{L}.])(");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : "|").append(Pattern.quote(names.get(i)));
        }
        PATTERN = Pattern.compile(sb.append(")(?![\\p{L}])").toString());
    }

    private Gazetteer() {
    }

    private static void add(String code, String... names) {
        for (String n : names) {
            ENTRIES.put(n, code);
        }
    }

    /** An actor mention: its code, where it is, and the words. */
    public record Mention(String code, int start, int end, String text) {
    }

    /** Actor mentions in {@code sentence}, in order of appearance. */
    public static List<Mention> find(String sentence) {
        List<Mention> out = new ArrayList<>();
        Matcher m = PATTERN.matcher(sentence);
        while (m.find()) {
            out.add(new Mention(ENTRIES.get(m.group(1)), m.start(), m.end(), m.group(1)));
        }
        return out;
    }
}
