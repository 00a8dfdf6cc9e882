package io.redline.analysis.tagging;

import io.redline.contracts.EventContext;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trigger phrases for PLOVER events and named signals, read from {@code tagging/lexicon.txt}, matched on tokens.
 *
 * <p>Each line is {@code CATEGORY ; CONTEXT ; SIGNALS ; PRIORITY ; pattern} ({@code -} for none). A pattern is a
 * sequence of elements separated by spaces: a word ({@code talks}), a prefix ({@code negotiat*}), alternatives
 * ({@code send|sent|deliver*}) or a gap of up to N tokens ({@code ..4}). Matching is on lower-cased tokens and
 * indexed by the first element; each distinct word's candidate entries are found once and kept on its
 * {@link Word}, so a token costs no look-up beyond finding its word, and a sentence no regex scan per rule.
 * A priority ending in {@code !} makes the entry exclusive: matches of lower priority that lie inside
 * its span are dropped ("pull out of the grain agreement" is not a withdrawal, "a hybrid attack" not a strike).
 */
public final class Lexicon {

    /** One trigger: what it means and how specific it is (higher wins the sentence's primary event). */
    public record Entry(
            PloverCategory category,
            EventContext context,
            List<SignalType> signals,
            int priority,
            boolean exclusive,
            String pattern,
            Element[] elements,
            int line) {}

    /**
     * A pattern element: exact words, prefixes ({@code word*}), suffixes ({@code *word}), infixes ({@code *word*},
     * for compounds such as German "Waffenlieferungen"), or a gap.
     */
    record Element(
            String[] exact,
            String[] prefixes,
            String[] suffixes,
            String[] infixes,
            int gap,
            java.util.Set<String> exactSet) {
        Element(String[] exact, String[] prefixes, String[] suffixes, String[] infixes, int gap) {
            this(exact, prefixes, suffixes, infixes, gap, java.util.Set.of(exact));
        }

        Element(String[] exact, String[] prefixes, int gap) {
            this(exact, prefixes, new String[0], new String[0], gap);
        }

        boolean matches(String w) {
            if (exact.length > 0 && exactSet.contains(w)) {
                return true;
            }
            for (String p : prefixes) {
                if (w.startsWith(p)) {
                    return true;
                }
            }
            for (String p : suffixes) {
                if (w.endsWith(p)) {
                    return true;
                }
            }
            for (String p : infixes) {
                if (w.contains(p)) {
                    return true;
                }
            }
            return false;
        }

        /** True when the element can only be checked word by word (no exact word or prefix to index it by). */
        boolean unindexed() {
            return suffixes.length > 0 || infixes.length > 0;
        }
    }

    /** A match: the entry and the token span it covers (end exclusive). */
    public record Match(Entry entry, int firstToken, int endToken) {}

    private final List<Entry> entries;
    /** Entries by their first element's exact words. */
    private final Map<String, List<Entry>> byWord = new HashMap<>();
    /**
     * Prefix entries by the first three letters of their first element's prefixes, as an open-addressing table
     * of packed letters: a {@code HashMap<Long, ...>} boxed a Long per token, and Long.hashCode folds the three
     * letters onto a few dozen values, so its bins degenerated into trees.
     */
    private final long[] prefixKeys;

    private final PrefixHit[][] prefixHits;
    /** Entries whose first element has suffixes or infixes: checked against each new word (once per word). */
    private final List<Entry> unindexed = new ArrayList<>();

    /** One prefix of an entry's first element: only this prefix needs checking when the first letters agree. */
    private record PrefixHit(String prefix, Entry entry) {}

