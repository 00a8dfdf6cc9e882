package io.redline.analysis.eval;

import io.redline.analysis.tagging.SentenceClassifier;
import io.redline.analysis.tagging.SentenceTagger;
import io.redline.common.language.Languages;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns labelled rows into training examples for the sentence model: class5 from a {@code class5} column or, for
 * CAMEO-coded rows, from the {@code cameo} root; the PLOVER category ({@code NONE} = no event), modality and
 * signals from their columns when the file has them. A label that does not parse is an error naming the row.
 */
public final class TrainingSet {

    private TrainingSet() {}

    /** Each row of {@code set} (or only those whose index {@code keep} accepts) as a training example. */
    public static List<SentenceClassifier.Example> examples(
            LabelledSet set, SentenceTagger reader, java.util.function.IntPredicate keep) {
        return examples(set, reader, keep, 1.0);
    }

    /** The same, each example counting {@code weight} times in the training loss. */
    public static List<SentenceClassifier.Example> examples(
            LabelledSet set, SentenceTagger reader, java.util.function.IntPredicate keep, double weight) {
        List<SentenceClassifier.Example> out = new ArrayList<>();
        for (int i = 0; i < set.rows().size(); i++) {
            if (!keep.test(i)) {
                continue;
            }
            Map<String, String> row = set.rows().get(i);
            String text = row.get("text");
            SentenceTagger.Reading r = reader.read(text, Languages.decide(row.get("lang"), text));
            out.add(example(set, row, r, weight));
        }
        return out;
    }

    static SentenceClassifier.Example example(
            LabelledSet set, Map<String, String> row, SentenceTagger.Reading r, double weight) {
        String id = row.get("id");
        try {
            int class5 = -1;
            if (set.has("class5") && !row.get("class5").isBlank()) {
                class5 = Integer.parseInt(row.get("class5"));
            } else if (set.has("cameo") && !row.get("cameo").isBlank()) {
                class5 = cameoClass5(row.get("cameo"));
            }
            int plover = -1;
            if (set.has("plover") && !row.get("plover").isBlank()) {
                String p = row.get("plover").strip().toUpperCase(Locale.ROOT);
                plover = p.equals("NONE")
                        ? SentenceClassifier.NO_EVENT
                        : PloverCategory.valueOf(p).ordinal();
            }
            int modality = -1;
            if (set.has("modality") && !row.get("modality").isBlank()) {
                modality = Modality.valueOf(row.get("modality").strip().toUpperCase(Locale.ROOT))
                        .ordinal();
            }
            boolean[] signals = null;
            if (set.has("signals")) {
                signals = new boolean[SignalType.values().length];
                for (String s : row.get("signals").split(",")) {
                    if (!s.isBlank()) {
                        signals[SignalType.valueOf(s.strip()).ordinal()] = true;
                    }
                }
            }
            return new SentenceClassifier.Example(r, class5, plover, modality, signals, weight);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(set.path() + " row " + id + ": " + e.getMessage(), e);
        }
    }

    /** The class5 of a CAMEO code by its two-digit root (01-02: 0, 03-05: 1, 06-08: 2, 09-13 and 16: 3, others: 4). */
    static int cameoClass5(String code) {
        String c = code.strip();
        int root = Integer.parseInt(c.length() >= 2 ? c.substring(0, 2) : c);
        if (root < 1 || root > 20) {
            throw new IllegalArgumentException("CAMEO root out of range: " + code);
        }
        if (root <= 2) {
            return 0;
        }
        if (root <= 5) {
            return 1;
        }
        if (root <= 8) {
            return 2;
        }
        if (root <= 13 || root == 16) {
            return 3;
        }
        return 4;
    }
}
