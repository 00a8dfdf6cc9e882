package io.redline.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.query.InvalidParameterException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionPageTest {

    private static Subscription sub(String id, Instant createdAt) {
        return new Subscription(
                id, id, "o", "x", null, null, null, null, null, null, null, null, List.of(), List.of(), createdAt,
                createdAt, true);
    }

    @Test
    void pagesFollowTheListOrderWithoutGapsOrRepeats() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        // Oldest records without a creation time first, then by time, then id (two share a time).
        List<Subscription> sorted =
                List.of(sub("sub_legacy", null), sub("sub_a", t), sub("sub_b", t), sub("sub_c", t.plusSeconds(1)));
        List<String> seen = new ArrayList<>();
        SubscriptionPage.Cursor after = null;
        int pages = 0;
        do {
            SubscriptionPage page = SubscriptionPage.of(sorted, after, 3);
            page.items().forEach(s -> seen.add(s.id()));
            after = page.next() == null
                    ? null
                    : SubscriptionPage.Cursor.parse(page.next().encode());
            pages++;
        } while (after != null);
        assertThat(seen).containsExactly("sub_legacy", "sub_a", "sub_b", "sub_c");
        assertThat(pages).isEqualTo(2);
        assertThat(SubscriptionPage.of(sorted, null, 4).next()).isNull();
    }

    @Test
    void badLimitsAndCursorsNameTheirParameter() {
        assertThat(SubscriptionPage.limit(null)).isEqualTo(SubscriptionPage.DEFAULT_LIMIT);
        for (String bad : List.of("0", "1001", "x", "-3")) {
            assertThatThrownBy(() -> SubscriptionPage.limit(bad))
                    .isInstanceOf(InvalidParameterException.class)
                    .extracting(e -> ((InvalidParameterException) e).parameter())
                    .isEqualTo("limit");
        }
        for (String bad : List.of("not-a-cursor", "!!", "fA")) {
            assertThatThrownBy(() -> SubscriptionPage.Cursor.parse(bad))
                    .isInstanceOf(InvalidParameterException.class)
                    .extracting(e -> ((InvalidParameterException) e).parameter())
                    .isEqualTo("after");
        }
    }
}
