package io.redline.analysis.tagging;

import io.redline.common.language.Languages;
import io.redline.contracts.Analysis;
import io.redline.contracts.Dyad;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Event;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analyses an article: reads every sentence ({@link SentenceTagger}), weighs each finding with the class5
 * model's confidence, and scores the article ({@link EscalationScorer}). Pure and deterministic: the same
 * text always gives the same analysis, apart from {@code analyzedAt}.
 */
public final class EscalationTagger {

    /** Bumped whenever the lexicon, gazetteer, weights or formula change, so re-analyses supersede older ones. */
    public static final String VERSION = "redline-tagger-3.0.0";

    private final SentenceTagger sentences;
    private final SentenceClassifier classifier;

    public EscalationTagger(SentenceTagger sentences, SentenceClassifier classifier) {
        this.sentences = sentences;
        this.classifier = classifier;
    }

    /** The tagger with the shipped lexicon, gazetteer and weights, built once. */
    public static EscalationTagger defaults() {
        return Defaults.INSTANCE;
    }

    private static final class Defaults {
        static final EscalationTagger INSTANCE = new EscalationTagger(
                new SentenceTagger(Lexicon.defaults(), Gazetteer.defaults(), SentenceTagger.shippedLanguages()),
                SentenceClassifier.defaults());
    }

    /** The sentence reader, for the evaluation harness. */
    public SentenceTagger sentenceTagger() {
        return sentences;
    }

    /** The sentence model, for the evaluation harness. */
    public SentenceClassifier classifier() {
        return classifier;
    }

    /**
     * A signal the rules missed is added when the model is at least this sure of it. Chosen on the development
     * probes (0.5 to 1.1 tried: below 0.8 precision fell, above 0.9 recall did). The model never removes a signal
     * the rules found: dropping those it gave under 3 % lost more right signals than wrong ones.
     */
    static final double ADD_SIGNAL = 0.85;

    /**
     * What Redline says of one sentence: its primary PLOVER category (null: no event), its CAMEO class5, the
     * primary event's modality and the named signals it carries.
     */
    public record SentenceLabel(PloverCategory plover, int class5, Modality modality, Set<SignalType> signals) {}

    /** Labels a read sentence with the model's heads, the rules supplying candidates, modality and evidence. */
    public SentenceLabel label(SentenceTagger.Reading r) {
        return label(r, classifier.scores(r));
    }

    /**
     * Labels a read sentence from given model scores (the harness passes a cross-validation fold's): the model
     * picks the primary category and class5; the modality is the rules' reading of that event; signals are the
     * rules' ones plus any the model is sure of.
     */
    public SentenceLabel label(SentenceTagger.Reading r, SentenceClassifier.Scores s) {
        PloverCategory plover = s.bestPlover();
        // The modality of the event the model names: the rules' reading of its trigger when they found one, else
        // the rules' cues applied at the word that weighs most for that category.
        Finding same = null;
        for (Finding f : r.events()) {
            if (f.category() == plover) {
                same = f;
            }
        }
        Modality modality;
        if (same != null) {
            modality = same.modality();
        } else if (plover != null && !r.tokens().isEmpty() && !classifier.isRulesOnly()) {
            modality = sentences.modalityAt(r, classifier.strongestToken(r, plover), plover);
        } else if (r.primary() != null) {
            modality = r.primary().modality();
        } else {
            modality = Modality.values()[SentenceClassifier.argmaxOf(s.modality())];
        }
        Set<SignalType> signals = java.util.EnumSet.noneOf(SignalType.class);
        for (Finding f : r.signals()) {
            signals.add(f.signal());
        }
        // The rules drop the strike of a threat sentence (it is the threatened answer, not an attack): the model
        // does not bring it back.
        boolean threat = plover == PloverCategory.THREATEN
                || (r.primary() != null && r.primary().category() == PloverCategory.THREATEN);
        // Only English sentences: the model learned its words from English training sentences, so in another
        // language it would only echo the rules' findings back, or guess.
        boolean english = r.language().equals("en") || r.language().equals(Languages.UNDETERMINED);
        for (SignalType t : SignalType.values()) {
            if (english && s.signal(t) >= ADD_SIGNAL && !(threat && t == SignalType.STRIKE)) {
                signals.add(t);
            }
        }
        return new SentenceLabel(plover, s.bestClass5(), modality, signals);
    }

    /**
     * True for the languages this tagger reads: English, Russian, Ukrainian, French, German and Spanish, and
     * {@code und} (a text whose language could not be decided is read with the English rules).
     */
    public boolean supports(String language) {
        return sentences.reads(language);
    }

