package io.redline.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.query.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The stream cursor round-trips, orders by time then id, and refuses anything it did not write. */
class AlertCursorTest {

    @Test
    void roundTripsAndOrders() {
        AlertCursor c = new AlertCursor(1_764_230_400_123L, "alert_abc|def");
        assertThat(AlertCursor.decode(c.encode(), "cursor")).isEqualTo(c);
        assertThat(c.encode()).doesNotContain("=", "+", "/");
        assertThat(new AlertCursor(1, "b"))
                .isGreaterThan(new AlertCursor(1, "a"))
                .isLessThan(new AlertCursor(2, "a"));
    }

    @Test
    void refusesForeignTokens() {
        for (String bad : new String[] {
            "",
            "!!!",
            "abc",
            b64("a1|x|id"),
            b64("a2|1|id"),
            b64("a1|1|"),
            b64("a1|-5|id"),
            b64("a1|1"),
            "a".repeat(600)
        }) {
            assertThatThrownBy(() -> AlertCursor.decode(bad, "Last-Event-ID"))
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(((InvalidParameterException) e).parameter())
                            .isEqualTo("Last-Event-ID"));
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
