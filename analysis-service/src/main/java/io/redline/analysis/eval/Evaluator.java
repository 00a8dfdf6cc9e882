package io.redline.analysis.eval;

import io.redline.analysis.tagging.EscalationTagger;
import io.redline.analysis.tagging.Finding;
import io.redline.analysis.tagging.Languages;
import io.redline.analysis.tagging.SentenceClassifier;
import io.redline.analysis.tagging.SentenceTagger;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores the tagger on a labelled set: class5 (with conflict vs non-conflict), PLOVER, modality and signals,
 * whichever columns the set has. When the shipped class5 weights were trained on this very file, or when asked,
 * class5 is scored by k-fold cross-validation (a fresh model per fold, never scored on rows it learned from).
 */
public final class Evaluator {

    /** The figures of one evaluation, plus the printable report and per-row predictions. */
    public record Result(Metrics class5, double conflictF1, Metrics plover, Metrics modality, int signalTp,
            int signalFp, int signalFn, int crossValidationFolds, String report, List<String> predictions) {

        public double signalPrecision() {
            return signalTp + signalFp == 0 ? 0 : (double) signalTp / (signalTp + signalFp);
        }

        public double signalRecall() {
            return signalTp + signalFn == 0 ? 0 : (double) signalTp / (signalTp + signalFn);
        }
    }

    private final EscalationTagger tagger;

    public Evaluator(EscalationTagger tagger) {
        this.tagger = tagger;
    }