    public Lexicon(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<Long, List<PrefixHit>> byPrefix3 = new HashMap<>();
        for (Entry e : entries) {
            Element first = e.elements()[0];
            if (first.unindexed()) {
                unindexed.add(e);
            }
            for (String w : first.exact()) {
                byWord.computeIfAbsent(w, k -> new ArrayList<>()).add(e);
            }
            for (String p : first.prefixes()) {
                if (p.length() < 3) {
                    throw new IllegalArgumentException(
                            "lexicon line " + e.line() + ": prefix shorter than 3 letters: " + p);
                }
                byPrefix3.computeIfAbsent(key3(p), k -> new ArrayList<>()).add(new PrefixHit(p, e));
            }
        }
        // At most half full, so a probe sequence is short and always ends at an empty slot (key 0: no word
        // packs to 0 since its first letter is a letter or digit).
        int size = Integer.highestOneBit(Math.max(4, byPrefix3.size() * 4));
        prefixKeys = new long[size];
        prefixHits = new PrefixHit[size][];
        for (Map.Entry<Long, List<PrefixHit>> x : byPrefix3.entrySet()) {
            int slot = slot(x.getKey());
            while (prefixKeys[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            prefixKeys[slot] = x.getKey();
            prefixHits[slot] = x.getValue().toArray(PrefixHit[]::new);
        }
    }

    /** Home slot of a packed key: Fibonacci hashing spreads the letters over the whole table. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & (prefixKeys.length - 1);
    }

    /** The prefix entries whose first prefix starts with the first three letters of {@code w}, or null. */
    private PrefixHit[] prefixHits(String w) {
        long key = key3(w);
        for (int slot = slot(key); prefixKeys[slot] != 0; slot = (slot + 1) & (prefixKeys.length - 1)) {
            if (prefixKeys[slot] == key) {
                return prefixHits[slot];
            }
        }
        return null;
    }

    /** The lexicon shipped with the service. */
    public static Lexicon defaults() {
        try (InputStream in = Lexicon.class.getResourceAsStream("/tagging/lang/en/lexicon.txt")) {
            if (in == null) {
                throw new IllegalStateException("tagging/lang/en/lexicon.txt missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a lexicon file; a malformed line is an error naming the line, never silently skipped. */
    public static Lexicon parse(InputStream in) throws IOException {
        List<Entry> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s*;\\s*");
            if (f.length != 5) {
                throw new IllegalArgumentException("lexicon line " + no + ": expected 5 fields separated by ';': " + t);
            }
            PloverCategory cat = f[0].equals("-") ? null : PloverCategory.valueOf(f[0]);
            EventContext ctx = f[1].equals("-") ? null : EventContext.valueOf(f[1]);
            List<SignalType> sig = f[2].equals("-")
                    ? List.of()
                    : Arrays.stream(f[2].split(","))
                            .map(String::strip)
                            .map(SignalType::valueOf)
                            .toList();
            boolean exclusive = f[3].endsWith("!");
            int prio = Integer.parseInt(exclusive ? f[3].substring(0, f[3].length() - 1) : f[3]);
            out.add(new Entry(cat, ctx, sig, prio, exclusive, f[4], elements(f[4], no), no));
        }
        return new Lexicon(out);
    }

    private static Element[] elements(String pattern, int line) {
        String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\s+");
        Element[] els = new Element[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("..")) {
                if (i == 0 || i == parts.length - 1) {
                    throw new IllegalArgumentException(
                            "lexicon line " + line + ": a gap cannot start or end a pattern");
                }
                els[i] = new Element(new String[0], new String[0], Integer.parseInt(p.substring(2)));
                continue;
            }
            List<String> exact = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            List<String> suffixes = new ArrayList<>();
            List<String> infixes = new ArrayList<>();
            for (String alt : p.split("\\|")) {
                boolean lead = alt.startsWith("*");
                boolean trail = alt.endsWith("*") && alt.length() > 1;
                String core = alt.substring(lead ? 1 : 0, alt.length() - (trail ? 1 : 0));
                if (core.length() < 2 && (lead || trail)) {
                    throw new IllegalArgumentException(
                            "lexicon line " + line + ": affix shorter than 2 letters: " + alt);
                }
                if (lead && trail) {
                    infixes.add(core);
                } else if (lead) {
                    suffixes.add(core);
                } else if (trail) {
                    prefixes.add(core);
                } else {
                    exact.add(alt);
                }
            }
            els[i] = new Element(
                    exact.toArray(String[]::new),
                    prefixes.toArray(String[]::new),
                    suffixes.toArray(String[]::new),
                    infixes.toArray(String[]::new),
                    -1);
        }
        return els;
    }

    private static long key3(String w) {
        return ((long) w.charAt(0) << 32) | ((long) w.charAt(1) << 16) | w.charAt(2);
    }

    /** Every entry, in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** All matches in a token sequence, exclusive entries applied; at most one match per entry and start token. */
    public List<Match> match(List<Tokenizer.Token> tokens) {
        List<Match> found = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Word word = tokens.get(i).word();
            Candidates c = word.lexicon;
            if (c == null || c.owner() != this) {
                c = new Candidates(this, candidates(word.lower));
                word.lexicon = c;
            }
            for (Entry e : c.entries()) {
                tryMatch(e, tokens, i, found);
            }
        }
        if (found.size() < 2) {
            return found;
        }
        List<Match> kept = new ArrayList<>(found.size());
        for (Match m : found) {
            boolean shadowed = false;
            for (Match x : found) {
                if (x != m
                        && x.entry().exclusive()
                        && x.entry().priority() > m.entry().priority()
                        && m.firstToken() >= x.firstToken()
                        && m.endToken() <= x.endToken()) {
                    shadowed = true;
                    break;
                }
            }
            if (!shadowed) {
                kept.add(m);
            }
        }
        return kept;
    }

    /** The entries whose first element matches {@code w}: exact words first, then prefixes, in index order. */
    private Entry[] candidates(String w) {
        List<Entry> out = new ArrayList<>(byWord.getOrDefault(w, List.of()));
        for (Entry e : unindexed) {
            if (e.elements()[0].matches(w) && !out.contains(e)) {
                out.add(e);
            }
        }
        if (w.length() >= 3) {
            PrefixHit[] b = prefixHits(w);
            if (b != null) {
                for (PrefixHit h : b) {
                    if (w.startsWith(h.prefix())) {
                        out.add(h.entry());
                    }
                }
            }
        }
        return out.isEmpty() ? NO_ENTRIES : out.toArray(Entry[]::new);
    }

    private static final Entry[] NO_ENTRIES = new Entry[0];

    /** A word's candidate entries, kept on its {@link Word} and tagged with the lexicon that found them. */
    record Candidates(Lexicon owner, Entry[] entries) {}

    /** Matches the rest of {@code e} after its first element, which the caller has checked. */
    private static void tryMatch(Entry e, List<Tokenizer.Token> tokens, int start, List<Match> out) {
        int end = matchFrom(e.elements(), 1, tokens, start + 1);
        if (end >= 0) {
            for (Match m : out) {
                if (m.entry() == e && m.firstToken() == start) {
                    return;
                }
            }
            out.add(new Match(e, start, end));
        }
    }

    /** Token index one past the match of elements[k..] starting at token t, or -1. Gaps take the shortest fill. */
    private static int matchFrom(Element[] els, int k, List<Tokenizer.Token> tokens, int t) {
        if (k == els.length) {
            return t;
        }
        Element el = els[k];
        if (el.gap() >= 0) {
            for (int skip = 0; skip <= el.gap() && t + skip <= tokens.size(); skip++) {
                int r = matchFrom(els, k + 1, tokens, t + skip);
                if (r >= 0) {
                    return r;
                }
            }
            return -1;
        }
        if (t >= tokens.size() || !el.matches(tokens.get(t).lower())) {
            return -1;
        }
        return matchFrom(els, k + 1, tokens, t + 1);
    }
}
