package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The generic webhook body: envelope, ISO instants, and the alert as data. */
class WebhookPayloadTest {

    private static final Instant SENT = Instant.parse("2026-11-27T04:13:00Z");

    @Test
    void newAlertIsAlertCreatedWithIsoInstants() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(WebhookPayload.of(Alerts.sample(), SENT).json());

        assertThat(json.get("type").asText()).isEqualTo("alert.created");
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-27T04:13:00Z");
        JsonNode data = json.get("data");
        assertThat(data.get("id").asText()).isEqualTo("alert-1");
        assertThat(data.get("level").asText()).isEqualTo("HIGH");
        assertThat(data.get("score").asInt()).isEqualTo(73);
        assertThat(data.get("previousLevel").isNull()).isTrue();
        assertThat(data.get("matchedAt").asText()).isEqualTo("2026-11-27T04:12:30Z");
        assertThat(data.at("/article/publishedAt").asText()).isEqualTo("2026-11-27T04:10:00Z");
        assertThat(data.at("/signals/0/type").asText()).isEqualTo("RED_LINE");
        assertThat(data.at("/signals/0/evidence/sentence").asText()).startsWith("Any delivery of howitzers");
        assertThat(data.at("/highlights/0").asText()).contains("<em>howitzers</em>");
    }

    @Test
    void aSpikeIsAlertCreatedCarryingItsFigures() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(WebhookPayload.of(SpikeAlerts.actor(), SENT).json());
        assertThat(json.get("type").asText()).isEqualTo("alert.created");
        assertThat(json.at("/data/kind").asText()).isEqualTo("spike");
        assertThat(json.at("/data/spike/key").asText()).isEqualTo("LTU");
        assertThat(json.at("/data/spike/observed").asLong()).isEqualTo(8);
        assertThat(json.at("/data/spike/baselineMedian").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/data/spike/from").asText()).isEqualTo("2026-11-27T03:00:00Z");
    }

    @Test
    void updateIsAlertUpdated() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(WebhookPayload.of(Alerts.asUpdate(Alerts.sample()), SENT)
                        .json());
        assertThat(json.get("type").asText()).isEqualTo("alert.updated");
        assertThat(json.at("/data/previousLevel").asText()).isEqualTo("ELEVATED");
    }

    @Test
    void corroboratedIsAlertUpdated() throws Exception {
        io.redline.contracts.Alert a = Alerts.sample();
        io.redline.contracts.Alert corroborated = new io.redline.contracts.Alert(
                a.id(),
                a.subscriptionId(),
                a.subscriptionName(),
                WebhookPayload.CORROBORATED,
                null,
                a.article(),
                a.storyId(),
                a.level(),
                a.score(),
                a.signals(),
                a.highlights(),
                a.matchedTerms(),
                a.articleLink(),
                a.storyLink(),
                a.matchedAt(),
                new io.redline.contracts.Corroboration(3, 4, SENT, "wire.example", java.util.List.of("wire.example")),
                null);
        JsonNode json = new ObjectMapper()
                .readTree(WebhookPayload.of(corroborated, SENT).json());
        assertThat(json.get("type").asText()).isEqualTo("alert.updated");
        assertThat(json.at("/data/corroboration/outlets").asInt()).isEqualTo(3);
        assertThat(WebhookPayload.eventType(a)).isEqualTo("alert.created");
    }

    @Test
    void roundTripsToTheSameAlert() throws Exception {
        WebhookPayload payload = WebhookPayload.of(Alerts.sample(), SENT);
        assertThat(ChannelJson.MAPPER.readValue(payload.bytes(), WebhookPayload.class))
                .isEqualTo(payload);
    }
}
