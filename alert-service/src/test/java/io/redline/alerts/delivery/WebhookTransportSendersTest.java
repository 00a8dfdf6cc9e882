package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.channel.SlackMessage;
import io.redline.alerts.channel.StandardWebhooks;
import io.redline.alerts.channel.TeamsCard;
import io.redline.alerts.delivery.DeliveryOutcome.Result;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks, Slack and Teams senders through the transport to a real loopback receiver. */
class WebhookTransportSendersTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookTransport transport =
            new WebhookTransport(LOOPBACK, Duration.ofSeconds(5), Duration.ofSeconds(10), Clock.systemUTC());
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    static Alert alert() {
        String sentence = "Any delivery of howitzers is a red line, the Kremlin said.";
        AlertArticle article = new AlertArticle(
                "art-1",
                2,
                "https://news.example.com/a/1",
                "Kremlin draws a red line over howitzers",
                "Moscow warned that deliveries would be answered.",
                "news.example.com",
                "en",
                Instant.parse("2026-11-27T04:10:00Z"),
                List.of("ukraine"));
        Signal signal = new Signal(
                SignalType.RED_LINE,
                Modality.ASSERTED,
                null,
                List.of("RUS"),
                new Evidence(1, 0, sentence.length(), sentence, "red line"),
                0.9);
        return new Alert(
                "alert-1",
                "sub-1",
                "Ukraine escalation",
                "new",
                null,
                article,
                "story-9",
                EscalationLevel.HIGH,
                73,
                List.of(signal),
                List.of("Kremlin draws a red line over <em>howitzers</em>"),
                List.of("howitzers"),
                "https://redline.example.org/api/articles/art-1",
                "https://redline.example.org/api/stories/story-9",
                Instant.parse("2026-11-27T04:12:30Z"));
    }

    @Test
    void aStandardWebhookArrivesWithASignatureTheReceiverVerifies() throws Exception {
        String current = StandardWebhooks.newSecret();
        String previous = StandardWebhooks.newSecret();
        // The receiver does what the specification tells receivers to: verify the raw body before parsing it.
        receiver = new Receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(previous, request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        Instant now = Instant.now();
        DeliveryOutcome outcome = new StandardWebhookSender(transport)
                .send(receiver.url("/hooks/redline"), alert(), List.of(current, previous), now);

        assertThat(outcome.result())
                .as(outcome.reason() + " " + outcome.reply())
                .isEqualTo(Result.SUCCESS);
        Receiver.Request request = receiver.requests.get(0);
        assertThat(request.headers())
                .containsEntry("webhook-id", "alert-1")
                .containsEntry("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .containsEntry("content-type", "application/json");
        assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(2);
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("alert.created");
        assertThat(body.get("data").get("id").asText()).isEqualTo("alert-1");
    }

    @Test
    void aTamperedOrForeignSignatureIsRejectedByTheSameVerifier() throws Exception {
        String receiverSecret = StandardWebhooks.newSecret();
        receiver = new Receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(receiverSecret, request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        DeliveryOutcome outcome = new StandardWebhookSender(transport)
                .send(receiver.url("/hook"), alert(), List.of(StandardWebhooks.newSecret()), Instant.now());
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.status()).isEqualTo(401);
        assertThat(outcome.reply()).isEqualTo("No matching signature found");
    }

    @Test
    void slackGetsTheSlackMessageJson() throws Exception {
        receiver = Receiver.answering(200, Map.of("Content-Type", "text/plain"), "ok");
        DeliveryOutcome outcome = new SlackSender(transport).send(receiver.url("/services/T0/B0/x"), alert());
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.reply()).isEqualTo("ok");
        assertThat(new String(receiver.requests.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(SlackMessage.json(alert()));
    }

    @Test
    void teamsGetsTheAdaptiveCardJson() throws Exception {
        receiver = Receiver.answering(202, Map.of(), "");
        DeliveryOutcome outcome = new TeamsSender(transport).send(receiver.url("/workflows/1"), alert());
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(new String(receiver.requests.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(TeamsCard.json(alert()));
    }
}
