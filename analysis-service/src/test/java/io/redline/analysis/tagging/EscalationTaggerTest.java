package io.redline.analysis.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Analysis;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the tagger on sentences written for these tests (never dev-set rows). */
class EscalationTaggerTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final EscalationTagger TAGGER = EscalationTagger.defaults();

    private static SentenceTagger.Reading read(String s) {
        return TAGGER.sentenceTagger().read(s);
    }

    @Test
    void findsRedLineWithItsSentenceAndActor() {
        Analysis a = TAGGER.analyze(
                "Kremlin warning",
                "The weather was mild. Moscow said strikes deep inside Russia would cross a red line.",
                "en",
                T);
        assertThat(a.signals()).anySatisfy(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RED_LINE);
            assertThat(s.evidence().sentence()).startsWith("Moscow said");
            assertThat(s.evidence().matchedText()).isEqualTo("red line");
            assertThat(s.actors()).contains("RUS");
        });
        assertThat(a.escalationScore()).isPositive();
        assertThat(a.analyzerVersion()).isEqualTo(EscalationTagger.VERSION);
    }

    @Test
    void evidenceOffsetsPointIntoTheAnalysedText() {
        String title = "Border tension";
        String text = "Talks were calm. Belgian artillery shelled the ridge overnight.";
        Analysis a = TAGGER.analyze(title, text, "en", T);
        String full = title + "\n\n" + text;
        assertThat(a.signals())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(full.substring(
                                s.evidence().start(), s.evidence().end()))
                        .isEqualTo(s.evidence().sentence()));
    }

    @Test
    void negatedThreatIsNegatedAndDoesNotRaiseTheScore() {
        Analysis a = TAGGER.analyze(null, "The ministry said Serbia did not threaten to use nuclear weapons.", "en", T);
        assertThat(a.signals())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.modality()).isEqualTo(Modality.NEGATED));
        assertThat(a.escalationScore()).isZero();
        assertThat(a.level()).isEqualTo(EscalationLevel.NONE);
    }

    @Test
    void notOnlyIsNotANegation() {
        SentenceTagger.Reading r =
                read("The blockade would not only hurt farmers but also anger Ankara, and troops shelled a depot.");
        assertThat(r.signals()).extracting(Finding::modality).doesNotContain(Modality.NEGATED);
    }

    @Test
    void denialMakesTheDeniedAttackNegatedAndARejection() {
        SentenceTagger.Reading r = read("Minsk denied that its helicopters had attacked the convoy.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.REJECT);
        assertThat(r.primary().modality()).isEqualTo(Modality.NEGATED);
        assertThat(r.signals()).allSatisfy(s -> assertThat(s.modality()).isEqualTo(Modality.NEGATED));
    }

    @Test
    void refusingToSendWeaponsIsANegatedRejection() {
        SentenceTagger.Reading r = read("Canada said it would not send more howitzers to Kyiv.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.REJECT);
        assertThat(r.primary().modality()).isEqualTo(Modality.NEGATED);
        assertThat(r.signals()).extracting(Finding::signal).contains(SignalType.WEAPONS_SUPPLY);
    }

    @Test
    void optionNeverRuledOutIsAHypotheticalThreat() {
        SentenceTagger.Reading r = read("Caracas has never ruled out using force to settle the border dispute.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.THREATEN);
        assertThat(r.primary().modality()).isEqualTo(Modality.HYPOTHETICAL);
    }

    @Test
    void refusingToAttendTalksIsANegatedRejection() {
        SentenceTagger.Reading r = read("Belgrade will not attend the summit in Brussels, the government said.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.REJECT);
        assertThat(r.primary().modality()).isEqualTo(Modality.NEGATED);
    }

    @Test
    void reportedlyMakesAnAttackReportedWithoutASpeaker() {
        SentenceTagger.Reading r = read("Syrian rebels reportedly destroyed an army depot near Hama.");
        assertThat(r.primary().modality()).isEqualTo(Modality.REPORTED);
        assertThat(r.primary().speaker()).isNull();
    }

    @Test
    void conditionalAttackIsHypotheticalAndWeighsLessThanAsserted() {
        SentenceTagger.Reading r = read("If the convoy crosses the border, Turkish drones could strike it.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.ASSAULT);
        assertThat(r.primary().modality()).isEqualTo(Modality.HYPOTHETICAL);
        int hypothetical = TAGGER.analyze(
                        null, "If the convoy crosses the border, Turkish drones could strike it.", "en", T)
                .escalationScore();
        int asserted = TAGGER.analyze(null, "Turkish drones struck the convoy at the border.", "en", T)
                .escalationScore();
        assertThat(hypothetical).isPositive().isLessThan(asserted);
    }

    @Test
    void conditionalWithWouldAndAnAttackIsARedLine() {
        SentenceTagger.Reading r =
                read("Should foreign warplanes enter the zone, Iran would shoot them down, a general said.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.THREATEN);
        assertThat(r.primary().modality()).isEqualTo(Modality.HYPOTHETICAL);
        assertThat(r.signals())
                .extracting(Finding::signal)
                .contains(SignalType.RED_LINE)
                .doesNotContain(SignalType.STRIKE);
    }

    @Test
    void futureAttackIsCodedAsAThreatFollowingCameo() {
        SentenceTagger.Reading r = read("Pyongyang will strike American bases in the region.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.THREATEN);
        assertThat(r.primary().modality()).isEqualTo(Modality.FUTURE);
    }

    @Test
    void attackClaimedByAThirdPartyIsReportedWithItsSpeaker() {
        SentenceTagger.Reading r = read("Georgia said Russian helicopters had bombed a village near Gori.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.ASSAULT);
        assertThat(r.primary().modality()).isEqualTo(Modality.REPORTED);
        assertThat(r.primary().speaker()).isEqualTo("Georgia");
        assertThat(r.primary().source()).isEqualTo("RUS");
    }

    @Test
    void sentenceFinalSpeakerIsFound() {
        SentenceTagger.Reading r = read("Rockets hit a fuel depot in Belgorod, regional officials said.");
        assertThat(r.primary().modality()).isEqualTo(Modality.REPORTED);
        assertThat(r.primary().speaker()).isEqualTo("regional officials");
    }

    @Test
    void threatSpokenByItsAuthorIsAsserted() {
        SentenceTagger.Reading r = read("Lavrov warned that any deployment near Kaliningrad would cross a red line.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.THREATEN);
        assertThat(r.primary().modality()).isEqualTo(Modality.ASSERTED);
        assertThat(r.primary().source()).isEqualTo("RUS");
    }

    @Test
    void leadersInstitutionsAndTheWestMapToActorCodes() {
        Analysis a = TAGGER.analyze(
                null, "Ryabkov and the Kremlin accused the West; Starmer met Biden at the White House.", "en", T);
        assertThat(a.actors()).contains("RUS", "WST", "GBR", "USA");
    }

    @Test
    void pronounUsIsNotTheUnitedStates() {
        assertThat(read("Let us hope the talks hold.").mentions()).isEmpty();
        assertThat(read("The US imposed sanctions.").mentions())
                .extracting(Gazetteer.Mention::code)
                .containsExactly("USA");
    }

    @Test
    void extraActorsFileExtendsTheGazetteer(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("actors.tsv");
        Files.writeString(extra, "# newsroom additions\nWAG\tWagner Group|Prigozhin\n");
        EscalationTagger t = new EscalationTagger(
                new SentenceTagger(Lexicon.defaults(), Gazetteer.load(extra)), SentenceClassifier.defaults());
        assertThat(t.analyze(null, "Prigozhin threatened to march on the capital.", "en", T)
                        .actors())
                .contains("WAG");
    }

    @Test
    void dyadsAndGoldsteinComeFromNonNegatedEvents() {
        Analysis a = TAGGER.analyze(null, "Russia shelled Kharkiv. Ukraine did not attack Belgorod.", "en", T);
        assertThat(a.dyads()).anySatisfy(d -> {
            assertThat(d.source()).isEqualTo("RUS");
            assertThat(d.target()).isEqualTo("UKR");
        });
        assertThat(a.dyads()).noneSatisfy(d -> assertThat(d.source()).isEqualTo("UKR"));
        assertThat(a.goldstein()).isEqualTo(-9.0);
    }

    @Test
    void deescalationIsScoredSeparately() {
        Analysis a =
                TAGGER.analyze(null, "Both armies agreed to a ceasefire and began to withdraw heavy weapons.", "en", T);
        assertThat(a.deescalationScore()).isPositive();
        assertThat(a.escalationScore()).isZero();
    }

    @Test
    void verbalEscalationAloneStaysBelowCritical() {
        String text = "Moscow drew a red line. The Kremlin threatened a nuclear strike. Putin issued an ultimatum. "
                + "Medvedev warned of nuclear war. Lavrov said any deployment would cross a red line.";
        Analysis a = TAGGER.analyze(null, text, "en", T);
        assertThat(a.level()).isEqualTo(EscalationLevel.HIGH);
    }

    @Test
    void attributionAtTheEndByAnotherMakesTheEventReported() {
        SentenceTagger.Reading r =
                read("Tanks shelled the outskirts of Tartus overnight, two residents told a news agency.");
        assertThat(r.primary().modality()).isEqualTo(Modality.REPORTED);
        SentenceTagger.Reading own = read("Its artillery shelled the outskirts of Tartus overnight, the army said.");
        assertThat(own.primary().modality()).isEqualTo(Modality.ASSERTED);
        // An anonymous source of the same country is still someone else.
        SentenceTagger.Reading anon =
                read("Syrian tanks shelled the outskirts of Tartus, a Syrian security source said.");
        assertThat(anon.primary().modality()).isEqualTo(Modality.REPORTED);
    }

    @Test
    void anEventInTheConditionDoesNotOutrankTheMainClause() {
        SentenceTagger.Reading r = read("Paraguay could withdraw its observers if rebels attack the convoy again.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.RETREAT);
        assertThat(r.primary().modality()).isEqualTo(Modality.HYPOTHETICAL);
    }

    @Test
    void aModalAfterAnEventNounMakesItHypotheticalButNotAfterAFiniteVerb() {
        SentenceTagger.Reading noun = read("A blockade of the port could be imposed within days, officials warned.");
        assertThat(noun.events()).anySatisfy(e -> assertThat(e.modality()).isEqualTo(Modality.HYPOTHETICAL));
        SentenceTagger.Reading verb = read("Chile welcomed the truce so that talks could resume.");
        assertThat(verb.primary().modality()).isEqualTo(Modality.ASSERTED);
    }

    @Test
    void aDatedPastAttackIsBackgroundWithoutAStrikeSignal() {
        SentenceTagger.Reading r = read("The museum honours the victims of the 1998 embassy bombing in Nairobi.");
        assertThat(r.signals()).noneSatisfy(f -> assertThat(f.signal()).isEqualTo(SignalType.STRIKE));
    }

    @Test
    void aConditionalThreatDrawsARedLine() {
        SentenceTagger.Reading r = read("Caracas warned it would retaliate if foreign troops landed on the islands.");
        assertThat(r.primaryCategory()).isEqualTo(PloverCategory.THREATEN);
        assertThat(r.primary().modality()).isEqualTo(Modality.ASSERTED);
        assertThat(r.signals()).anySatisfy(f -> assertThat(f.signal()).isEqualTo(SignalType.RED_LINE));
    }

    @Test
    void unsupportedLanguagePassesThroughWithoutSignals() {
        Analysis a = TAGGER.analyze("Il Cremlino", "Una linea rossa è stata superata.", "it", T);
        assertThat(a.supported()).isFalse();
        assertThat(a.language()).isEqualTo("it");
        assertThat(a.signals()).isEmpty();
        assertThat(a.events()).isEmpty();
        assertThat(a.escalationScore()).isZero();
    }

    @Test
    void sameInputGivesSameOutput() {
        String text = "NATO allies agreed to supply long-range missiles. Talks resumed in Geneva.";
        assertThat(TAGGER.analyze("t", text, "en", T)).isEqualTo(TAGGER.analyze("t", text, "en", T));
    }

    @Test
    void splitsSentencesWithoutBreakingOnAbbreviationsOrNumbers() {
        assertThat(SentenceSplitter.split(
                        "Mr. Ryabkov spoke at 3.5 p.m. today. The U.S. replied! Prices rose 3.5 percent."))
                .extracting(SentenceSplitter.Sentence::text)
                .containsExactly(
                        "Mr. Ryabkov spoke at 3.5 p.m. today.", "The U.S. replied!", "Prices rose 3.5 percent.");
    }
}
