package io.redline.analysis.tagging;

import io.redline.common.language.Languages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds actors (countries, alliances, bodies, leaders, institutions, capitals, demonyms) among a sentence's
 * tokens and maps them to codes, from {@code tagging/actors.tsv} plus optional extra files in the same format.
 */
public final class Gazetteer {

    /** An actor mention: its code, its token span (end exclusive) and the words. */
    public record Mention(String code, int firstToken, int endToken, String text) {}

    /**
     * A name's tokens, whether each matches caselessly and whether each is a prefix ({@code Росси*} matches the
     * inflected России, Россией...).
     */
    private record Name(String code, String[] tokens, boolean[] caseless, boolean[] prefix) {}

    /** A word's candidate names, kept on its {@link Word} and tagged with the gazetteer that found them. */
    record Candidates(Gazetteer owner, Name[] names) {}

    private static final Name[] NO_NAMES = new Name[0];

    /** Names by their first token, lower-cased; longest first so "North Korea" wins over "North". */
    private final Map<String, List<Name>> byFirst = new HashMap<>();
    /** Names whose first token is a prefix, by the prefix's first three letters, lower-cased. */
    private final Map<String, List<Name>> byFirstPrefix = new HashMap<>();

    private final Set<String> codes = new LinkedHashSet<>();
    /**
     * Latin one-word proper names (people and places) by their phonetic key, for Cyrillic words the native
     * lists do not hold; a key shared by two codes is dropped (ambiguous).
     */
    private final Map<String, String> byKey = new HashMap<>();

    private Gazetteer() {}

    /** The gazetteer shipped with the service. */
    public static Gazetteer defaults() {
        return load(null);
    }

