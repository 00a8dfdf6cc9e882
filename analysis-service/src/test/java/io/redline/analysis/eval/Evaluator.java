package io.redline.analysis.eval;

import io.redline.analysis.tagging.EscalationTagger;
import io.redline.analysis.tagging.SentenceClassifier;
import io.redline.analysis.tagging.SentenceTagger;
import io.redline.common.language.Languages;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * whichever columns the set has. When the shipped sentence model was trained on this very file, or when asked, the
 * model is scored by k-fold cross-validation: per fold a fresh model learns from the other training files and the
 * other folds, and is scored on the held-out rows only.
 *
 * <p>class5 follows the set's convention: in a set with a {@code plover} column the gold class5 is the PLOVER
 * category's (events README mapping, REQUEST = 3), so the prediction is the predicted category's class5; in a
 * CAMEO-coded set (no plover column) it is the model's CAMEO class5 head (appeals = 0).
 */
public final class Evaluator {

    /** The figures of one evaluation, plus the printable report and per-row predictions. */
    public record Result(
            Metrics class5,
            double conflictF1,
            Metrics plover,
            Metrics modality,
            int signalTp,
            int signalFp,
            int signalFn,
            int crossValidationFolds,
            String report,
            List<String> predictions) {

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
     * Evaluates {@code set}; {@code folds} &gt; 1 forces k-fold cross-validation of the model, 0 chooses it
     * automatically when the shipped model was trained on this file.
     */
    public Result evaluate(LabelledSet set, int folds) {
        SentenceTagger st = tagger.sentenceTagger();
        // Each row in its own language: the lang column when the set has one, else the one the text shows.
        List<String> languages = set.rows().stream()
                .map(r -> Languages.decide(r.get("lang"), r.get("text")))
                .toList();
        List<SentenceTagger.Reading> readings = new ArrayList<>(set.rows().size());
        for (int i = 0; i < set.rows().size(); i++) {
            readings.add(st.read(set.rows().get(i).get("text"), languages.get(i)));
        }
        Map<String, Long> languageCounts = new java.util.TreeMap<>(
                languages.stream().collect(Collectors.groupingBy(l -> l, Collectors.counting())));
        SentenceClassifier model = tagger.classifier();
        boolean trainedOnThis =
                model.trainedOn().stream().anyMatch(t -> t.sha256().equals(set.sha256()));
        int k = folds > 1 ? folds : (folds == 0 && trainedOnThis && !model.isRulesOnly() ? 5 : 1);
        SentenceClassifier.Scores[] scores = new SentenceClassifier.Scores[readings.size()];
        if (k > 1) {
            List<SentenceClassifier.Example> others = otherTrainingExamples(model, set, st);
            int[] fold = folds(readings.size(), k);
            for (int f = 0; f < k; f++) {
                int held = f;
                List<SentenceClassifier.Example> train = new ArrayList<>(others);
                double weight = model.trainedOn().stream()
                        .filter(t -> t.sha256().equals(set.sha256()))
                        .mapToDouble(SentenceClassifier.TrainedFile::weight)
                        .findFirst()
                        .orElse(1.0);
                train.addAll(TrainingSet.examples(set, st, i -> fold[i] != held, weight));
                SentenceClassifier m = SentenceClassifier.train(train, List.of());
                for (int i = 0; i < readings.size(); i++) {
                    if (fold[i] == f) {
                        scores[i] = m.scores(readings.get(i));
                    }
                }
            }
        } else {
            for (int i = 0; i < readings.size(); i++) {
                scores[i] = model.scores(readings.get(i));
            }
        }
        boolean hasPlover = set.has("plover");
        boolean hasClass5 = set.has("class5");
        Metrics class5 = new Metrics(List.of("0", "1", "2", "3", "4"));
        Metrics conflict = new Metrics(List.of("conflict", "other"));
        Metrics plover = new Metrics(new ArrayList<>(
                Arrays.stream(PloverCategory.values()).map(Enum::name).toList()));
        Metrics modality = new Metrics(Arrays.stream(Modality.values())
                .map(m -> m.name().toLowerCase(Locale.ROOT))
                .toList());
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> predictions = new ArrayList<>();
        predictions.add("id\tclass5\tplover\tmodality\tsignals");
        StringBuilder misses = new StringBuilder();
        for (int i = 0; i < readings.size(); i++) {
            Map<String, String> row = set.rows().get(i);
            EscalationTagger.SentenceLabel label = tagger.label(readings.get(i), scores[i]);
            PloverCategory p = label.plover();
            String pl = p == null ? "NONE" : p.name();
            int c5 = hasPlover ? SentenceClassifier.class5(p) : label.class5();
            String mod = label.modality().name().toLowerCase(Locale.ROOT);
            Set<String> sig =
                    label.signals().stream().map(SignalType::name).collect(Collectors.toCollection(TreeSet::new));
            predictions.add(row.get("id") + "\t" + c5 + "\t" + pl + "\t" + mod + "\t" + String.join(",", sig));
            if (hasClass5) {
                String g = row.get("class5");
                class5.add(g, Integer.toString(c5));
                conflict.add(conflictLabel(g), conflictLabel(Integer.toString(c5)));
            }
            if (hasPlover) {
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
                boolean wrong = !gold.equals(sig)
                        || (hasPlover && !row.get("plover").equals(pl))
                        || (set.has("modality") && !row.get("modality").equalsIgnoreCase(mod));
                if (wrong) {
                    misses.append(String.format(
                            Locale.ROOT,
                            "  %s gold=%s/%s/%s predicted=%s/%s/%s%n",
                            row.get("id"),
                            row.getOrDefault("plover", "?"),
                            row.getOrDefault("modality", "?"),
                            gold,
                            pl,
                            mod,
                            sig));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "# %s (%d rows, analyzer %s, languages %s)%n",
                set.path(),
                readings.size(),
                EscalationTagger.VERSION,
                languageCounts));
        sb.append(
                model.isRulesOnly()
                        ? "rules only: the rules' primary event, no learned weights\n"
                        : k > 1
                                ? "model scored by " + k + "-fold cross-validation (a fresh model per fold)\n"
                                : "model: the shipped weights (not trained on this file)\n");
        double conflictF1 = 0;
        if (hasClass5) {
            sb.append(
                    hasPlover
                            ? "class5 from the predicted PLOVER category (the set's convention)\n"
                            : "class5 from the model's CAMEO class5 head (the set's convention)\n");
            sb.append(class5.report("class5"));
            conflictF1 = conflict.f1("conflict");
            sb.append(String.format(
                    Locale.ROOT,
                    "== conflict (3+4) vs non-conflict: F1(conflict)=%.3f accuracy=%.3f%n",
                    conflictF1,
                    conflict.accuracy()));
        }
        if (hasPlover) {
            sb.append(plover.report("plover"));
        }
        if (set.has("modality")) {
            sb.append(modality.report("modality"));
        }
        if (set.has("signals")) {
            double pr = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double rc = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            sb.append(String.format(
                    Locale.ROOT, "== signals: precision=%.3f recall=%.3f (tp=%d fp=%d fn=%d)%n", pr, rc, tp, fp, fn));
            if (!misses.isEmpty()) {
                sb.append("rows with a difference (gold plover/modality/signals vs predicted):\n")
                        .append(misses);
            }
        }
        return new Result(
                hasClass5 ? class5 : null,
                conflictF1,
                hasPlover ? plover : null,
                set.has("modality") ? modality : null,
                tp,
                fp,
                fn,
                k,
                sb.toString(),
                predictions);
    }

    /**
     * The examples of every file the shipped model was trained on except {@code set} itself, read from the paths
     * recorded in the model (relative to the project root); a missing file is an error, since a fold model
     * without it would not be the model being measured.
     */
    private static List<SentenceClassifier.Example> otherTrainingExamples(
            SentenceClassifier model, LabelledSet set, SentenceTagger st) {
        List<SentenceClassifier.Example> out = new ArrayList<>();
        for (SentenceClassifier.TrainedFile t : model.trainedOn()) {
            if (t.sha256().equals(set.sha256())) {
                continue;
            }
            Path p = DataFiles.resolve(t.path());
            if (!Files.exists(p)) {
                throw new IllegalStateException("cross-validation needs every training file of the model; not found: "
                        + t.path() + " (set redline.data.dir or run from the project root)");
            }
            try {
                LabelledSet other = LabelledSet.read(p);
                if (!other.sha256().equals(t.sha256())) {
                    throw new IllegalStateException(t.path() + " changed since the model was trained on it; retrain");
                }
                out.addAll(TrainingSet.examples(other, st, i -> true, t.weight()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
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
