package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.contracts.Alert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Teams Workflows message with its Adaptive Card. */
class TeamsCardTest {

    @Test
    void isAWorkflowsMessageWithAnAdaptiveCard14() throws Exception {
        JsonNode message = parse(Alerts.sample());
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("attachments")).hasSize(1);
        JsonNode attachment = message.at("/attachments/0");
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    }

    @Test
    void showsTheSameInformationAsTheOtherChannels() throws Exception {
        JsonNode card = parse(Alerts.asUpdate(Alerts.sample())).at("/attachments/0/content");
        List<String> texts = texts(card);
        assertThat(texts)
                .contains(
                        "HIGH (up from ELEVATED) · Ukraine escalation",
                        "Kremlin draws a red line over howitzers",
                        "**Red line** · asserted",
                        "“Any delivery of howitzers is a red line, the Kremlin said.”",
                        "**Weapons supply** · reported by Peskov",
                        "…Kremlin draws a red line over **howitzers**…");
        JsonNode facts = null;
        for (JsonNode element : card.get("body")) {
            if (element.get("type").asText().equals("FactSet")) {
                facts = element.get("facts");
            }
        }
        assertThat(facts)
                .extracting(f -> f.get("title").asText() + "=" + f.get("value").asText())
                .containsExactly(
                        "Level=HIGH (up from ELEVATED)",
                        "Score=73/100",
                        "Source=news.example.com",
                        "Published=2026-11-27 04:10 UTC");
        assertThat(card.get("actions"))
                .extracting(a -> a.get("type").asText() + " " + a.get("url").asText())
                .containsExactly(
                        "Action.OpenUrl https://news.example.com/a/1",
                        "Action.OpenUrl https://redline.example.org/api/articles/art-1",
                        "Action.OpenUrl https://redline.example.org/api/stories/story-9");
        assertThat(card.toString()).doesNotContain("<em>");
    }

    @Test
    void escapesMarkdownAndDropsNonWebLinks() throws Exception {
        Alert alert = Alerts.withArticle(Alerts.article("[Click](https://evil) *now* <b>x</b>", "javascript:alert(1)"));
        JsonNode card = parse(alert).at("/attachments/0/content");
        assertThat(texts(card)).contains("\\[Click\\](https://evil) \\*now\\* <b>x</b>");
        assertThat(card.get("actions"))
                .extracting(a -> a.get("title").asText())
                .containsExactly("Article in Redline", "Story in Redline");
    }

    @Test
    void leavesOrdinaryPunctuationAlone() {
        assertThat(TeamsCard.escape("U.S. e-mail 1.5 (ok)!")).isEqualTo("U.S. e-mail 1.5 (ok)!");
        assertThat(TeamsCard.escape("1. first\n- item")).isEqualTo("1\\. first\n\\- item");
    }

    private static List<String> texts(JsonNode card) {
        List<String> texts = new ArrayList<>();
        card.get("body").forEach(e -> {
            if (e.has("text")) {
                texts.add(e.get("text").asText());
            }
        });
        return texts;
    }

    private static JsonNode parse(Alert alert) throws Exception {
        return new ObjectMapper().readTree(TeamsCard.json(alert));
    }
}
