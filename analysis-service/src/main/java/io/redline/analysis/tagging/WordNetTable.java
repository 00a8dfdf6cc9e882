package io.redline.analysis.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * English lemmas, parts of speech and word senses from WordNet 3.1, read from {@code tagging/wordnet.tsv.gz}
 * (written by {@code WordNetTableBuilder}): a word is reduced to its lemma with WordNet's own rules (Morphy:
 * irregular forms first, then suffix rules checked against the lemma list), and carries the synsets of its two
 * most frequent verb and noun senses with all their hypernyms, so that "shelled", "bombarded" and "strafed" all
 * reach {@code attack.v.1}. Looked up once per distinct word (the result is kept on its {@link Word}).
 */
public final class WordNetTable {

    /** Part-of-speech bits of {@link Lexeme#posMask()}. */
    public static final int NOUN = 1;

    public static final int VERB = 2;
    public static final int ADJ = 4;
    public static final int ADV = 8;

    /**
     * Closed-class words: WordNet lists some as nouns or verbs ("will", "can", "may", "does", "us"), which would
     * give them senses they never have in news copy.
     */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a",
            "an",
            "the",
            "this",
            "that",
            "these",
            "those",
            "and",
            "or",
            "but",
            "nor",
            "so",
            "yet",
            "if",
            "unless",
            "because",
            "while",
            "although",
            "though",
            "whether",
            "as",
            "of",
            "in",
            "on",
            "at",
            "by",
            "for",
            "with",
            "without",
            "from",
            "to",
            "into",
            "onto",
            "upon",
            "over",
            "under",
            "about",
            "after",
            "before",
            "since",
            "until",
            "against",
            "between",
            "among",
            "through",
            "during",
            "near",
            "off",
            "out",
            "up",
            "down",
            "i",
            "you",
            "he",
            "she",
            "it",
            "we",
            "they",
            "me",
            "him",
            "her",
            "us",
            "them",
            "my",
            "your",
            "his",
            "its",
            "our",
            "their",
            "who",
            "whom",
            "whose",
            "which",
            "what",
            "be",
            "is",
            "am",
            "are",
            "was",
            "were",
            "been",
            "being",
            "have",
            "has",
            "had",
            "having",
            "do",
            "does",
            "did",
            "will",
            "would",
            "shall",
            "should",
            "can",
            "could",
            "may",
            "might",
            "must",
            "not",
            "no",
            "any",
            "some",
            "all",
            "each",
            "every",
            "both",
            "either",
            "neither",
            "other",
            "another",
            "such",
            "there",
            "here",
            "then",
            "than",
            "also",
            "very",
            "more",
            "most",
            "less",
            "least",
            "one",
            "two",
            "three",
            "mr",
            "mrs",
            "ms");

    /** A word as WordNet reads it: lemmas and senses (each sense: the synset id first, then its hypernyms). */
    public record Lexeme(int posMask, String verbLemma, int[][] verbSenses, String nounLemma, int[][] nounSenses) {

        static final Lexeme NONE = new Lexeme(0, null, new int[0][], null, new int[0][]);

        public boolean canBeVerb() {
            return (posMask & VERB) != 0;
        }

        public boolean canBeNoun() {
            return (posMask & NOUN) != 0;
        }

        /** True when synset {@code id} is one of the first {@code senses} verb senses or among their hypernyms. */
        public boolean verbIsA(int id, int senses) {
            return isA(verbSenses, id, senses);
        }

        /** True when synset {@code id} is one of the first {@code senses} noun senses or among their hypernyms. */
        public boolean nounIsA(int id, int senses) {
            return isA(nounSenses, id, senses);
        }

        private static boolean isA(int[][] s, int id, int senses) {
            for (int k = 0; k < Math.min(senses, s.length); k++) {
                for (int x : s[k]) {
                    if (x == id) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final Map<String, String> rows;
    private final Map<String, Integer> synsetIds;
    private final Map<Integer, String> synsetNames;
    private final Map<Integer, String> lexfiles;
    private final Map<String, String> verbExceptions;
    private final Map<String, String> nounExceptions;
    private final Map<String, String> adjExceptions;

    private WordNetTable(
            Map<String, String> rows,
            Map<String, Integer> synsetIds,
            Map<Integer, String> synsetNames,
            Map<Integer, String> lexfiles,
            Map<String, String> verbExceptions,
            Map<String, String> nounExceptions,
            Map<String, String> adjExceptions) {
        this.rows = rows;
        this.synsetIds = synsetIds;
        this.synsetNames = synsetNames;
        this.lexfiles = lexfiles;
        this.verbExceptions = verbExceptions;
        this.nounExceptions = nounExceptions;
        this.adjExceptions = adjExceptions;
    }

    /** The shipped table, read on first use (about 0.3 s, 1.5 MB compressed). */
    public static WordNetTable shipped() {
        return Holder.TABLE;
    }

    private static final class Holder {
        static final WordNetTable TABLE = load();
    }

    private static WordNetTable load() {
        try (InputStream in = WordNetTable.class.getResourceAsStream("/tagging/wordnet.tsv.gz")) {
            if (in == null) {
                throw new IllegalStateException("tagging/wordnet.tsv.gz missing from the classpath");
            }
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
            Map<String, String> rows = new HashMap<>(1 << 17);
            Map<String, Integer> ids = new HashMap<>(1 << 17);
            Map<Integer, String> names = new HashMap<>(1 << 17);
            Map<Integer, String> lex = new HashMap<>(1 << 17);
            Map<String, String> vx = new HashMap<>();
            Map<String, String> nx = new HashMap<>();
            Map<String, String> ax = new HashMap<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                switch (line.charAt(0)) {
                    case 'W' -> {
                        int t = line.indexOf('\t', 2);
                        rows.put(line.substring(2, t), line.substring(t + 1));
                    }
                    case 'S' -> {
                        String[] f = line.split("\t");
                        int id = Integer.parseInt(f[1]);
                        ids.put(f[2], id);
                        names.put(id, f[2]);
                        lex.put(id, f[3]);
                    }
                    case 'X' -> {
                        String[] f = line.split("\t");
                        (f[1].equals("v") ? vx : f[1].equals("n") ? nx : ax).putIfAbsent(f[2], f[3]);
                    }
                    default -> throw new IllegalStateException("tagging/wordnet.tsv.gz: unknown line " + line);
                }
            }
            return new WordNetTable(rows, ids, names, lex, vx, nx, ax);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of a synset named like {@code attack.v.1}; an unknown name is an error (anchors must resolve). */
    public int synset(String name) {
        Integer id = synsetIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no WordNet synset " + name);
        }
        return id;
    }

    /** The name of synset {@code id} ({@code attack.v.1}), for explanations. */
    public String synsetName(int id) {
        return synsetNames.getOrDefault(id, "?" + id);
    }

    /** The lexicographer file of synset {@code id} ({@code verb.competition}). */
    public String lexfile(int id) {
        return lexfiles.getOrDefault(id, "?");
    }

    /** How WordNet reads a lower-cased word; {@link Lexeme#NONE} for function words and words it does not know. */
    public Lexeme lookup(String w) {
        if (FUNCTION_WORDS.contains(w) || w.length() < 2) {
            return Lexeme.NONE;
        }
        String verb = lemma(w, VERB);
        String noun = lemma(w, NOUN);
        String adj = lemma(w, ADJ);
        int mask = 0;
        int[][] verbSenses = new int[0][];
        int[][] nounSenses = new int[0][];
        if (verb != null) {
            mask |= VERB;
            verbSenses = senses(rows.get(verb), 1);
        }
        if (noun != null) {
            mask |= NOUN;
            nounSenses = senses(rows.get(noun), 2);
        }
        if (adj != null) {
            mask |= ADJ;
        }
        String row = rows.get(w);
        if (row != null) {
            mask |= Integer.parseInt(row.substring(0, row.indexOf('\t'))) & (ADJ | ADV);
        }
        return mask == 0 ? Lexeme.NONE : new Lexeme(mask, verb, verbSenses, noun, nounSenses);
    }

    /** WordNet's lemma of {@code w} as part of speech {@code pos}, or null: irregular forms, then suffix rules. */
    String lemma(String w, int pos) {
        Map<String, String> exc = pos == VERB ? verbExceptions : pos == NOUN ? nounExceptions : adjExceptions;
        String x = exc.get(w);
        if (x != null && has(x, pos)) {
            return x;
        }
        if (has(w, pos)) {
            return w;
        }
        String[][] rules = pos == VERB ? VERB_RULES : pos == NOUN ? NOUN_RULES : ADJ_RULES;
        for (String[] rule : rules) {
            if (w.endsWith(rule[0]) && w.length() > rule[0].length() + 1) {
                String base = w.substring(0, w.length() - rule[0].length()) + rule[1];
                if (has(base, pos)) {
                    return base;
                }
                // "shelled" is in WordNet as shell; "stopped" needs its doubled consonant undone.
                if (pos == VERB
                        && (rule[0].equals("ed") || rule[0].equals("ing"))
                        && rule[1].isEmpty()
                        && base.length() > 2
                        && base.charAt(base.length() - 1) == base.charAt(base.length() - 2)) {
                    String single = base.substring(0, base.length() - 1);
                    if (has(single, pos)) {
                        return single;
                    }
                }
            }
        }
        return null;
    }

    private static final String[][] VERB_RULES = {
        {"ies", "y"}, {"es", "e"}, {"es", ""}, {"s", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}
    };
    private static final String[][] NOUN_RULES = {
        {"ses", "s"},
        {"xes", "x"},
        {"zes", "z"},
        {"ches", "ch"},
        {"shes", "sh"},
        {"men", "man"},
        {"ies", "y"},
        {"s", ""}
    };
    private static final String[][] ADJ_RULES = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

    private boolean has(String lemma, int pos) {
        String row = rows.get(lemma);
        if (row == null) {
            return false;
        }
        int mask = Integer.parseInt(row.substring(0, row.indexOf('\t')));
        return (mask & pos) != 0;
    }

    /** The senses of column {@code col} (1 verbs, 2 nouns) of a row: synset ids, the sense's own id first. */
    private static int[][] senses(String row, int col) {
        String[] f = row.split("\t", -1);
        if (f.length <= col || f[col].isEmpty()) {
            return new int[0][];
        }
        String[] senses = f[col].split(";");
        int[][] out = new int[senses.length][];
        for (int k = 0; k < senses.length; k++) {
            String[] ids = senses[k].split(",");
            out[k] = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[k][i] = Integer.parseInt(ids[i]);
            }
        }
        return out;
    }
}
