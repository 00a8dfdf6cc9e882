package io.redline.analysis.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Analysis;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EscalationTaggerTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void findsRedLineWithItsSentenceAndActor() {
        Analysis a = EscalationTagger.analyze("Kremlin warning",
                "The weather was mild. Moscow said strikes deep inside Russia would cross a red line.", "en", T);
        assertThat(a.signals()).anySatisfy(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RED_LINE);
            assertThat(s.evidence().sentence()).startsWith("Moscow said");
            assertThat(s.actors()).contains("RUS");
        });
        assertThat(a.escalationScore()).isPositive();
    }

    @Test
    void negatedThreatDoesNotRaiseTheScore() {
        Analysis a = EscalationTagger.analyze(null, "Officials did not announce new sanctions.", "en", T);
        assertThat(a.signals()).allSatisfy(s -> assertThat(s.modality()).isEqualTo(Modality.NEGATED));
        assertThat(a.escalationScore()).isZero();
        assertThat(a.level()).isEqualTo(EscalationLevel.NONE);
    }

    @Test
    void unsupportedLanguagePassesThroughWithoutSignals() {
        Analysis a = EscalationTagger.analyze("Le Kremlin", "Une ligne rouge a été franchie.", "fr", T);
        assertThat(a.supported()).isFalse();
        assertThat(a.language()).isEqualTo("fr");
        assertThat(a.signals()).isEmpty();
    }

    @Test
    void sameInputGivesSameOutput() {
        String text = "NATO allies agreed to supply long-range missiles. Talks resumed in Geneva.";
        assertThat(EscalationTagger.analyze("t", text, "en", T)).isEqualTo(EscalationTagger.analyze("t", text, "en", T));
    }

    @Test
    void splitsSentencesWithoutBreakingOnAbbreviationsOrNumbers() {
        assertThat(SentenceSplitter.split("Mr. Ryabkov spoke at 3.5 p.m. today. The U.S. replied! Prices rose 3.5 percent."))
                .extracting(SentenceSplitter.Sentence::text)
                .containsExactly("Mr. Ryabkov spoke at 3.5 p.m. today.", "The U.S. replied!", "Prices rose 3.5 percent.");
    }
}
