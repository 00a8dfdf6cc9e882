package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.redline.alerts.brief.Brief;
import io.redline.alerts.brief.BriefMessage;
import io.redline.contracts.EscalationLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A brief on each channel: the same items everywhere, article text escaped for each medium, empty sections said. */
class BriefMessagesTest {

    private static final Instant TO = Instant.parse("2026-12-07T06:00:00Z");
    private static final Brief.Evidence EVIDENCE = new Brief.Evidence(
            "a1",
            "<!channel> Troops <b>cross</b>",
            "wire.example",
            "https://wire.example/a1",
            TO.minusSeconds(600),
            EscalationLevel.CRITICAL,
            88,
            "Troops crossed the border <script>x</script> at dawn.");
    private static final BriefMessage MESSAGE = new BriefMessage(
            "brf_1",
            "sub_1",
            "Desk & co",
            "Europe/Berlin",
            new Brief(
                    TO.minusSeconds(12 * 3600),
                    TO,
                    12,
                    List.of(new Brief.LevelRise(
                            "st1",
                            EVIDENCE.title(),
                            EscalationLevel.ELEVATED,
                            EscalationLevel.CRITICAL,
                            2,
                            30,
                            88,
                            EVIDENCE)),
                    List.of(Map.of(
                            "kind",
                            "actor",
                            "key",
                            "RUS",
                            "observed",
                            7,
                            "articles",
                            9,
                            "baseline",
                            Map.of("median", 1.0),
                            "score",
                            5.2)),
                    List.of()));

    @Test
    void theWebhookBodyIsTheBriefInTheStandardEnvelope() throws Exception {
        JsonNode body = ChannelJson.MAPPER.readTree(
                BriefMessages.Payload.of(MESSAGE, TO).bytes());
        assertThat(body.path("type").asText()).isEqualTo("brief.created");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-12-07T06:00:00Z");
        assertThat(body.at("/data/hours").asInt()).isEqualTo(12);
        assertThat(body.at("/data/id").asText()).isEqualTo(MESSAGE.id());
        assertThat(body.at("/data/subscriptionId").asText()).isEqualTo(MESSAGE.subscriptionId());
        assertThat(body.at("/data/subscriptionName").asText()).isEqualTo(MESSAGE.subscriptionName());
        assertThat(body.at("/data/levelRises/0/fromLevel").asText()).isEqualTo("ELEVATED");
        assertThat(body.at("/data/levelRises/0/evidence/sentence").asText()).startsWith("Troops crossed");
        assertThat(body.at("/data/spikes/0/key").asText()).isEqualTo("RUS");
        assertThat(body.at("/data/corroborated").isArray()).isTrue();
    }

    @Test
    void slackEscapesArticleTextAndSaysWhatIsEmpty() throws Exception {
        String json = BriefMessages.slack(MESSAGE);
        assertThat(json).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        assertThat(json).contains("CRITICAL (up from ELEVATED)").contains("actor RUS · 7 stories (9 articles)");
        assertThat(json).contains("No story reached its outlet threshold.");
        assertThat(ChannelJson.MAPPER.readTree(json).path("blocks").size()).isLessThanOrEqualTo(50);
    }

    @Test
    void teamsIsOneAdaptiveCard() throws Exception {
        JsonNode message = ChannelJson.MAPPER.readTree(BriefMessages.teams(MESSAGE));
        assertThat(message.path("type").asText()).isEqualTo("message");
        JsonNode card = message.at("/attachments/0/content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.toString()).contains("Newly corroborated stories").contains("wire.example");
    }

    @Test
    void theEmailEscapesHtmlAndCarriesTheSameItemsAsText() {
        String html = BriefMessages.html(MESSAGE);
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(html).contains("href=\"https://wire.example/a1\"").contains("Desk &amp; co");
        String text = BriefMessages.text(MESSAGE);
        assertThat(text).contains("CRITICAL (up from ELEVATED)").contains("https://wire.example/a1");
        assertThat(text).contains("No story reached its outlet threshold.");
        assertThat(BriefMessages.subject(MESSAGE))
                .isEqualTo("[Redline] Brief · Desk & co · 1 rising, 1 spikes, 0 corroborated");
    }
}