    /** The shipped gazetteer plus the entries of {@code extra} (same format); later entries add names. */
    public static Gazetteer load(Path extra) {
        Gazetteer g = new Gazetteer();
        try (InputStream in = Gazetteer.class.getResourceAsStream("/tagging/actors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("tagging/actors.tsv missing from the classpath");
            }
            g.read(in, "tagging/actors.tsv");
            // Native and transliterated names of each tagged language (Росси*, Moscou, Moskau, Moscú...).
            for (String lang : Languages.TAGGED) {
                try (InputStream l = Gazetteer.class.getResourceAsStream("/tagging/lang/" + lang + "/actors.tsv")) {
                    if (l != null) {
                        g.read(l, "tagging/lang/" + lang + "/actors.tsv");
                    }
                }
            }
            if (extra != null) {
                try (InputStream x = Files.newInputStream(extra)) {
                    g.read(x, extra.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.byFirst.values().forEach(l -> l.sort(Comparator.comparingInt((Name n) -> -n.tokens().length)));
        g.byFirstPrefix.values().forEach(l -> l.sort(Comparator.comparingInt((Name n) -> -n.tokens().length)));
        return g;
    }

    private void read(InputStream in, String source) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 2 || f[0].isBlank()) {
                throw new IllegalArgumentException(source + " line " + no + ": expected CODE<tab>name|name");
            }
            String code = f[0].strip();
            codes.add(code);
            for (String name : f[1].split("\\|")) {
                List<String> words = new ArrayList<>();
                List<Boolean> prefixes = new ArrayList<>();
                for (String part : name.strip().split("\\s+")) {
                    boolean prefix = part.endsWith("*");
                    List<Tokenizer.Token> toks =
                            Tokenizer.tokenize(prefix ? part.substring(0, part.length() - 1) : part);
                    for (int i = 0; i < toks.size(); i++) {
                        words.add(toks.get(i).text());
                        prefixes.add(prefix && i == toks.size() - 1);
                    }
                }
                if (words.isEmpty()) {
                    continue;
                }
                String[] w = words.toArray(String[]::new);
                boolean[] caseless = new boolean[w.length];
                boolean[] prefix = new boolean[w.length];
                for (int i = 0; i < w.length; i++) {
                    caseless[i] = w[i].equals(w[i].toLowerCase(Locale.ROOT));
                    prefix[i] = prefixes.get(i);
                    if (prefix[i] && w[i].length() < 3) {
                        throw new IllegalArgumentException(
                                source + " line " + no + ": prefix shorter than 3 letters: " + name);
                    }
                }
                Name n = new Name(code, w, caseless, prefix);
                if (w.length == 1
                        && !caseless[0]
                        && !prefix[0]
                        && w[0].length() >= 4
                        && !Transliteration.cyrillic(w[0])
                        && Character.isUpperCase(w[0].charAt(0))
                        && !w[0].equals(w[0].toUpperCase(Locale.ROOT))) {
                    String key = Transliteration.key(w[0]);
                    String had = byKey.putIfAbsent(key, code);
                    if (had != null && !had.equals(code)) {
                        byKey.put(key, AMBIGUOUS);
                    }
                }
                String first = w[0].toLowerCase(Locale.ROOT);
                if (prefix[0]) {
                    byFirstPrefix
                            .computeIfAbsent(first.substring(0, 3), k -> new ArrayList<>())
                            .add(n);
                } else {
                    byFirst.computeIfAbsent(first, k -> new ArrayList<>()).add(n);
                }
            }
        }
    }

    /** Every actor code the gazetteer knows, in file order. */
    public Set<String> codes() {
        return codes;
    }

    /** Actor mentions among {@code tokens}, in order, without overlaps. */
    public List<Mention> find(List<Tokenizer.Token> tokens) {
        List<Mention> out = new ArrayList<>(4);
        int i = 0;
        while (i < tokens.size()) {
            Word word = tokens.get(i).word();
            Candidates c = word.gazetteer;
            if (c == null || c.owner() != this) {
                c = new Candidates(this, candidates(word.lower));
                word.gazetteer = c;
            }
            Name hit = null;
            for (Name n : c.names()) {
                if (matches(n, tokens, i)) {
                    hit = n;
                    break;
                }
            }
            if (hit == null) {
                // Not at the sentence start, where every word is capitalised ("Кидала" is a verb there).
                String code = i == 0 ? null : transliterated(tokens.get(i));
                if (code != null) {
                    out.add(new Mention(code, i, i + 1, tokens.get(i).text()));
                }
                i++;
                continue;
            }
            int end = i + hit.tokens().length;
            // The words as written: a prefix name ("Кремл*") matched "Кремле".
            Tokenizer.Token first = tokens.get(i);
            out.add(new Mention(
                    hit.code(),
                    i,
                    end,
                    first.source().substring(first.start(), tokens.get(end - 1).end())));
            i = end;
        }
        return out;
    }

    private static final String AMBIGUOUS = "";

    /**
     * The code of a capitalised Cyrillic word whose romanised form, with or without a case ending, is the key of
     * a known Latin name ("Рябкова" is Ryabkov: RUS), or null.
     */
    private String transliterated(Tokenizer.Token t) {
        char first = t.source().charAt(t.start());
        // Checked on the first character before any string is built: most tokens are not capitalised Cyrillic.
        if (t.end() - t.start() < 4
                || !Character.isUpperCase(first)
                || Character.UnicodeBlock.of(first) != Character.UnicodeBlock.CYRILLIC) {
            return null;
        }
        String w = t.text();
        for (String key : Transliteration.inflectedKeys(w)) {
            if (key == null || key.length() < 5) { // shorter keys meet too many common words (Діли, Сара)
                continue;
            }
            String code = byKey.get(key);
            if (code != null) {
                return code.equals(AMBIGUOUS) ? null : code;
            }
        }
        return null;
    }

    /** The names that may start at a word: exact first tokens, then prefixes it starts with; longest first. */
    private Name[] candidates(String lower) {
        List<Name> exact = byFirst.get(lower);
        List<Name> byPrefix = lower.length() < 3 ? null : byFirstPrefix.get(lower.substring(0, 3));
        if (byPrefix == null) {
            return exact == null ? NO_NAMES : exact.toArray(Name[]::new);
        }
        List<Name> out = new ArrayList<>(exact == null ? List.of() : exact);
        for (Name n : byPrefix) {
            if (lower.startsWith(n.tokens()[0].toLowerCase(Locale.ROOT))) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparingInt((Name n) -> -n.tokens().length));
        return out.isEmpty() ? NO_NAMES : out.toArray(Name[]::new);
    }

    private static boolean matches(Name n, List<Tokenizer.Token> tokens, int at) {
        if (at + n.tokens().length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < n.tokens().length; k++) {
            Tokenizer.Token t = tokens.get(at + k);
            // "the West" also matches "The West" at a sentence start; proper names match case-sensitively so
            // that "US" is not "us".
            boolean ok;
            if (n.prefix()[k]) {
                ok = n.caseless()[k]
                        ? t.lower().startsWith(n.tokens()[k])
                        : t.text().startsWith(n.tokens()[k]);
            } else {
                ok = n.caseless()[k] ? t.lower().equals(n.tokens()[k]) : t.textEquals(n.tokens()[k]);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
