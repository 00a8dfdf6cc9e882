package io.redline.alerts.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchEverythingTest {

    private static Subscription sub(
            String query,
            Map<String, List<String>> filters,
            EscalationLevel minLevel,
            Integer minScore,
            List<SignalType> signals,
            Mode mode) {
        return new Subscription(
                "sub_x", "x", "o", query, filters, minLevel, minScore, signals, List.of(), mode, "UTC", null, List.of(),
                List.of(), null, null, true);
    }

    private static Subscription sub(String query, Map<String, List<String>> filters) {
        return sub(query, filters, null, null, List.of(), Mode.IMMEDIATE);
    }

    @Test
    void noQueryTermAndNoNarrowingFilterMatchesEverything() {
        assertThat(MatchEverything.refused(sub(null, Map.of()))).isTrue();
        assertThat(MatchEverything.refused(sub("  ", Map.of()))).isTrue();
        assertThat(MatchEverything.refused(sub("-x", Map.of()))).isTrue();
        assertThat(MatchEverything.refused(sub("-war -\"peace talks\"", Map.of())))
                .isTrue();
        assertThat(MatchEverything.refused(sub(null, Map.of("language", List.of("en"), "from", List.of("2026-01-01")))))
                .isTrue();
        assertThat(MatchEverything.refused(sub(null, Map.of("level", List.of("LOW", "HIGH")))))
                .isTrue();
        assertThat(MatchEverything.refused(sub(null, Map.of("minScore", List.of("10")))))
                .isTrue();
        assertThat(MatchEverything.refused(sub(null, Map.of(), EscalationLevel.LOW, 5, List.of(), Mode.IMMEDIATE)))
                .isTrue();
    }

    @Test
    void aQueryTermASelectiveFilterOrADigestIsAccepted() {
        assertThat(MatchEverything.refused(sub("frigates -x", Map.of()))).isFalse();
        assertThat(MatchEverything.refused(sub("-x", Map.of("source", List.of("example.org")))))
                .isFalse();
        assertThat(MatchEverything.refused(sub(null, Map.of("level", List.of("HIGH", "CRITICAL")))))
                .isFalse();
        assertThat(MatchEverything.refused(sub(null, Map.of("minScore", List.of("50")))))
                .isFalse();
        assertThat(MatchEverything.refused(
                        sub(null, Map.of(), EscalationLevel.ELEVATED, null, List.of(), Mode.IMMEDIATE)))
                .isFalse();
        assertThat(MatchEverything.refused(sub(null, Map.of(), null, null, List.of(SignalType.STRIKE), Mode.IMMEDIATE)))
                .isFalse();
        assertThat(MatchEverything.refused(sub(null, Map.of(), null, null, List.of(), Mode.DIGEST_HOURLY)))
                .isFalse();
    }
}
