package io.redline.analysis.tagging;

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

/**
 * What the tagger needs to read one language other than English: its trigger lexicon
 * ({@code tagging/lang/<code>/lexicon.txt}, the English format, with prefixes for inflected forms) and its modality
 * and attribution cues ({@code tagging/lang/<code>/cues.txt}).
 *
 * <p>A cue line is {@code KIND ; word|prefix*|*suffix ...}; KIND is one of NEG (negation), DENY (denial verb),
 * COND (condition: if, unless), WEAK (could, might), FUT (future auxiliary or adverb), INTENT (plans, vows, intends),
 * REPORT (said, according to: the event is reported), DOUBT (allegedly: reported even for threats), AFTER (a
 * reporting cue whose speaker follows it: "selon", "laut", "по словам"), VOL (an intention that a negation turns
 * into a refusal), THREAT (an explicit threat verb: a threat made with it keeps its condition and stays asserted).
 */
public final class LanguageProfile {

    private final String language;
    private final Lexicon lexicon;
    private final Map<String, Integer> exact;
    private final List<String[]> affixes; // {kind bits as string, affix, mode p|s}

    private LanguageProfile(String language, Lexicon lexicon, Map<String, Integer> exact, List<String[]> affixes) {
        this.language = language;
        this.lexicon = lexicon;
        this.exact = exact;
        this.affixes = affixes;
    }

    /** The shipped profile of {@code language} (one of {@link Languages#TAGGED} other than English). */
    public static LanguageProfile load(String language) {
        String base = "/tagging/lang/" + language + "/";
        try (InputStream lex = LanguageProfile.class.getResourceAsStream(base + "lexicon.txt");
                InputStream cues = LanguageProfile.class.getResourceAsStream(base + "cues.txt")) {
            if (lex == null || cues == null) {
                throw new IllegalStateException(
                        "tagging/lang/" + language + "/ lexicon.txt or cues.txt missing from the classpath");
            }
            return parse(language, Lexicon.parse(lex), cues);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a cue file; an unknown kind or a malformed line is an error naming the line. */
    static LanguageProfile parse(String language, Lexicon lexicon, InputStream cues) throws IOException {
        Map<String, Integer> exact = new HashMap<>();
        List<String[]> affixes = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(cues, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s*;\\s*", 2);
            if (f.length != 2) {
                throw new IllegalArgumentException(language + " cues line " + no + ": expected KIND ; words");
            }
            int bit = SentenceTagger.cueKind(f[0]);
            if (bit == 0) {
                throw new IllegalArgumentException(language + " cues line " + no + ": unknown kind " + f[0]);
            }
            for (String w : f[1].toLowerCase(Locale.ROOT).split("\\|")) {
                w = w.strip();
                if (w.isEmpty()) {
                    continue;
                }
                if (w.endsWith("*") && w.length() > 1) {
                    affixes.add(new String[] {Integer.toString(bit), w.substring(0, w.length() - 1), "p"});
                } else if (w.startsWith("*") && w.length() > 1) {
                    affixes.add(new String[] {Integer.toString(bit), w.substring(1), "s"});
                } else {
                    exact.merge(w, bit, (a, b) -> a | b);
                }
            }
        }
        return new LanguageProfile(language, lexicon, exact, affixes);
    }

    public String language() {
        return language;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    /** The cue bits of a word in this language; kept on the {@link Word} so that each word is resolved once. */
    int cueBits(Word w) {
        ForeignCues c = w.foreignCues;
        if (c != null && c.owner() == this) {
            return c.bits();
        }
        int bits = exact.getOrDefault(w.lower, 0);
        for (String[] a : affixes) {
            if (a[2].equals("p") ? w.lower.startsWith(a[1]) : w.lower.endsWith(a[1])) {
                bits |= Integer.parseInt(a[0]);
            }
        }
        w.foreignCues = new ForeignCues(this, bits);
        return bits;
    }

    /** A word's cue bits in one language, tagged with the profile that computed them. */
    record ForeignCues(LanguageProfile owner, int bits) {}
}
