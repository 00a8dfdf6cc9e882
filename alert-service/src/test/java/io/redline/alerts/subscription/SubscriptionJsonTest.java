package io.redline.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.alerts.subscription.SubscriptionRequest.ChannelRequest;
import io.redline.alerts.subscription.SubscriptionRequest.QuietHoursRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored JSON reads back equal (what every other instance relies on), and the API view never holds a secret. */
class SubscriptionJsonTest {

    private static Subscription sample() {
        SubscriptionRequest r = new SubscriptionRequest(
                "Ports",
                "missile OR drone",
                Map.of("level", List.of("HIGH"), "source", List.of("reuters.com")),
                "HIGH",
                50,
                List.of("STRIKE"),
                List.of("RUS"),
                "DIGEST_DAILY",
                "Europe/Berlin",
                new QuietHoursRequest("22:00", "07:00"),
                List.of(
                        new ChannelRequest(null, "webhook", "https://hooks.example.org/x", null, null),
                        new ChannelRequest(null, "email", null, List.of("ops@example.org"), null)),
                true);
        Subscription v = new SubscriptionValidator(false).validate("sub_AAAAAAAAAAAAAAAA", r, null);
        Instant now = Instant.parse("2026-11-27T12:00:00.123456789Z");
        return new Subscription(
                v.id(),
                v.name(),
                null,
                v.query(),
                v.filters(),
                v.minLevel(),
                v.minScore(),
                v.signals(),
                v.actors(),
                v.mode(),
                v.timeZone(),
                v.quietHours(),
                v.channels(),
                List.of(new WebhookSecret("whsec_c2VjcmV0", now, null)),
                now,
                now,
                true);
    }

    @Test
    void storedJsonRoundTrips() throws Exception {
        Subscription s = sample();
        String json = SubscriptionStore.JSON.writeValueAsString(s);
        assertThat(json)
                .contains("\"type\":\"webhook\"")
                .contains("\"mode\":\"DIGEST_DAILY\"")
                .contains("\"timeZone\":\"Europe/Berlin\"")
                .contains("whsec_c2VjcmV0");
        assertThat(SubscriptionStore.JSON.readValue(json, Subscription.class)).isEqualTo(s);
        // Fields added by a later version are ignored, not fatal.
        String newer = json.replaceFirst("\\{", "{\"futureField\":1,");
        assertThat(SubscriptionStore.JSON.readValue(newer, Subscription.class)).isEqualTo(s);
    }

    @Test
    void viewHoldsNoSecret() throws Exception {
        ObjectMapper api = new ObjectMapper().registerModule(new JavaTimeModule());
        String json = api.writeValueAsString(SubscriptionView.of(sample()));
        assertThat(json)
                .doesNotContain("whsec_")
                .doesNotContain("c2VjcmV0")
                .doesNotContain("webhookSecret\"")
                .contains("webhookSecrets");
        assertThat(api.writeValueAsString(SubscriptionView.withSecret(sample(), "whsec_new")))
                .contains("\"webhookSecret\":\"whsec_new\"");
    }
}