    /**
     * Evaluates {@code set}; {@code folds} &gt; 1 forces k-fold cross-validation of the class5 model, 0 chooses
     * it automatically when the shipped weights were trained on this file.
     */
    public Result evaluate(LabelledSet set, int folds) {
        SentenceTagger st = tagger.sentenceTagger();
        // Each row in its own language: the lang column when the set has one, else the one the text shows.
        List<String> languages = set.rows().stream().map(r -> Languages.decide(r.get("lang"), r.get("text"))).toList();
        List<SentenceTagger.Reading> readings = new ArrayList<>(set.rows().size());
        for (int i = 0; i < set.rows().size(); i++) {
            readings.add(st.read(set.rows().get(i).get("text"), languages.get(i)));
        }
        Map<String, Long> languageCounts = new java.util.TreeMap<>(languages.stream()
                .collect(Collectors.groupingBy(l -> l, Collectors.counting())));
        boolean hasClass5 = set.has("class5");
        int k = folds;
        if (k == 0) {
            k = hasClass5 && set.sha256().equals(tagger.classifier().trainedOn()) ? 5 : 1;
        }
        int[] predicted5 = new int[readings.size()];
        if (k > 1 && hasClass5) {
            int[] gold = set.rows().stream().mapToInt(r -> Integer.parseInt(r.get("class5"))).toArray();
            int[] fold = folds(readings.size(), k);
            for (int f = 0; f < k; f++) {
                List<SentenceTagger.Reading> train = new ArrayList<>();
                List<Integer> trainY = new ArrayList<>();
                for (int i = 0; i < readings.size(); i++) {
                    if (fold[i] != f) {
                        train.add(readings.get(i));
                        trainY.add(gold[i]);
                    }
                }
                SentenceClassifier m = SentenceClassifier.train(train, trainY.stream().mapToInt(Integer::intValue).toArray(), "");
                for (int i = 0; i < readings.size(); i++) {
                    if (fold[i] == f) {
                        predicted5[i] = m.predict(readings.get(i));
                    }
                }
            }
        } else {
            for (int i = 0; i < readings.size(); i++) {
                predicted5[i] = tagger.classifier().predict(readings.get(i));
            }
        }
        Metrics class5 = new Metrics(List.of("0", "1", "2", "3", "4"));
        Metrics conflict = new Metrics(List.of("conflict", "other"));
        Metrics plover = new Metrics(new ArrayList<>(Arrays.stream(PloverCategory.values()).map(Enum::name).toList()));
        Metrics modality = new Metrics(Arrays.stream(Modality.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> predictions = new ArrayList<>();
        predictions.add("id\tclass5\tplover\tmodality\tsignals");
        StringBuilder misses = new StringBuilder();
        for (int i = 0; i < readings.size(); i++) {
            Map<String, String> row = set.rows().get(i);
            SentenceTagger.Reading r = readings.get(i);
            PloverCategory p = r.primaryCategory();
            String pl = p == null ? "NONE" : p.name();
            String mod = r.primary() == null ? "asserted" : r.primary().modality().name().toLowerCase(Locale.ROOT);
            Set<String> sig = r.signals().stream().map(Finding::signal).map(SignalType::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            predictions.add(row.get("id") + "\t" + predicted5[i] + "\t" + pl + "\t" + mod + "\t" + String.join(",", sig));
            if (hasClass5) {
                String g = row.get("class5");
                class5.add(g, Integer.toString(predicted5[i]));
                conflict.add(conflictLabel(g), conflictLabel(Integer.toString(predicted5[i])));
            }
            if (set.has("plover")) {
                plover.add(row.get("plover"), pl);
            }
            if (set.has("modality")) {
                modality.add(row.get("modality").toLowerCase(Locale.ROOT), mod);
            }
            if (set.has("signals")) {
                Set<String> gold = new TreeSet<>();
                for (String s : row.get("signals").split(",")) {
                    if (!s.isBlank()) {
                        gold.add(s.strip());
                    }
                }
                for (String s : sig) {
                    if (gold.contains(s)) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                for (String s : gold) {
                    if (!sig.contains(s)) {
                        fn++;
                    }
                }
                boolean wrong = !gold.equals(sig) || (set.has("plover") && !row.get("plover").equals(pl))
                        || (set.has("modality") && !row.get("modality").equalsIgnoreCase(mod));
                if (wrong) {
                    misses.append(String.format(Locale.ROOT, "  %s gold=%s/%s/%s predicted=%s/%s/%s%n", row.get("id"),
                            row.getOrDefault("plover", "?"), row.getOrDefault("modality", "?"), gold, pl, mod, sig));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# %s (%d rows, analyzer %s, languages %s)%n", set.path(), readings.size(),
                EscalationTagger.VERSION, languageCounts));
        double conflictF1 = 0;
        if (hasClass5) {
            sb.append(k > 1 ? "class5 scored by " + k + "-fold cross-validation (a fresh model per fold)\n"
                    : "class5 scored with the shipped weights (not trained on this file)\n");
            sb.append(class5.report("class5"));
            conflictF1 = conflict.f1("conflict");
            sb.append(String.format(Locale.ROOT, "== conflict (3+4) vs non-conflict: F1(conflict)=%.3f accuracy=%.3f%n",
                    conflictF1, conflict.accuracy()));
        }
        if (set.has("plover")) {
            sb.append(plover.report("plover"));
        }
        if (set.has("modality")) {
            sb.append(modality.report("modality"));
        }
        if (set.has("signals")) {
            double pr = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double rc = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            sb.append(String.format(Locale.ROOT, "== signals: precision=%.3f recall=%.3f (tp=%d fp=%d fn=%d)%n", pr, rc, tp, fp, fn));
            if (!misses.isEmpty()) {
                sb.append("rows with a difference (gold plover/modality/signals vs predicted):\n").append(misses);
            }
        }
        return new Result(hasClass5 ? class5 : null, conflictF1, set.has("plover") ? plover : null,
                set.has("modality") ? modality : null, tp, fp, fn, k, sb.toString(), predictions);
    }

    private static String conflictLabel(String class5) {
        return class5.equals("3") || class5.equals("4") ? "conflict" : "other";
    }

    /** Deterministic fold of each row: a seeded shuffle dealt round-robin. */
    static int[] folds(int n, int k) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        List<Integer> l = new ArrayList<>(Arrays.asList(idx));
        java.util.Collections.shuffle(l, new Random(42));
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[l.get(i)] = i % k;
        }
        return fold;
    }
}
