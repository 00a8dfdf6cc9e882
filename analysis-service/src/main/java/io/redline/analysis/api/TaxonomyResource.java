package io.redline.analysis.api;

import io.redline.analysis.tagging.EscalationScorer;
import io.redline.analysis.tagging.EscalationTagger;
import io.redline.analysis.tagging.SentenceClassifier;
import io.redline.common.language.Languages;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/taxonomy}: every named signal, PLOVER category, modality and escalation level the analyses use. */
@Path("/api/taxonomy")
@RolesAllowed(Role.READER_NAME)
public class TaxonomyResource {

    /** One named signal. */
    public record SignalInfo(String name, boolean escalatory, String description, double weight) {}

    /** One PLOVER category. */
    public record CategoryInfo(String name, boolean conflictual, int class5, double goldstein, String description) {}

    /** One modality. */
    public record ModalityInfo(String name, double factor, String description) {}

    /** One level: its score range. */
    public record LevelInfo(String name, int minScore, int maxScore) {}

    /** The whole taxonomy, with the languages whose articles are tagged (others pass through unanalysed). */
    public record Taxonomy(
            String analyzerVersion,
            List<String> languages,
            List<SignalInfo> signals,
            List<CategoryInfo> categories,
            List<ModalityInfo> modalities,
            List<LevelInfo> levels) {}

    private static final Map<PloverCategory, String> CATEGORY_TEXT = Map.ofEntries(
            Map.entry(PloverCategory.AGREE, "Agree to, promise or sign an agreement, ceasefire or settlement."),
            Map.entry(PloverCategory.CONSULT, "Meet, talk, negotiate, visit or mediate."),
            Map.entry(PloverCategory.SUPPORT, "Praise, endorse, thank or express support."),
            Map.entry(PloverCategory.CONCEDE, "Give in: halt attacks, release prisoners, ease restrictions, resign."),
            Map.entry(
                    PloverCategory.COOPERATE,
                    "Material cooperation: joint operations, exchanges, shared intelligence."),
            Map.entry(PloverCategory.AID, "Provide military, economic or humanitarian aid, including weapons."),
            Map.entry(PloverCategory.RETREAT, "Withdraw, pull back, demobilise, evacuate."),
            Map.entry(PloverCategory.REQUEST, "Demand, appeal or call on someone to act."),
            Map.entry(PloverCategory.ACCUSE, "Accuse, blame, condemn, summon or investigate."),
            Map.entry(PloverCategory.REJECT, "Refuse, veto, block, deny or walk out."),
            Map.entry(
                    PloverCategory.THREATEN,
                    "Warn of, or announce, force or sanctions; red lines, ultimatums, nuclear threats."),
            Map.entry(PloverCategory.PROTEST, "Demonstrate, rally, strike or boycott."),
            Map.entry(PloverCategory.SANCTION, "Sanctions, embargoes, expelled diplomats, cut ties."),
            Map.entry(PloverCategory.MOBILIZE, "Mobilise, deploy, exercise, put forces on alert, test weapons."),
            Map.entry(PloverCategory.COERCE, "Arrest, seize, blockade, close borders, annex."),
            Map.entry(PloverCategory.ASSAULT, "Attack, strike, shell, kill; cyberattacks and sabotage."));

    private static final Map<Modality, String> MODALITY_TEXT = Map.of(
            Modality.ASSERTED, "Stated as fact (threats stated by their author are asserted threats).",
            Modality.FUTURE, "Announced or intended (CAMEO: a future attack is coded as a threat).",
            Modality.HYPOTHETICAL, "Conditional or possible: if / unless / could / not ruled out.",
            Modality.NEGATED, "Denied or said not to happen; never raises the score.",
            Modality.REPORTED, "Attributed to a third party (said / claimed / according to).");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Signals, PLOVER categories, modalities and levels, with descriptions and weights")
    public Taxonomy taxonomy() {
        List<SignalInfo> signals = Arrays.stream(SignalType.values())
                .map(s -> new SignalInfo(s.name(), s.escalatory(), s.description(), EscalationScorer.weight(s)))
                .toList();
        List<CategoryInfo> categories = Arrays.stream(PloverCategory.values())
                .map(c -> new CategoryInfo(
                        c.name(),
                        c.conflictual(),
                        SentenceClassifier.class5(c),
                        EscalationScorer.goldstein(c),
                        CATEGORY_TEXT.get(c)))
                .toList();
        List<ModalityInfo> modalities = Arrays.stream(Modality.values())
                .map(m -> new ModalityInfo(m.name(), EscalationScorer.modalityFactor(m), MODALITY_TEXT.get(m)))
                .toList();
        EscalationLevel[] levels = EscalationLevel.values();
        List<LevelInfo> levelInfo = Arrays.stream(levels)
                .map(l -> new LevelInfo(
                        l.name(),
                        l.minScore(),
                        l.ordinal() + 1 < levels.length ? levels[l.ordinal() + 1].minScore() - 1 : 100))
                .toList();
        return new Taxonomy(EscalationTagger.VERSION, Languages.TAGGED, signals, categories, modalities, levelInfo);
    }
}
