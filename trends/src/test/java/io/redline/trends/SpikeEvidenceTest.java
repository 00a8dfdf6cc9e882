package io.redline.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikeEvidenceTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void theSentenceIsTheKeysSignalEvidenceElseTheTopEvidence() {
        AnalyzedArticle a = article(
                List.of(
                        signal(SignalType.ULTIMATUM, "Ultimatum sentence.", "RUS"),
                        signal(SignalType.RED_LINE, "Red line sentence.", "RUS", "UKR")),
                List.of(new Evidence(0, 0, 4, "Top sentence.", "Top")));

        assertThat(SpikeDetector.evidence(SpikeDetector.Kind.SIGNAL, "RED_LINE", a)
                        .sentence())
                .isEqualTo("Red line sentence.");
        assertThat(SpikeDetector.evidence(SpikeDetector.Kind.ACTOR, "RUS", a).sentence())
                .isEqualTo("Ultimatum sentence.");
        assertThat(SpikeDetector.evidence(SpikeDetector.Kind.DYAD, "RUS>UKR", a).sentence())
                .isEqualTo("Red line sentence.");
        Spike.Evidence other = SpikeDetector.evidence(SpikeDetector.Kind.ACTOR, "CHN", a);
        assertThat(other.sentence()).isEqualTo("Top sentence.");
        assertThat(other.articleId()).isEqualTo("a1");
        assertThat(other.title()).isEqualTo("Title");
        assertThat(other.sourceDomain()).isEqualTo("example.org");
        assertThat(other.level()).isEqualTo("HIGH");
    }

    @Test
    void noEvidenceAtAllGivesANullSentence() {
        assertThat(SpikeDetector.evidence(SpikeDetector.Kind.ACTOR, "RUS", article(List.of(), List.of()))
                        .sentence())
                .isNull();
    }

    @Test
    void kindsParseByTheirWireNames() {
        assertThat(SpikeDetector.Kind.parse(" Dyad ")).isEqualTo(SpikeDetector.Kind.DYAD);
        assertThat(SpikeDetector.Kind.SIGNAL.wire()).isEqualTo("signal");
        assertThat(SpikeDetector.Kind.ACTOR.field()).isEqualTo("analysis.actors");
        assertThatThrownBy(() -> SpikeDetector.Kind.parse("colour")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpikeSummaryCarriesTheFigures() {
        Baseline b = Baseline.of(new long[] {1, 0, 2, 1}, new long[] {5, 5, 5, 5});
        Spike s = new Spike("actor", "RUS", 7, 9, b, b.score(7), b.ratio(7), T.minusSeconds(3600), T, null);

        assertThat(s.topEvidence()).isEmpty();
        assertThat(s.summary().observed()).isEqualTo(7);
        assertThat(s.summary().baselineMedian()).isEqualTo(1.0);
        assertThat(s.summary().baselineMad()).isEqualTo(0.5);
        assertThat(s.summary().score()).isEqualTo(6.0);
        assertThat(s.summary().from()).isEqualTo(T.minusSeconds(3600));
    }

    @Test
    void aRequestRefusesAWindowOfAWeekOrMore() {
        assertThatThrownBy(() -> new SpikeDetector.Request(
                        T, java.time.Duration.ofDays(7), 4, java.util.Set.of(SpikeDetector.Kind.ACTOR), 3, 3, 50))
                .isInstanceOf(IllegalArgumentException.class);
        SpikeDetector.Request r = new SpikeDetector.Request(
                T, java.time.Duration.ofMinutes(60), 4, java.util.Set.of(SpikeDetector.Kind.ACTOR), 3, 3, 50);
        assertThat(r.from()).isEqualTo(T.minusSeconds(3600));
        assertThat(r.statistic()).contains("60 minutes", "1-4 weeks", "MAD");
    }

    private static Signal signal(SignalType type, String sentence, String... actors) {
        return new Signal(
                type, Modality.ASSERTED, null, List.of(actors), new Evidence(0, 0, 1, sentence, sentence), 0.7);
    }

    private static AnalyzedArticle article(List<Signal> signals, List<Evidence> top) {
        RawArticle raw = new RawArticle(
                "a1",
                1,
                "http://example.org/a1",
                "f",
                "http://example.org/rss",
                "example.org",
                "Title",
                "",
                "",
                "",
                List.of(),
                List.of(),
                List.of(),
                "en",
                T,
                T,
                T,
                "h");
        Analysis analysis = new Analysis(
                "test",
                "en",
                true,
                70,
                EscalationLevel.HIGH,
                0,
                null,
                signals,
                List.of(),
                List.of(),
                List.of(),
                top,
                T);
        return new AnalyzedArticle(raw, analysis);
    }
}
