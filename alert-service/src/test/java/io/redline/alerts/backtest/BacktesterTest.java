package io.redline.alerts.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import io.redline.query.SubscriptionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a subscription's own conditions become search API filters for the backtest, and the days parameter. */
class BacktesterTest {

    private static final Instant FROM = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void theWindowNarrowsTheSubscriptionsOwnDates() {
        ArticleFilters f = Backtester.filters(
                        SubscriptionQuery.of("s", null, Map.of("from", List.of("2026-11-22"))), FROM, TO)
                .filters();
        assertThat(f.from()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(f.to()).isEqualTo(TO);
        assertThat(Backtester.filters(SubscriptionQuery.of("s", null, Map.of("to", List.of("2026-11-01"))), FROM, TO))
                .as("a subscription that ended before the window matches nothing")
                .isNull();
    }

    @Test
    void minLevelIsTheLevelsFromItUpIntersectedWithTheLevelFilter() {
        assertThat(filters(Map.of(), EscalationLevel.HIGH, null, List.of(), List.of())
                        .levels())
                .containsExactly(EscalationLevel.HIGH, EscalationLevel.CRITICAL);
        assertThat(filters(
                                Map.of("level", List.of("ELEVATED,CRITICAL")),
                                EscalationLevel.HIGH,
                                null,
                                List.of(),
                                List.of())
                        .levels())
                .containsExactly(EscalationLevel.CRITICAL);
        // An empty intersection matches nothing; it must not become "any level".
        assertThat(Backtester.filters(
                        new SubscriptionQuery(
                                "s",
                                null,
                                Map.of("level", List.of("LOW")),
                                EscalationLevel.HIGH,
                                null,
                                List.of(),
                                List.of()),
                        FROM,
                        TO))
                .isNull();
    }

    @Test
    void minScoreIsTheHigherAndActorsAreAllRequired() {
        ArticleFilters f = filters(
                Map.of("minScore", List.of("40"), "actor", List.of("UKR")), null, 60, List.of(), List.of("rus", "UKR"));
        assertThat(f.minScore()).isEqualTo(60);
        assertThat(f.actors()).containsExactly("UKR", "RUS");
        assertThat(filters(Map.of("minScore", List.of("70")), null, 60, List.of(), List.of())
                        .minScore())
                .isEqualTo(70);
    }

    @Test
    void signalsBecomeTheSignalFilterOrAreCheckedOnEachHitWhenTheFilterHasItsOwn() {
        Backtester.Matching merged = Backtester.filters(
                new SubscriptionQuery(
                        "s",
                        null,
                        Map.of("modality", List.of("asserted")),
                        null,
                        null,
                        List.of(SignalType.STRIKE),
                        List.of()),
                FROM,
                TO);
        assertThat(merged.filters().signals()).containsExactly(SignalType.STRIKE);
        assertThat(merged.filters().assertedOnly()).isTrue();
        assertThat(merged.checkedSignals()).isEmpty();

        Backtester.Matching checked = Backtester.filters(
                new SubscriptionQuery(
                        "s",
                        null,
                        Map.of("signal", List.of("RED_LINE,TALKS"), "modality", List.of("asserted")),
                        null,
                        null,
                        List.of(SignalType.STRIKE),
                        List.of()),
                FROM,
                TO);
        assertThat(checked.filters().signals()).containsExactly(SignalType.RED_LINE, SignalType.TALKS);
        assertThat(checked.checkedSignals()).containsExactly(SignalType.STRIKE);

        ArticleSpec both = new ArticleSpec()
                .signal(SignalType.RED_LINE, Modality.ASSERTED)
                .signal(SignalType.STRIKE, Modality.ASSERTED);
        ArticleSpec reportedStrike = new ArticleSpec()
                .signal(SignalType.RED_LINE, Modality.ASSERTED)
                .signal(SignalType.STRIKE, Modality.REPORTED);
        assertThat(checked.accepts(both.build())).isTrue();
        // Asserted applies to the subscription's signals as to the filter's, on the same signal.
        assertThat(checked.accepts(reportedStrike.build())).isFalse();
    }

    @Test
    void daysIsAnIntegerFrom1To90Defaulting7() {
        assertThat(Backtester.days(null)).isEqualTo(7);
        assertThat(Backtester.days(" 30 ")).isEqualTo(30);
        assertThat(Backtester.days("90")).isEqualTo(90);
        for (String bad : List.of("0", "91", "x", "1e2")) {
            assertThatThrownBy(() -> Backtester.days(bad))
                    .isInstanceOf(InvalidParameterException.class)
                    .extracting(e -> ((InvalidParameterException) e).parameter())
                    .isEqualTo("days");
        }
    }

    private static ArticleFilters filters(
            Map<String, List<String>> filters,
            EscalationLevel minLevel,
            Integer minScore,
            List<SignalType> signals,
            List<String> actors) {
        return Backtester.filters(
                        new SubscriptionQuery("s", null, filters, minLevel, minScore, signals, actors), FROM, TO)
                .filters();
    }
}
