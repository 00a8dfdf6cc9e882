package io.redline.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a text into the comparable terms {@link SameEvent} weighs: country names, demonyms and capitals read as one
 * country term, newswire near-synonyms read as one word, everything else stemmed (see {@code same-event/lexicon.txt}).
 */
final class SameEventLexicon {

    /** Prefix of the term a country name becomes, which no stem can start with. */
    static final String COUNTRY = "@";

    /** Longest name of the lexicon, in words. */
    private static final int MAX_NAME_WORDS = 3;

    /**
     * "U.S.", "U.K." and a capitalised "US" are read as "USA" and "UK" before the text is lower-cased: else the dotted
     * forms split into letters, and "US" would become the pronoun "us".
     */
    private static final Pattern US = Pattern.compile("\\bU\\.S\\.(?!\\w)|\\bUS\\b");

    private static final Pattern UK = Pattern.compile("\\bU\\.K\\.(?!\\w)");

    /** Country names and demonyms (lower case, words joined by one space) to their country term. */
    private static final Map<String, String> NAMES = new HashMap<>();
    /** Capitals and seats of government to their country term; they also stay themselves (a place). */
    private static final Map<String, String> CAPITALS = new HashMap<>();
    /** Stems of near-synonyms to the stem of their group's first word. */
    private static final Map<String, String> SAME = new HashMap<>();

    static {
        load();
    }

    private SameEventLexicon() {}

    /**
     * The terms of the first {@code limit} words of a text, in order, without the stems in {@code stop} and without
     * one-letter words and two-letter words other than numbers.
     */
    static List<String> terms(String text, int limit, Set<String> stop) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        List<String> words = EnglishStemmer.words(
                UK.matcher(US.matcher(text).replaceAll("USA")).replaceAll("UK"));
        int end = Math.min(limit, words.size());
        for (int i = 0; i < end; ) {
            int matched = 0;
            for (int n = Math.min(MAX_NAME_WORDS, end - i); n >= 1 && matched == 0; n--) {
                String name = String.join(" ", words.subList(i, i + n));
                String country = NAMES.get(name);
                if (country != null) {
                    out.add(country);
                    matched = n;
                } else if ((country = CAPITALS.get(name)) != null) {
                    out.add(country);
                    out.add(String.join("_", words.subList(i, i + n)));
                    matched = n;
                }
            }
            if (matched > 0) {
                i += matched;
                continue;
            }
            String stem = EnglishStemmer.stem(words.get(i));
            stem = SAME.getOrDefault(stem, stem);
            if ((stem.length() > 2 || (stem.length() == 2 && Character.isDigit(stem.charAt(0))))
                    && !stop.contains(stem)) {
                out.add(stem);
            }
            i++;
        }
        return out;
    }

    /** The country term of a single word that is a country's name or demonym, or null. */
    static String countryOfName(String word) {
        return NAMES.get(word.toLowerCase(Locale.ROOT));
    }

    private static void load() {
        try (InputStream in = SameEventLexicon.class.getResourceAsStream("/same-event/lexicon.txt")) {
            if (in == null) {
                throw new IllegalStateException("same-event/lexicon.txt missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 3);
                if (parts[0].equals("country")) {
                    String term = COUNTRY + parts[1];
                    String[] lists = parts[2].split("\\s+\\|\\s+", 2);
                    for (String name : lists[0].split("\\|")) {
                        NAMES.put(normalise(name), term);
                    }
                    if (lists.length > 1) {
                        for (String capital : lists[1].split("\\|")) {
                            CAPITALS.put(normalise(capital), term);
                        }
                    }
                } else if (parts[0].equals("same")) {
                    String[] words = line.substring("same".length()).strip().split("\\s+");
                    String first = EnglishStemmer.stem(words[0]);
                    for (String w : words) {
                        SAME.put(EnglishStemmer.stem(w), first);
                    }
                } else {
                    throw new IllegalStateException("same-event/lexicon.txt: unknown line " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name as the words {@link EnglishStemmer#words} would give, joined by single spaces. */
    private static String normalise(String name) {
        return String.join(" ", EnglishStemmer.words(name));
    }
}