    /**
     * Analyses an article: title first (sentence 0), then the body; offsets refer to title + blank line + text.
     * The language is the declared one ({@code en-GB} counts as {@code en}) or, when none is declared, the one
     * {@link Languages#detect} finds; a language without rules passes through unanalysed ({@code supported: false}).
     */
    public Analysis analyze(String title, String text, String language, Instant now) {
        String full = (title == null || title.isBlank() ? "" : title.strip() + "\n\n") + (text == null ? "" : text);
        String lang = Languages.decide(language, full);
        if (!supports(lang)) {
            // No lexicon for this language: no signals rather than guessed ones.
            return new Analysis(
                    VERSION,
                    lang,
                    false,
                    0,
                    EscalationLevel.NONE,
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    now);
        }
        List<Signal> signals = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Set<String> actors = new LinkedHashSet<>();
        Map<DyadKey, List<PloverCategory>> dyads = new LinkedHashMap<>();
        Map<SignalType, List<Double>> signalContrib = new EnumMap<>(SignalType.class);
        Map<PloverCategory, List<Double>> eventContrib = new EnumMap<>(PloverCategory.class);
        List<double[]> sentenceWeight = new ArrayList<>(); // {sentence index, weight}
        List<Evidence> sentenceEvidence = new ArrayList<>();
        boolean material = false;
        double goldSum = 0;
        int goldN = 0;
        for (SentenceSplitter.Sentence s : SentenceSplitter.split(full)) {
            SentenceTagger.Reading r = sentences.read(s.text(), lang);
            r.mentions().forEach(m -> actors.add(m.code()));
            // A sentence with no trigger and no actor ("Prices rose.", "It rained.") is not scored: the model adds
            // a signal to such a sentence too rarely to pay for scoring every one of them.
            if (r.events().isEmpty() && r.signals().isEmpty() && r.mentions().isEmpty()) {
                continue;
            }
            SentenceClassifier.Scores p = classifier.scores(r);
            List<Finding> sentenceSignals = signals(r, p);
            if (r.events().isEmpty() && sentenceSignals.isEmpty()) {
                continue;
            }
            double weightHere = 0;
            Finding strongest = null;
            Set<Integer> signalLines = new HashSet<>();
            List<String> actorsHere =
                    sentenceSignals.isEmpty() ? List.of() : sentenceActors(r); // shared by its signals
            for (Finding f : sentenceSignals) {
                Evidence ev = evidence(s, f);
                double conf = confidence(f, p);
                signals.add(new Signal(f.signal(), f.modality(), f.speaker(), actorsHere, ev, conf));
                signalLines.add(f.lexiconLine());
                double w = EscalationScorer.weight(f.signal()) * EscalationScorer.modalityFactor(f.modality());
                signalContrib
                        .computeIfAbsent(f.signal(), k -> new ArrayList<>())
                        .add(w);
                if (f.signal().escalatory()
                        && (f.modality() == Modality.ASSERTED || f.modality() == Modality.REPORTED)
                        && isMaterial(f.signal())) {
                    material = true;
                }
                if (w > 0 && (strongest == null || w > weightOf(strongest))) {
                    strongest = f;
                }
                weightHere += w;
            }
            for (Finding f : r.events()) {
                Evidence ev = evidence(s, f);
                events.add(new Event(
                        f.category(),
                        f.context(),
                        f.source(),
                        f.target(),
                        f.modality(),
                        f.speaker(),
                        ev,
                        confidence(f, p)));
                if (f.modality() == Modality.NEGATED) {
                    continue;
                }
                goldSum += EscalationScorer.goldstein(f.category());
                goldN++;
                if (f.source() != null && f.target() != null) {
                    dyads.computeIfAbsent(new DyadKey(f.source(), f.target()), k -> new ArrayList<>())
                            .add(f.category());
                }
                if (!signalLines.contains(f.lexiconLine())) {
                    // Half weight: an event without a named signal comes from a generic verb.
                    double w = 0.5
                            * EscalationScorer.eventWeight(f.category())
                            * EscalationScorer.modalityFactor(f.modality());
                    eventContrib
                            .computeIfAbsent(f.category(), k -> new ArrayList<>())
                            .add(w);
                    weightHere += w;
                    if ((f.category() == PloverCategory.ASSAULT || f.category() == PloverCategory.COERCE)
                            && f.modality() != Modality.HYPOTHETICAL) {
                        material = true;
                    }
                }
                if (strongest == null) {
                    strongest = f;
                }
            }
            if (weightHere > 0 && strongest != null) {
                sentenceWeight.add(new double[] {sentenceEvidence.size(), weightHere});
                sentenceEvidence.add(evidence(s, strongest));
            }
        }
        double esc = 0;
        double deesc = 0;
        for (Map.Entry<SignalType, List<Double>> e : signalContrib.entrySet()) {
            double sum = diminished(e.getValue());
            if (e.getKey().escalatory()) {
                esc += sum;
            } else {
                deesc += sum;
            }
        }
        for (Map.Entry<PloverCategory, List<Double>> e : eventContrib.entrySet()) {
            double sum = diminished(e.getValue());
            if (e.getKey().conflictual()) {
                esc += sum;
            } else {
                deesc += sum;
            }
        }
        int score = EscalationScorer.escalation(esc, material);
        List<Dyad> dyadList = dyads.entrySet().stream()
                .map(e -> new Dyad(
                        e.getKey().source(),
                        e.getKey().target(),
                        e.getValue().size(),
                        e.getValue().stream().distinct().toList()))
                .toList();
        List<Evidence> top = sentenceWeight.stream()
                .sorted(Comparator.comparingDouble((double[] x) -> -x[1]).thenComparingDouble(x -> x[0]))
                .limit(3)
                .map(x -> sentenceEvidence.get((int) x[0]))
                .toList();
        Double goldstein = goldN == 0 ? null : Math.round(goldSum / goldN * 100) / 100.0;
        return new Analysis(
                VERSION,
                lang,
                true,
                score,
                EscalationLevel.ofScore(score),
                EscalationScorer.saturate(deesc),
                goldstein,
                signals,
                events,
                dyadList,
                List.copyOf(actors),
                top,
                now);
    }

