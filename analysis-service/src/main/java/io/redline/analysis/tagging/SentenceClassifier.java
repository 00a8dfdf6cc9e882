package io.redline.analysis.tagging;

import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Multinomial logistic regression over hashed word, bigram and lexicon features that gives a sentence's
 * CAMEO 5-class (0 statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
 * conflict) probabilities; weights are trained by {@code TrainCommand} and shipped as a resource.
 *
 * <p>The lexicon features (the rules' events, primary event, signals and modality) carry most of the
 * explanation; the word features let the model learn what the rules miss. Features are hashed with
 * {@link String#hashCode()}, which the Java specification fixes, so weights load the same on every JVM.
 */
public final class SentenceClassifier {

    public static final int CLASSES = 5;
    static final int BITS = 15;
    static final int MASK = (1 << BITS) - 1;

    // Buckets of the lexicon features, hashed once: "c:ASSAULT", "s:STRIKE", "p:THREATEN", "x:3", "m:FUTURE"...
    private static final int[] CATEGORY_BUCKET = enumBuckets("c:", PloverCategory.values());
    private static final int[] SIGNAL_BUCKET = enumBuckets("s:", SignalType.values());
    private static final int[] PRIMARY_BUCKET = enumBuckets("p:", PloverCategory.values());
    private static final int BIAS_BUCKET = bucket(0x5bd1e995);
    /** The "previous word" of a sentence's or clause's first word, for its bigram. */
    private static final int NO_PREVIOUS = 0x1234567;
    private static final int NO_PRIMARY_BUCKET = bucket("p:NONE".hashCode());
    private static final int[] CLASS_BUCKET = {bucket("x:0".hashCode()), bucket("x:1".hashCode()),
        bucket("x:2".hashCode()), bucket("x:3".hashCode()), bucket("x:4".hashCode())};
    private static final int[] MODALITY_BUCKET = enumBuckets("m:", Modality.values());
    private static final int[] PRIMARY_MODALITY_BUCKET = new int[PloverCategory.values().length * Modality.values().length];

    static {
        for (PloverCategory c : PloverCategory.values()) {
            for (Modality m : Modality.values()) {
                PRIMARY_MODALITY_BUCKET[c.ordinal() * Modality.values().length + m.ordinal()] =
                        bucket(("pm:" + c.name() + m.name()).hashCode());
            }
        }
    }

    private static int[] enumBuckets(String prefix, Enum<?>[] values) {
        int[] b = new int[values.length];
        for (Enum<?> v : values) {
            b[v.ordinal()] = bucket((prefix + v.name()).hashCode());
        }
        return b;
    }

    /**
     * The weights, compacted: {@code rowOf[bucket]} is the bucket's row in {@code rows} (CLASSES floats each),
     * and every bucket whose weights are all +0 shares row 0, which stays zero. About half the buckets are
     * empty, so the table is half the size of the dense 2^15 x 5 array and more of it stays in the core's
     * cache; a sentence still adds the same floats in the same order, zeros included, so its sums are
     * bit-for-bit those of the dense table.
     */
    private final char[] rowOf;
    private final float[] rows;
    private final String trainedOn;

    SentenceClassifier(float[] weights, String trainedOn) {
        this.trainedOn = trainedOn;
        this.rowOf = new char[MASK + 1]; // at most 2^15 + 1 rows: a char always holds the row number
        int n = 1;
        for (int f = 0; f <= MASK; f++) {
            if (!zeroRow(weights, f)) {
                rowOf[f] = (char) n++;
            }
        }
        this.rows = new float[n * CLASSES];
        for (int f = 0; f <= MASK; f++) {
            System.arraycopy(weights, f * CLASSES, rows, rowOf[f] * CLASSES, rowOf[f] == 0 ? 0 : CLASSES);
        }
    }

    /** True when every weight of bucket {@code f} is +0 (raw bits: a -0 keeps its row, so rows hold what was loaded). */
    private static boolean zeroRow(float[] w, int f) {
        for (int k = 0; k < CLASSES; k++) {
            if (Float.floatToRawIntBits(w[f * CLASSES + k]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the TSV the shipped weights were trained on, so the harness can refuse to score on it. */
    public String trainedOn() {
        return trainedOn;
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

    /** Class probabilities of a read sentence. */
    public double[] probabilities(SentenceTagger.Reading r) {
        // The features of features(r), added in the same order (so the sums are bit-for-bit the same) without
        // building the array; a word's unigram weights come from its Word, sparing a read from the table.
        double[] z = new double[CLASSES];
        add(z, BIAS_BUCKET);
        int prev = NO_PREVIOUS;
        for (Tokenizer.Token t : r.tokens()) {
            if (t.isPunct()) {
                prev = NO_PREVIOUS;
                continue;
            }
            Word w = t.word();
            UnigramRow u = w.unigramRow;
            if (u == null || u.owner() != this) {
                int base = rowOf[w.unigramBucket] * CLASSES;
                u = new UnigramRow(this, rows[base], rows[base + 1], rows[base + 2], rows[base + 3], rows[base + 4]);
                w.unigramRow = u;
            }
            z[0] += u.w0();
            z[1] += u.w1();
            z[2] += u.w2();
            z[3] += u.w3();
            z[4] += u.w4();
            int h = w.stemHash;
            add(z, bigramBucket(prev, h));
            prev = h;
        }
        for (Finding e : r.events()) {
            add(z, CATEGORY_BUCKET[e.category().ordinal()]);
        }
        for (Finding s : r.signals()) {
            add(z, SIGNAL_BUCKET[s.signal().ordinal()]);
        }
        PloverCategory p = r.primaryCategory();
        add(z, p == null ? NO_PRIMARY_BUCKET : PRIMARY_BUCKET[p.ordinal()]);
        add(z, CLASS_BUCKET[class5(p)]);
        if (r.primary() != null) {
            int m = r.primary().modality().ordinal();
            add(z, MODALITY_BUCKET[m]);
            add(z, PRIMARY_MODALITY_BUCKET[p.ordinal() * Modality.values().length + m]);
        }
        return softmax(z);
    }

    /** Adds bucket {@code f}'s weights to the class sums. */
    private void add(double[] z, int f) {
        int base = rowOf[f] * CLASSES;
        for (int k = 0; k < CLASSES; k++) {
            z[k] += rows[base + k];
        }
    }

    /** A word's unigram weights, kept on its {@link Word} and tagged with the classifier they come from. */
    record UnigramRow(SentenceClassifier owner, float w0, float w1, float w2, float w3, float w4) {
    }

    /** The most probable class of a read sentence. */
    public int predict(SentenceTagger.Reading r) {
        return argmax(probabilities(r));
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

    static double[] probabilities(float[] w, int[] feats) {
        double[] z = new double[CLASSES];
        for (int f : feats) {
            int base = f * CLASSES;
            for (int k = 0; k < CLASSES; k++) {
                z[k] += w[base + k];
            }
        }
        return softmax(z);
    }

    /** Turns the class sums {@code z} into probabilities, in place. */
    private static double[] softmax(double[] z) {
        double max = z[0];
        for (int k = 1; k < CLASSES; k++) {
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < CLASSES; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < CLASSES; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /**
     * Hashed feature buckets of a read sentence (duplicates kept: counts matter little and cost nothing).
     * {@link #probabilities(SentenceTagger.Reading)} adds the same features in the same order without this
     * array: change both together.
     */
    static int[] features(SentenceTagger.Reading r) {
        List<Tokenizer.Token> toks = r.tokens();
        int[] out = new int[toks.size() * 2 + r.events().size() + r.signals().size() + 6];
        int n = 0;
        out[n++] = BIAS_BUCKET;
        int prev = NO_PREVIOUS;
        for (Tokenizer.Token t : toks) {
            if (t.isPunct()) {
                prev = NO_PREVIOUS;
                continue;
            }
            Word w = t.word();
            int h = w.stemHash;
            out[n++] = w.unigramBucket;
            out[n++] = bigramBucket(prev, h);
            prev = h;
        }
        for (Finding e : r.events()) {
            out[n++] = CATEGORY_BUCKET[e.category().ordinal()];
        }
        for (Finding s : r.signals()) {
            out[n++] = SIGNAL_BUCKET[s.signal().ordinal()];
        }
        PloverCategory p = r.primaryCategory();
        out[n++] = p == null ? NO_PRIMARY_BUCKET : PRIMARY_BUCKET[p.ordinal()];
        out[n++] = CLASS_BUCKET[class5(p)];
        if (r.primary() != null) {
            int m = r.primary().modality().ordinal();
            out[n++] = MODALITY_BUCKET[m];
            out[n++] = PRIMARY_MODALITY_BUCKET[p.ordinal() * Modality.values().length + m];
        }
        return Arrays.copyOf(out, n);
    }

    private static int bucket(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h & MASK;
    }

    /** The bigram feature bucket of a word with stem hash {@code h} after one with {@code prev}. */
    private static int bigramBucket(int prev, int h) {
        return bucket((prev * 0x9E3779B1) ^ (h + 2));
    }

    /** The unigram feature bucket of a word with stem hash {@code h}. */
    static int unigramBucket(int h) {
        return bucket(h * 31 + 1);
    }

    /** Hash of a crude stem: plural, past and gerund endings dropped so that small data generalises. */
    static int stemHash(String w) {
        int len = w.length();
        if (len > 5 && w.endsWith("ing")) {
            len -= 3;
        } else if (len > 4 && w.endsWith("ed")) {
            len -= 2;
        } else if (len > 4 && w.endsWith("es")) {
            len -= 2;
        } else if (len > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            len -= 1;
        }
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + w.charAt(i);
        }
        return h;
    }

    /** Trains a model on read sentences and their classes: SGD on the log loss with L2, fixed seed. */
    public static SentenceClassifier train(List<SentenceTagger.Reading> readings, int[] labels, String trainedOn) {
        int[][] x = new int[readings.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features(readings.get(i));
        }
        return new SentenceClassifier(trainWeights(x, labels, 25, 0.2, 1e-5), trainedOn);
    }

    static float[] trainWeights(int[][] x, int[] y, int epochs, double rate, double l2) {
        float[] w = new float[(MASK + 1) * CLASSES];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rnd = new Random(20261127L);
        for (int ep = 0; ep < epochs; ep++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lr = rate / (1 + 0.1 * ep);
            for (int i : order) {
                double[] p = probabilities(w, x[i]);
                for (int f : x[i]) {
                    int base = f * CLASSES;
                    for (int k = 0; k < CLASSES; k++) {
                        double g = p[k] - (k == y[i] ? 1 : 0);
                        w[base + k] -= (float) (lr * (g + l2 * w[base + k]));
                    }
                }
            }
        }
        return w;
    }

    /** Writes the non-zero weights as text: a header line, then {@code bucket w0 w1 w2 w3 w4}. */
    public void write(Writer out) throws IOException {
        BufferedWriter b = new BufferedWriter(out);
        b.write("# redline class5 model; buckets=" + (MASK + 1) + "; trained-on-sha256=" + trainedOn + "\n");
        for (int f = 0; f <= MASK; f++) {
            int base = rowOf[f] * CLASSES;
            boolean any = false;
            for (int k = 0; k < CLASSES; k++) {
                any |= Math.abs(rows[base + k]) >= 1e-4f;
            }
            if (!any) {
                continue;
            }
            b.write(Integer.toString(f));
            for (int k = 0; k < CLASSES; k++) {
                b.write(' ');
                b.write(String.format(Locale.ROOT, "%.4f", rows[base + k]));
            }
            b.write('\n');
        }
        b.flush();
    }

    /** Reads weights written by {@link #write(Writer)}. */
    public static SentenceClassifier read(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        float[] w = new float[(MASK + 1) * CLASSES];
        String trained = "";
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("#")) {
                if (!line.contains("buckets=" + (MASK + 1) + ";")) {
                    throw new IllegalArgumentException("class5 weights were written for another feature-table size; "
                            + "retrain with the train command: " + line);
                }
                int i = line.indexOf("trained-on-sha256=");
                if (i >= 0) {
                    trained = line.substring(i + "trained-on-sha256=".length()).strip();
                }
                continue;
            }
            String[] f = line.split(" ");
            int base = Integer.parseInt(f[0]) * CLASSES;
            for (int k = 0; k < CLASSES; k++) {
                w[base + k] = Float.parseFloat(f[k + 1]);
            }
        }
        return new SentenceClassifier(w, trained);
    }

    /** The model shipped with the service, or a rules-only fallback (class from the primary event) if absent. */
    public static SentenceClassifier defaults() {
        try (InputStream in = SentenceClassifier.class.getResourceAsStream("/tagging/class5-model.txt")) {
            if (in == null) {
                return rulesOnly();
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model that only trusts the rules' primary event: used before any weights exist, and as a baseline. */
    public static SentenceClassifier rulesOnly() {
        float[] w = new float[(MASK + 1) * CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            w[bucket(("x:" + c).hashCode()) * CLASSES + c] = 5f;
        }
        return new SentenceClassifier(w, "");
    }
}
