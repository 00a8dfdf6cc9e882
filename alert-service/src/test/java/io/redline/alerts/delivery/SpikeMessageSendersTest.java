package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.channel.SpikeAlerts;
import io.redline.alerts.delivery.DeliveryOutcome.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spike alerts and a digest holding one, through the Slack and Teams senders to a real loopback receiver. */
class SpikeMessageSendersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADLINE = "Spike: actor LTU — 8 in the last 60 min (usually 1; score 7.0)";

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
    void slackSaysItIsASpikeWithItsBaselineAndEvidence() throws Exception {
        receiver = Receiver.answering(200, Map.of("Content-Type", "text/plain"), "ok");
        DeliveryOutcome outcome =
                new SlackSender(transport).send(receiver.url("/services/T0/B0/x"), SpikeAlerts.actor());
        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);

        JsonNode body = JSON.readTree(receiver.requests.get(0).body());
        assertThat(body.path("text").asText()).isEqualTo("[Spike] Baltic spikes: " + HEADLINE);
        assertThat(body.at("/blocks/0/text/text").asText())
                .isEqualTo(":chart_with_upwards_trend: Spike · Baltic spikes");
        String all = texts(body);
        assertThat(all)
                .contains(
                        "*" + HEADLINE + "*",
                        "Baseline: median 1, MAD 0.5 of the same 60 min in earlier weeks",
                        "window 2026-11-27 03:00 UTC – 2026-11-27 04:00 UTC",
                        ">“" + SpikeAlerts.TOP_SENTENCE + "”\n>— ltu.example.com · "
                                + "<https://ltu.example.com/a/1|Lithuania shuts border crossing>",
                        // Slack escaping: the evidence is article text.
                        ">“Vilnius summoned the Belarusian envoy &amp; closed two more crossings.”",
                        ">“" + SpikeAlerts.THIRD_SENTENCE + "”",
                        "*Top article:* <https://ltu.example.com/a/1|Lithuania shuts border crossing>",
                        "<https://redline.example.org/api/spikes?kind=actor&amp;at=2026-11-27T04:00:00Z|Spikes in Redline>")
                // Not an article alert's layout: no level heading, no "Matched" passages.
                .doesNotContain("*Matched*", "Story in Redline");
    }

    @Test
    void teamsSaysItIsASpikeAndShowsADyadAsAnArrow() throws Exception {
        receiver = Receiver.answering(202, Map.of(), "");
        TeamsSender sender = new TeamsSender(transport);
        assertThat(sender.send(receiver.url("/workflows/1"), SpikeAlerts.actor())
                        .result())
                .isEqualTo(Result.SUCCESS);
        assertThat(sender.send(receiver.url("/workflows/1"), SpikeAlerts.dyad()).result())
                .isEqualTo(Result.SUCCESS);

        JsonNode card = JSON.readTree(receiver.requests.get(0).body()).at("/attachments/0/content");
        assertThat(card.at("/body/0/text").asText()).isEqualTo("Spike · Baltic spikes");
        assertThat(card.at("/body/1/text").asText()).isEqualTo(HEADLINE);
        String all = texts(card);
        assertThat(all)
                .contains(
                        "Baseline: median 1, MAD 0.5 of the same 60 min in earlier weeks",
                        "“" + SpikeAlerts.TOP_SENTENCE + "”",
                        "— ltu.example.com · [Lithuania shuts border crossing](https://ltu.example.com/a/1)",
                        "“" + SpikeAlerts.SECOND_SENTENCE + "”",
                        "“" + SpikeAlerts.THIRD_SENTENCE + "”")
                .doesNotContain("**Matched**");
        assertThat(card.at("/actions/0/url").asText()).isEqualTo("https://ltu.example.com/a/1");
        assertThat(card.at("/actions/2/title").asText()).isEqualTo("Spikes in Redline");

        JsonNode dyad = JSON.readTree(receiver.requests.get(1).body()).at("/attachments/0/content");
        assertThat(dyad.at("/body/1/text").asText())
                .isEqualTo("Spike: dyad RUS → UKR — 8 in the last 60 min (usually 1; score 7.0)");
    }

    @Test
    void chatDigestsListTheArticleAlertAndTheSpikeEachInItsOwnWords() throws Exception {
        receiver = Receiver.answering(200, Map.of("Content-Type", "text/plain"), "ok");
        assertThat(new SlackSender(transport)
                        .send(receiver.url("/services/T0/B0/x"), SpikeAlerts.mixedDigest())
                        .result())
                .isEqualTo(Result.SUCCESS);
        assertThat(new TeamsSender(transport)
                        .send(receiver.url("/workflows/1"), SpikeAlerts.mixedDigest())
                        .result())
                .isEqualTo(Result.SUCCESS);

        JsonNode slack = JSON.readTree(receiver.requests.get(0).body());
        assertThat(slack.at("/blocks/1/text/text").asText())
                .contains("1 new, 0 updates, 1 spike · HIGH 1 · ELEVATED 1");
        // Most severe first: the HIGH article alert, then the ELEVATED spike.
        assertThat(slack.at("/blocks/3/text/text").asText())
                .startsWith(
                        ":red_circle: *HIGH* · 64/100 · *<https://news.example.com/a/0|Strikes on Odesa port continue>*")
                .contains(">“Evidence sentence 0.”");
        assertThat(slack.at("/blocks/4/text/text").asText())
                .isEqualTo(":chart_with_upwards_trend: *" + HEADLINE + "*\n"
                        + "<https://ltu.example.com/a/1|Lithuania shuts border crossing> · ltu.example.com · "
                        + "<!date^"
                        + Instant.parse("2026-11-27T03:40:00Z").getEpochSecond()
                        + "^{date_short_pretty} {time}|2026-11-27 03:40 UTC>\n"
                        + ">“" + SpikeAlerts.TOP_SENTENCE + "”");

        JsonNode teams = JSON.readTree(receiver.requests.get(1).body()).at("/attachments/0/content/body");
        assertThat(teams.at("/2/text").asText()).isEqualTo("1 new, 0 updates, 1 spike · HIGH 1 · ELEVATED 1");
        assertThat(teams.at("/3/items/0/text").asText()).isEqualTo("HIGH · 64/100");
        assertThat(teams.at("/3/items/1/text").asText())
                .isEqualTo("[Strikes on Odesa port continue](https://news.example.com/a/0)");
        assertThat(teams.at("/4/items/0/text").asText()).isEqualTo(HEADLINE);
        assertThat(teams.at("/4/items/1/text").asText())
                .isEqualTo("[Lithuania shuts border crossing](https://ltu.example.com/a/1)");
        assertThat(teams.at("/4/items/3/text").asText()).isEqualTo("“" + SpikeAlerts.TOP_SENTENCE + "”");
    }

    /** Every "text" value of the message, one a line. */
    private static String texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return String.join("\n", out);
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else if (e.getKey().equals("value") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}