    /** A source → target pair, the key under which an article's events are counted as dyads. */
    private record DyadKey(String source, String target) {}

    private static boolean isMaterial(SignalType s) {
        return s == SignalType.STRIKE
                || s == SignalType.DIRECT_INVOLVEMENT
                || s == SignalType.MOBILIZATION
                || s == SignalType.CYBER;
    }

    private static double weightOf(Finding f) {
        return EscalationScorer.weight(f.signal()) * EscalationScorer.modalityFactor(f.modality());
    }

    /** Sum of contributions, strongest first, the k-th counting 1/(k+1). */
    private static double diminished(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(Comparator.reverseOrder());
        double sum = 0;
        for (int k = 0; k < v.size(); k++) {
            sum += v.get(k) * EscalationScorer.diminish(k);
        }
        return sum;
    }

    /**
     * The sentence's signals as {@link #label} decides them: the rules' findings the model does not reject, then
     * the signals only the model is sure of, each pinned to the word that weighs most for it ("rained" in
     * "artillery rounds rained down on Kherson") with the sentence's modality.
     */
    private List<Finding> signals(SentenceTagger.Reading r, SentenceClassifier.Scores p) {
        boolean modelAdds = false;
        for (SignalType t : SignalType.values()) {
            modelAdds |= p.signal(t) >= ADD_SIGNAL;
        }
        if (!modelAdds) {
            return r.signals(); // the usual case: the rules' signals, no label to work out
        }
        SentenceLabel label = label(r, p);
        List<Finding> out = new ArrayList<>(label.signals().size());
        Set<SignalType> done = java.util.EnumSet.noneOf(SignalType.class);
        for (Finding f : r.signals()) {
            if (label.signals().contains(f.signal())) {
                out.add(f);
                done.add(f.signal());
            }
        }
        for (SignalType t : label.signals()) {
            if (done.contains(t) || r.tokens().isEmpty()) {
                continue;
            }
            int k = classifier.strongestToken(r, t);
            Tokenizer.Token tok = r.tokens().get(k);
            String source = r.mentions().isEmpty() ? null : r.mentions().get(0).code();
            String target = r.mentions().size() < 2 ? null : r.mentions().get(1).code();
            out.add(new Finding(
                    label.plover(),
                    t,
                    null,
                    label.modality(),
                    null,
                    source,
                    target,
                    k,
                    tok.start(),
                    tok.end(),
                    50,
                    -1));
        }
        return out;
    }

    /**
     * Half the trigger's specificity (lexicon priority, 50 for a signal only the model found), half the model's
     * probability of the finding (its signal, or its event's PLOVER category), rounded to two decimals so that
     * output is stable.
     */
    private static double confidence(Finding f, SentenceClassifier.Scores p) {
        double rule = Math.min(1.0, f.priority() / 100.0);
        double model = f.signal() != null
                ? p.signal(f.signal())
                : f.category() == null ? rule : p.plover()[f.category().ordinal()];
        return Math.round((0.5 * rule + 0.5 * model) * 100) / 100.0;
    }

    /** The sentence's actor codes, first mention first, each once. */
    private static List<String> sentenceActors(SentenceTagger.Reading r) {
        List<String> codes = new ArrayList<>(r.mentions().size());
        for (Gazetteer.Mention m : r.mentions()) {
            if (!codes.contains(m.code())) {
                codes.add(m.code());
            }
        }
        return List.copyOf(codes);
    }

    private static Evidence evidence(SentenceSplitter.Sentence s, Finding f) {
        return new Evidence(s.index(), s.start(), s.end(), s.text(), s.text().substring(f.start(), f.end()));
    }
}
