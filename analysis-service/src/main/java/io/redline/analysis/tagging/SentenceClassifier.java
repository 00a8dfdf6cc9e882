package io.redline.analysis.tagging;

import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Logistic-regression heads over one hashed feature vector of a read sentence: the CAMEO 5-class grouping (0
 * statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), the primary
 * PLOVER category (16 categories or none), the primary event's modality, and each named signal (14 independent
 * yes/no heads). The weights are trained by the {@code train} command and shipped as {@code tagging/sentence-model.txt.gz}.
 *
 * <p>Features: each word's lemma and the lemma bigrams, the WordNet synsets (with all hypernyms) of each content
 * word's most frequent verb sense, so that a verb the training sentences never used still shares features with
 * its synonyms ("strafed" and "shelled" both reach attack.v.1), the main predicate (lemma and senses of the main
 * clause's first verb), and the rules' reading (events, primary event and its modality, signals, the sentence's
 * negation, condition, future and attribution cues).
 * Features are hashed with {@link String#hashCode()}, which the Java specification fixes, so weights load the same
 * on every JVM.
 */
public final class SentenceClassifier {

    public static final int CLASSES = 5;
    /** PLOVER head: the 16 categories in enum order, then "none". */
    public static final int PLOVER = PloverCategory.values().length + 1;

    public static final int NO_EVENT = PLOVER - 1;
    static final int MODALITIES = Modality.values().length;
    static final int SIGNALS = SignalType.values().length;
    static final int O_C5 = 0;
    static final int O_PL = O_C5 + CLASSES;
    static final int O_MO = O_PL + PLOVER;
    static final int O_SG = O_MO + MODALITIES;
    static final int WIDTH = O_SG + SIGNALS;
    static final int BITS = 16;
    static final int MASK = (1 << BITS) - 1;

    private static final int BIAS = bucket("bias".hashCode());

    /** A file the shipped weights were trained on: its path as given to {@code train}, its SHA-256, its weight. */
    public record TrainedFile(String path, String sha256, double weight) {}

    /** Non-zero rows only: {@code rowOf[bucket]} is the bucket's row in {@code rows} (WIDTH floats), 0 = all zero. */
    private final int[] rowOf;

    private final float[] rows;
    /**
     * The rows of the few hundred rule features (events, signals, modalities, cues), copied side by side: they are
     * read for every sentence, and scattered through the 6 MB table they cost a cache miss each.
     */
    private final float[] ruleRows;

    private final List<TrainedFile> trainedOn;
    private final boolean rulesOnly;

    SentenceClassifier(float[] weights, List<TrainedFile> trainedOn, boolean rulesOnly) {
        this.trainedOn = List.copyOf(trainedOn);
        this.rulesOnly = rulesOnly;
        this.rowOf = new int[MASK + 1];
        int n = 1;
        for (int f = 0; f <= MASK; f++) {
            if (!zeroRow(weights, f)) {
                rowOf[f] = n++;
            }
        }
        this.rows = new float[n * WIDTH];
        for (int f = 0; f <= MASK; f++) {
            if (rowOf[f] != 0) {
                System.arraycopy(weights, f * WIDTH, rows, rowOf[f] * WIDTH, WIDTH);
            }
        }
        this.ruleRows = new float[RULE_BUCKETS.length * WIDTH];
        for (int id = 0; id < RULE_BUCKETS.length; id++) {
            System.arraycopy(weights, RULE_BUCKETS[id] * WIDTH, ruleRows, id * WIDTH, WIDTH);
        }
    }

    private static boolean zeroRow(float[] w, int f) {
        for (int k = 0; k < WIDTH; k++) {
            if (w[f * WIDTH + k] != 0f) {
                return false;
            }
        }
        return true;
    }

    /** The files the shipped weights were trained on, so the harness can cross-validate instead of scoring on them. */
    public List<TrainedFile> trainedOn() {
        return trainedOn;
    }

    /** True for the baseline that trusts the rules' primary event alone. */
    public boolean isRulesOnly() {
        return rulesOnly;
    }

    /** The PLOVER-to-class5 mapping of the events README (CAMEO roots grouped into five classes). */
    public static int class5(PloverCategory c) {
        if (c == null) {
            return 0;
        }
        return switch (c) {
            case AGREE, CONSULT, SUPPORT, CONCEDE -> 1;
            case COOPERATE, AID, RETREAT -> 2;
            case REQUEST, ACCUSE, REJECT, THREATEN, SANCTION -> 3;
            case PROTEST, MOBILIZE, COERCE, ASSAULT -> 4;
        };
    }

    /** What the heads say about one sentence. */
    public record Scores(double[] class5, double[] plover, double[] modality, double[] signals) {

        /** The most probable class5. */
        public int bestClass5() {
            return argmax(class5);
        }

        /** The most probable primary category, null for "no event". */
        public PloverCategory bestPlover() {
            int k = argmax(plover);
            return k == NO_EVENT ? null : PloverCategory.values()[k];
        }

        /** The probability that the sentence carries signal {@code s}. */
        public double signal(SignalType s) {
            return signals[s.ordinal()];
        }
    }

    /** The heads' probabilities for a read sentence. */
    public Scores scores(SentenceTagger.Reading r) {
        if (rulesOnly) {
            return rulesScores(r);
        }
        // The features of features(r), without building them: a word's lexical features (lemma and WordNet
        // synsets, up to a dozen rows) are summed once per word and kept on its Word, so a token costs two row
        // additions (its word's sum and its bigram) however many senses it has.
        double[] z = new double[WIDTH];
        add(z, BIAS);
        int prev = NO_PREVIOUS;
        for (Tokenizer.Token t : r.tokens()) {
            if (t.isPunct()) {
                prev = NO_PREVIOUS;
                continue;
            }
            WordRow row = wordRow(t.word());
            float[] v = row.sum();
            for (int k = 0; k < WIDTH; k++) {
                z[k] += v[k];
            }
            add(z, bigram(prev, row.lemmaHash()));
            prev = row.lemmaHash();
        }
        mainVerbFeatures(r, f -> add(z, f));
        ruleFeatures(r, id -> {
            int base = id * WIDTH;
            for (int k = 0; k < WIDTH; k++) {
                z[k] += ruleRows[base + k];
            }
        });
        return toScores(z);
    }

    private void add(double[] z, int f) {
        int base = rowOf[f] * WIDTH;
        if (base == 0) {
            return;
        }
        for (int k = 0; k < WIDTH; k++) {
            z[k] += rows[base + k];
        }
    }

    /** The sum of a word's lexical feature rows in this model, kept on its {@link Word}. */
    record WordRow(SentenceClassifier owner, float[] sum, int lemmaHash) {}

    private WordRow wordRow(Word w) {
        WordRow row = w.modelRow;
        if (row != null && row.owner() == this) {
            return row;
        }
        Lexical lx = lexical(w);
        float[] sum = new float[WIDTH];
        for (int b : lx.buckets()) {
            int base = rowOf[b] * WIDTH;
            if (base != 0) {
                for (int k = 0; k < WIDTH; k++) {
                    sum[k] += rows[base + k];
                }
            }
        }
        row = new WordRow(this, sum, lx.lemmaHash());
        w.modelRow = row;
        return row;
    }

    /**
     * The token whose own features (lemma and WordNet senses) weigh most for signal {@code s}: the word a signal
     * found by the model alone is shown on. The first word when none weighs for it.
     */
    public int strongestToken(SentenceTagger.Reading r, SignalType s) {
        return strongestToken(r, O_SG + s.ordinal());
    }

    /** The token whose own features weigh most for PLOVER category {@code c}: where a model-only event stands. */
    public int strongestToken(SentenceTagger.Reading r, PloverCategory c) {
        return strongestToken(r, O_PL + c.ordinal());
    }

    private int strongestToken(SentenceTagger.Reading r, int column) {
        int best = 0;
        double bestWeight = Double.NEGATIVE_INFINITY;
        List<Tokenizer.Token> toks = r.tokens();
        boolean anyVerb = false;
        for (Tokenizer.Token t : toks) {
            anyVerb |= !t.isPunct() && t.word().lexeme().canBeVerb();
        }
        for (int i = 0; i < toks.size(); i++) {
            // Events are told by verbs and their nouns ("manufacture", "shelling"), not by the names around them.
            if (toks.get(i).isPunct()
                    || (anyVerb && !toks.get(i).word().lexeme().canBeVerb())) {
                continue;
            }
            double w = 0;
            for (int b : lexical(toks.get(i).word()).buckets) {
                int base = rowOf[b] * WIDTH;
                if (base != 0) {
                    w += rows[base + column];
                }
            }
            if (w > bestWeight) {
                bestWeight = w;
                best = i;
            }
        }
        return best;
    }

    /** Class5 probabilities of a read sentence (the CAMEO-convention head). */
    public double[] probabilities(SentenceTagger.Reading r) {
        return scores(r).class5();
    }

    /** The most probable class5 of a read sentence. */
    public int predict(SentenceTagger.Reading r) {
        return scores(r).bestClass5();
    }

    /** The baseline's scores: certainty for the rules' primary event, its class5, its modality and the rules' signals. */
    private static Scores rulesScores(SentenceTagger.Reading r) {
        double[] c5 = new double[CLASSES];
        double[] pl = new double[PLOVER];
        double[] mo = new double[MODALITIES];
        double[] sg = new double[SIGNALS];
        PloverCategory p = r.primaryCategory();
        c5[class5(p)] = 1;
        pl[p == null ? NO_EVENT : p.ordinal()] = 1;
        mo[
                r.primary() == null
                        ? Modality.ASSERTED.ordinal()
                        : r.primary().modality().ordinal()] = 1;
        for (Finding f : r.signals()) {
            sg[f.signal().ordinal()] = 1;
        }
        return new Scores(c5, pl, mo, sg);
    }

    private static Scores toScores(double[] z) {
        double[] c5 = softmax(z, O_C5, CLASSES);
        double[] pl = softmax(z, O_PL, PLOVER);
        double[] mo = softmax(z, O_MO, MODALITIES);
        double[] sg = new double[SIGNALS];
        for (int k = 0; k < SIGNALS; k++) {
            sg[k] = 1 / (1 + Math.exp(-z[O_SG + k]));
        }
        return new Scores(c5, pl, mo, sg);
    }

    /** Index of the largest value. */
    public static int argmaxOf(double[] p) {
        return argmax(p);
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] softmax(double[] z, int off, int n) {
        double max = z[off];
        for (int k = 1; k < n; k++) {
            max = Math.max(max, z[off + k]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            p[k] = Math.exp(z[off + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < n; k++) {
            p[k] /= sum;
        }
        return p;
    }

    // ---- features ------------------------------------------------------------------------------------------

    /** Hashed feature buckets of a read sentence (duplicates kept: counts matter little and cost nothing). */
    static int[] features(SentenceTagger.Reading r) {
        List<Tokenizer.Token> toks = r.tokens();
        int[][] out = {new int[64]};
        int[] n = {0};
        out[0][n[0]++] = BIAS;
        int prev = NO_PREVIOUS;
        for (Tokenizer.Token t : toks) {
            if (t.isPunct()) {
                prev = NO_PREVIOUS;
                continue;
            }
            Lexical lx = lexical(t.word());
            if (n[0] + lx.buckets.length + 2 > out[0].length) {
                out[0] = Arrays.copyOf(out[0], Math.max(out[0].length * 2, n[0] + lx.buckets.length + 8));
            }
            for (int b : lx.buckets) {
                out[0][n[0]++] = b;
            }
            out[0][n[0]++] = bigram(prev, lx.lemmaHash);
            prev = lx.lemmaHash;
        }
        mainVerbFeatures(r, f -> {
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], out[0].length * 2);
            }
            out[0][n[0]++] = f;
        });
        ruleFeatures(r, id -> {
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], out[0].length * 2);
            }
            out[0][n[0]++] = RULE_BUCKETS[id];
        });
        return Arrays.copyOf(out[0], n[0]);
    }

    private static final int NO_PREVIOUS = 0x1234567;
    private static final java.util.Set<String> DETERMINERS = java.util.Set.of(
            "the", "a", "an", "its", "their", "his", "her", "this", "these", "that", "those", "our", "any", "no",
            "every", "each");

    /**
     * The main predicate: the first verb-like word of the sentence's main clause (after an opening "X said that",
     * before a closing ", X said"; not in a condition or background clause, not after a determiner), as its lemma
     * and its first verb sense's synsets: what the sentence says happened.
     */
    private static int[] mainVerbBuckets(Word w, WordNetTable.Lexeme lex) {
        int[] b = w.mainVerbBuckets;
        if (b == null) {
            int[] senses = lex.verbSenses()[0];
            b = new int[senses.length + 1];
            b[0] = bucket(("mv:" + lex.verbLemma()).hashCode());
            for (int i = 0; i < senses.length; i++) {
                b[i + 1] = bucket(("mvs:" + senses[i]).hashCode());
            }
            w.mainVerbBuckets = b;
        }
        return b;
    }

    static void mainVerbFeatures(SentenceTagger.Reading r, java.util.function.IntConsumer out) {
        List<Tokenizer.Token> toks = r.tokens();
        int from = 0;
        int to = toks.size();
        for (int i = 0; i < toks.size(); i++) {
            String w = toks.get(i).lower();
            if ((w.equals("said")
                            || w.equals("says")
                            || w.equals("told")
                            || w.equals("warned")
                            || w.equals("announced"))
                    && i + 1 < toks.size()
                    && toks.get(i + 1).lower().equals("that")
                    && i < toks.size() / 2) {
                from = i + 2;
                break;
            }
        }
        for (int i = toks.size() - 1; i > from; i--) {
            if (toks.get(i).isPunct()) {
                boolean speech = false;
                for (int k = i + 1; k < toks.size(); k++) {
                    speech |= (toks.get(k).word().cueBits & SentenceTagger.SPEAK) != 0;
                }
                if (speech) {
                    to = i;
                }
                break;
            }
        }
        for (int i = from; i < to; i++) {
            Tokenizer.Token t = toks.get(i);
            if (t.isPunct()) {
                continue;
            }
            String w = t.lower();
            if (w.equals("if") || w.equals("unless") || w.equals("after") || w.equals("amid") || w.equals("despite")) {
                while (i < to && !toks.get(i).isPunct()) {
                    i++;
                }
                continue;
            }
            WordNetTable.Lexeme lex = t.word().lexeme();
            if (!lex.canBeVerb()
                    || lex.verbSenses().length == 0
                    || WordNetTable.FUNCTION_WORDS.contains(w)
                    || (i > 0 && DETERMINERS.contains(toks.get(i - 1).lower()))
                    || (i > 0 && Character.isUpperCase(t.source().charAt(t.start())))) {
                continue;
            }
            // Hashed once per word and kept: the main verb is looked for in every scored sentence.
            for (int f : mainVerbBuckets(t.word(), lex)) {
                out.accept(f);
            }
            return;
        }
    }
    /** Every rule feature's bucket, by rule-feature id (the ids ruleFeatures emits: offsets below). */
    private static final int[] RULE_BUCKETS;

    private static final int R_CATEGORY;
    private static final int R_CATEGORY_MODALITY;
    private static final int R_SIGNAL;
    private static final int R_SIGNAL_MODALITY;
    private static final int R_PRIMARY;
    private static final int R_CLASS;
    private static final int R_MODALITY;
    private static final int R_PRIMARY_MODALITY;
    private static final int R_CUE;
    private static final int[] CATEGORY =
            enumBuckets("c:", PloverCategory.values().length, i -> PloverCategory.values()[i].name());
    private static final int[] SIGNAL =
            enumBuckets("s:", SignalType.values().length, i -> SignalType.values()[i].name());
    private static final int[] PRIMARY =
            enumBuckets("p:", PLOVER, i -> i == NO_EVENT ? "null" : PloverCategory.values()[i].name());
    private static final int[] CLASS = enumBuckets("x:", CLASSES, Integer::toString);
    private static final int[] MODALITY = enumBuckets("m:", MODALITIES, i -> Modality.values()[i].name());
    private static final int[] CUE = enumBuckets("q:", 13, Integer::toString);
    /** Category, signal or primary event crossed with a modality: "cm:ASSAULTREPORTED", "sm:...", "pm:...". */
    private static final int[] CATEGORY_MODALITY =
            crossBuckets("cm:", PloverCategory.values().length, i -> PloverCategory.values()[i].name());

    private static final int[] SIGNAL_MODALITY =
            crossBuckets("sm:", SignalType.values().length, i -> SignalType.values()[i].name());
    private static final int[] PRIMARY_MODALITY =
            crossBuckets("pm:", PloverCategory.values().length, i -> PloverCategory.values()[i].name());

    private static int[] enumBuckets(String prefix, int n, java.util.function.IntFunction<String> name) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = hash(prefix + name.apply(i));
        }
        return b;
    }

    private static int[] crossBuckets(String prefix, int n, java.util.function.IntFunction<String> name) {
        int[] b = new int[n * MODALITIES];
        for (int i = 0; i < n; i++) {
            for (Modality m : Modality.values()) {
                b[i * MODALITIES + m.ordinal()] = hash(prefix + name.apply(i) + m.name());
            }
        }
        return b;
    }

    static {
        int[][] groups = {
            CATEGORY, CATEGORY_MODALITY, SIGNAL, SIGNAL_MODALITY, PRIMARY, CLASS, MODALITY, PRIMARY_MODALITY, CUE
        };
        int[] offsets = new int[groups.length];
        int n = 0;
        for (int g = 0; g < groups.length; g++) {
            offsets[g] = n;
            n += groups[g].length;
        }
        RULE_BUCKETS = new int[n];
        for (int g = 0; g < groups.length; g++) {
            System.arraycopy(groups[g], 0, RULE_BUCKETS, offsets[g], groups[g].length);
        }
        R_CATEGORY = offsets[0];
        R_CATEGORY_MODALITY = offsets[1];
        R_SIGNAL = offsets[2];
        R_SIGNAL_MODALITY = offsets[3];
        R_PRIMARY = offsets[4];
        R_CLASS = offsets[5];
        R_MODALITY = offsets[6];
        R_PRIMARY_MODALITY = offsets[7];
        R_CUE = offsets[8];
    }

    /** The bigram bucket of a word after the one whose lemma hashes to {@code prev}. */
    private static int bigram(int prev, int lemmaHash) {
        return bucket((prev * 0x9E3779B1) ^ (lemmaHash + 2));
    }

    /**
     * The rules' reading as rule-feature ids (indexes of {@link #RULE_BUCKETS}): events and signals with their
     * modalities, the primary event, its class5 and modality, the sentence's cues.
     */
    private static void ruleFeatures(SentenceTagger.Reading r, java.util.function.IntConsumer out) {
        for (Finding e : r.events()) {
            out.accept(R_CATEGORY + e.category().ordinal());
            out.accept(R_CATEGORY_MODALITY
                    + e.category().ordinal() * MODALITIES
                    + e.modality().ordinal());
        }
        for (Finding s : r.signals()) {
            out.accept(R_SIGNAL + s.signal().ordinal());
            out.accept(R_SIGNAL_MODALITY
                    + s.signal().ordinal() * MODALITIES
                    + s.modality().ordinal());
        }
        PloverCategory p = r.primaryCategory();
        out.accept(R_PRIMARY + (p == null ? NO_EVENT : p.ordinal()));
        out.accept(R_CLASS + class5(p));
        if (r.primary() != null) {
            int m = r.primary().modality().ordinal();
            out.accept(R_MODALITY + m);
            out.accept(R_PRIMARY_MODALITY + p.ordinal() * MODALITIES + m);
        }
        int cues = r.cues();
        for (int i = 0; i < CUE.length; i++) {
            if ((cues & (1 << i)) != 0) {
                out.accept(R_CUE + i);
            }
        }
    }

    private static int hash(String s) {
        return bucket(s.hashCode());
    }

    /** A word's lexical feature buckets (lemma, verb and noun synsets) and its lemma's hash, kept on its {@link Word}. */
    record Lexical(int[] buckets, int lemmaHash) {}

    static Lexical lexical(Word w) {
        Lexical lx = w.lexical;
        if (lx != null) {
            return lx;
        }
        WordNetTable.Lexeme lex = w.lexeme();
        String lemma = lex.verbLemma() != null ? lex.verbLemma() : lex.nounLemma() != null ? lex.nounLemma() : w.lower;
        List<Integer> b = new ArrayList<>();
        b.add(bucket(("w:" + lemma).hashCode()));
        // The first verb sense with all its hypernyms. Noun senses were tried and left out: with every noun's
        // hypernym chain (entity, physical object...) cross-validated class5 accuracy fell from 0.81 to 0.76.
        if (lex.verbSenses().length > 0) {
            for (int id : lex.verbSenses()[0]) {
                b.add(bucket(("v:" + id).hashCode()));
            }
        }
        lx = new Lexical(b.stream().mapToInt(Integer::intValue).toArray(), lemma.hashCode());
        w.lexical = lx;
        return lx;
    }

    private static int bucket(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & MASK;
    }

    // ---- training ------------------------------------------------------------------------------------------

    /**
     * One training sentence: its reading and whichever labels its file has (-1 for a missing class5, PLOVER or
     * modality label; {@code signals} null when the file has no signals column).
     */
    public record Example(
            SentenceTagger.Reading reading, int class5, int plover, int modality, boolean[] signals, double weight) {}

    /** Trains every head on the labels each example has: SGD on the log losses with L2, fixed seed. */
    public static SentenceClassifier train(List<Example> examples, List<TrainedFile> trainedOn) {
        int[][] x = new int[examples.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features(examples.get(i).reading());
        }
        float[] w = new float[(MASK + 1) * WIDTH];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rnd = new Random(20261206L);
        // Chosen on the development probes and ConfliBERT cross-validation (rates 0.05-0.4, L2 1e-6-1e-4,
        // 10-40 epochs tried; the differences were within two points).
        int epochs = 20;
        double rate = 0.1;
        double l2 = 1e-4;
        double[] z = new double[WIDTH];
        double[] g = new double[WIDTH];
        for (int ep = 0; ep < epochs; ep++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lr = rate / (1 + 0.1 * ep);
            for (int i : order) {
                Example e = examples.get(i);
                Arrays.fill(z, 0);
                for (int f : x[i]) {
                    int base = f * WIDTH;
                    for (int k = 0; k < WIDTH; k++) {
                        z[k] += w[base + k];
                    }
                }
                Arrays.fill(g, 0);
                double weight = e.weight();
                gradient(z, g, O_C5, CLASSES, e.class5());
                gradient(z, g, O_PL, PLOVER, e.plover());
                gradient(z, g, O_MO, MODALITIES, e.modality());
                if (e.signals() != null) {
                    for (int k = 0; k < SIGNALS; k++) {
                        g[O_SG + k] = 1 / (1 + Math.exp(-z[O_SG + k])) - (e.signals()[k] ? 1 : 0);
                    }
                }
                for (int f : x[i]) {
                    int base = f * WIDTH;
                    for (int k = 0; k < WIDTH; k++) {
                        if (g[k] != 0 || w[base + k] != 0) {
                            w[base + k] -= (float) (lr * (weight * g[k] + l2 * w[base + k]));
                        }
                    }
                }
            }
        }
        // Weights too small to matter are dropped, so the shipped file holds what decides.
        for (int k = 0; k < w.length; k++) {
            if (Math.abs(w[k]) < 2e-3f) {
                w[k] = 0f;
            }
        }
        return new SentenceClassifier(w, trainedOn, false);
    }

    /** Softmax log-loss gradient of one head into {@code g}; nothing when the label is missing. */
    private static void gradient(double[] z, double[] g, int off, int n, int label) {
        if (label < 0) {
            return;
        }
        double[] p = softmax(z, off, n);
        for (int k = 0; k < n; k++) {
            g[off + k] = p[k] - (k == label ? 1 : 0);
        }
    }

    // ---- persistence ---------------------------------------------------------------------------------------

    /** Writes the weights, gzip-compressed: a header with the training files, then {@code bucket w0 ... w40} rows. */
    public void write(OutputStream out) throws IOException {
        BufferedWriter b =
                new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8));
        b.write("# redline sentence model; buckets=" + (MASK + 1) + "; width=" + WIDTH + "\n");
        for (TrainedFile t : trainedOn) {
            b.write("# trained-on " + t.sha256() + " " + t.weight() + " " + t.path() + "\n");
        }
        for (int f = 0; f <= MASK; f++) {
            int base = rowOf[f] * WIDTH;
            if (base == 0) {
                continue;
            }
            b.write(Integer.toString(f));
            for (int k = 0; k < WIDTH; k++) {
                float v = rows[base + k];
                b.write(' ');
                b.write(v == 0f ? "0" : String.format(Locale.ROOT, "%.3f", v));
            }
            b.write('\n');
        }
        b.flush();
        b.close();
    }

    /** Reads weights written by {@link #write(OutputStream)}. */
    public static SentenceClassifier read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
        float[] w = new float[(MASK + 1) * WIDTH];
        List<TrainedFile> trained = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("#")) {
                if (line.startsWith("# redline sentence model")
                        && !line.contains("buckets=" + (MASK + 1) + "; width=" + WIDTH)) {
                    throw new IllegalArgumentException("sentence model written for another feature table or heads; "
                            + "retrain with the train command: " + line);
                }
                if (line.startsWith("# trained-on ")) {
                    String[] f = line.substring("# trained-on ".length()).split(" ", 3);
                    trained.add(
                            f.length == 3
                                    ? new TrainedFile(f[2], f[0], Double.parseDouble(f[1]))
                                    : new TrainedFile(f[1], f[0], 1.0)); // written before files had weights
                }
                continue;
            }
            String[] f = line.split(" ");
            int base = Integer.parseInt(f[0]) * WIDTH;
            for (int k = 0; k < WIDTH; k++) {
                w[base + k] = Float.parseFloat(f[k + 1]);
            }
        }
        return new SentenceClassifier(w, trained, false);
    }

    /** The model shipped with the service, or the rules-only baseline if none is shipped. */
    public static SentenceClassifier defaults() {
        try (InputStream in = SentenceClassifier.class.getResourceAsStream("/tagging/sentence-model.txt.gz")) {
            if (in == null) {
                return rulesOnly();
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model that only trusts the rules: used before any weights exist, and as a baseline. */
    public static SentenceClassifier rulesOnly() {
        return new SentenceClassifier(new float[(MASK + 1) * WIDTH], List.of(), true);
    }
}
