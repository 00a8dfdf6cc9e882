package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.channel.AlertDigest;
import io.redline.alerts.channel.Digests;
import io.redline.alerts.channel.SlackMessage;
import io.redline.alerts.channel.StandardWebhooks;
import io.redline.alerts.channel.TeamsCard;
import io.redline.alerts.delivery.DeliveryOutcome.Result;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Digests through the Standard Webhooks, Slack and Teams senders and the transport to a real loopback receiver. */
class DigestSendersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookTransport transport = new WebhookTransport(
            List.of("127.0.0.0/8", "::1"), Duration.ofSeconds(5), Duration.ofSeconds(10), Clock.systemUTC());
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aWebhookDigestArrivesSignedWithTheDigestIdAndVerifies() throws Exception {
        String current = StandardWebhooks.newSecret();
        String previous = StandardWebhooks.newSecret();
        receiver = new Receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(current, request.headers(), request.body(), Instant.now());
                StandardWebhooks.verify(previous, request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        AlertDigest digest = Digests.small();
        Instant now = Instant.now();
        DeliveryOutcome outcome = new StandardWebhookSender(transport)
                .send(receiver.url("/hooks/redline"), digest, List.of(current, previous), now);

        assertThat(outcome.result())
                .as(outcome.reason() + " " + outcome.reply())
                .isEqualTo(Result.SUCCESS);
        Receiver.Request request = receiver.requests.get(0);
        assertThat(request.headers())
                .containsEntry("webhook-id", "digest-1")
                .containsEntry("webhook-timestamp", Long.toString(now.getEpochSecond()));
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("alert.digest");
        assertThat(body.at("/data/alerts")).hasSize(3);
    }

    @Test
    void aWebhookDigestSignedWithAnotherSecretIsRejected() throws Exception {
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
                .send(receiver.url("/hook"), Digests.small(), List.of(StandardWebhooks.newSecret()), Instant.now());
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT);
        assertThat(outcome.reply()).isEqualTo("No matching signature found");
    }

    @Test
    void slackGetsTheDigestMessage() throws Exception {
        receiver = Receiver.answering(200, Map.of("Content-Type", "text/plain"), "ok");
        AlertDigest digest = Digests.huge(300);
        DeliveryOutcome outcome = new SlackSender(transport).send(receiver.url("/services/T0/B0/x"), digest);
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(new String(receiver.requests.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(SlackMessage.json(digest));
    }

    @Test
    void teamsGetsTheDigestCard() throws Exception {
        receiver = Receiver.answering(202, Map.of(), "");
        AlertDigest digest = Digests.huge(300);
        DeliveryOutcome outcome = new TeamsSender(transport).send(receiver.url("/workflows/1"), digest);
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(new String(receiver.requests.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(TeamsCard.json(digest));
    }
}
