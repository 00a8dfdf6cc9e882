package io.redline.analysis.tagging;

import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The article scores' weights and formula (documented in the service README): each finding contributes
 * weight x modality factor, repeated findings of one kind contribute less and less, and the sum is saturated
 * onto 0-100.
 */
public final class EscalationScorer {

    /** Saturation constant: 60 points of evidence give a score of 63. */
    static final double SCALE = 60.0;
    /** Without a material escalation (an attack, a deployment, a cyberattack), an article cannot be CRITICAL. */
    static final int VERBAL_ONLY_CAP = 79;

    private static final Map<SignalType, Double> SIGNAL_WEIGHT = new EnumMap<>(Map.ofEntries(
            Map.entry(SignalType.RED_LINE, 30.0), Map.entry(SignalType.ULTIMATUM, 30.0),
            Map.entry(SignalType.NUCLEAR_RHETORIC, 30.0), Map.entry(SignalType.DIRECT_INVOLVEMENT, 25.0),
            Map.entry(SignalType.STRIKE, 25.0), Map.entry(SignalType.WEAPONS_SUPPLY, 12.0),
            Map.entry(SignalType.MOBILIZATION, 12.0), Map.entry(SignalType.SANCTIONS, 10.0),
            Map.entry(SignalType.CYBER, 15.0), Map.entry(SignalType.TALKS, 12.0),
            Map.entry(SignalType.CEASEFIRE, 30.0), Map.entry(SignalType.DEESCALATION_APPEAL, 10.0),
            Map.entry(SignalType.WITHDRAWAL, 25.0), Map.entry(SignalType.AGREEMENT, 20.0)));

    /**
     * Goldstein-style priors per PLOVER category, taken from the Goldstein (1992) values of the CAMEO root codes
     * in the CAMEO codebook (as tabulated in andybega/icews data-raw/cameo-codes.csv): AGREE = 03 express intent
     * to cooperate 4.0; CONSULT = 04 consult 1.0; SUPPORT = 05 diplomatic cooperation 3.5; CONCEDE and RETREAT
     * = 08 yield 5.0; COOPERATE = 06 material cooperation 6.0; AID = 07 provide aid 7.0; REQUEST = mean of 02
     * appeal (3.0) and 10 demand (-5.0); ACCUSE = 11 disapprove -2.0; REJECT = 12 reject -4.0; THREATEN = 13
     * threaten -6.0; PROTEST = 14 protest -6.5; SANCTION = 16 reduce relations -4.0; MOBILIZE = 15 exhibit force
     * posture -7.2; COERCE = 17 coerce -7.0; ASSAULT = 18 assault -9.0 (19 fight is -10.0).
     */
    private static final Map<PloverCategory, Double> GOLDSTEIN = new EnumMap<>(Map.ofEntries(
            Map.entry(PloverCategory.AGREE, 4.0), Map.entry(PloverCategory.CONSULT, 1.0),
            Map.entry(PloverCategory.SUPPORT, 3.5), Map.entry(PloverCategory.CONCEDE, 5.0),
            Map.entry(PloverCategory.COOPERATE, 6.0), Map.entry(PloverCategory.AID, 7.0),
            Map.entry(PloverCategory.RETREAT, 5.0), Map.entry(PloverCategory.REQUEST, -1.0),
            Map.entry(PloverCategory.ACCUSE, -2.0), Map.entry(PloverCategory.REJECT, -4.0),
            Map.entry(PloverCategory.THREATEN, -6.0), Map.entry(PloverCategory.PROTEST, -6.5),
            Map.entry(PloverCategory.SANCTION, -4.0), Map.entry(PloverCategory.MOBILIZE, -7.2),
            Map.entry(PloverCategory.COERCE, -7.0), Map.entry(PloverCategory.ASSAULT, -9.0)));

    private EscalationScorer() {}

    /** How much a statement's modality counts: negated statements never count. */
    public static double modalityFactor(Modality m) {
        return switch (m) {
            case ASSERTED -> 1.0;
            case FUTURE -> 0.8;
            case REPORTED -> 0.6;
            case HYPOTHETICAL -> 0.4;
            case NEGATED -> 0.0;
        };
    }

    /** Base weight of a named signal. */
    public static double weight(SignalType s) {
        return SIGNAL_WEIGHT.get(s);
    }

    /** Goldstein-style prior of a PLOVER category, -10 (most conflictual) to +10. */
    public static double goldstein(PloverCategory c) {
        return GOLDSTEIN.get(c);
    }

    /**
     * Weight of an event that carries no named signal: a tenth of its Goldstein prior's magnitude times 10, so
     * that a killing (-9) counts about like a sanction signal and a consultation (+1) next to nothing.
     */
    public static double eventWeight(PloverCategory c) {
        return Math.abs(goldstein(c));
    }

    /** The k-th (0-based) contribution of one kind counts 1/(k+1): repetition adds evidence, with diminishing returns. */
    public static double diminish(int k) {
        return 1.0 / (k + 1);
    }

    /** Maps an unbounded evidence sum onto 0-100. */
    public static int saturate(double sum) {
        return (int) Math.round(100 * (1 - Math.exp(-sum / SCALE)));
    }

    /** The escalation score from its evidence sum; verbal-only escalation stays below CRITICAL. */
    public static int escalation(double sum, boolean materialEscalation) {
        int s = saturate(sum);
        return materialEscalation ? s : Math.min(s, VERBAL_ONLY_CAP);
    }
}
