package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.contracts.Alert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Slack Block Kit message: content, escaping, and Slack's size limits. */
class SlackMessageTest {

    @Test
    void showsLevelTitleFactsSignalsHighlightsAndLinks() throws Exception {
        JsonNode message = parse(Alerts.sample());
        JsonNode blocks = message.get("blocks");

        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo(":red_circle: HIGH · Ukraine escalation");
        assertThat(blocks.get(1).at("/text/text").asText())
                .startsWith("*<https://news.example.com/a/1|Kremlin draws a red line over howitzers>*\n")
                .contains("Moscow warned");
        assertThat(blocks.get(2).get("fields"))
                .extracting(f -> f.get("text").asText())
                .containsExactly(
                        "*Level*\nHIGH",
                        "*Score*\n73/100",
                        "*Source*\nnews.example.com",
                        "*Published*\n<!date^1795752600^{date_short_pretty} {time}|2026-11-27 04:10 UTC>");
        assertThat(blocks.get(3).at("/text/text").asText())
                .isEqualTo("*Red line* · _asserted_\n>“Any delivery of howitzers is a red line, the Kremlin said.”");
        assertThat(blocks.get(4).at("/text/text").asText()).startsWith("*Weapons supply* · _reported by Peskov_");
        assertThat(blocks.get(5).at("/text/text").asText())
                .isEqualTo("*Matched*\n• …Kremlin draws a red line over *howitzers*…");
        assertThat(blocks.get(6).get("type").asText()).isEqualTo("context");
        assertThat(blocks.get(6).at("/elements/0/text").asText())
                .isEqualTo(
                        "<https://redline.example.org/api/articles/art-1|Article in Redline> · "
                                + "<https://redline.example.org/api/stories/story-9|Story in Redline> · Matched terms: howitzers");
        assertThat(message.get("text").asText())
                .isEqualTo("[HIGH] Ukraine escalation: Kremlin draws a red line over howitzers");
    }

    @Test
    void updateShowsThePreviousLevel() throws Exception {
        JsonNode message = parse(Alerts.asUpdate(Alerts.sample()));
        assertThat(message.at("/blocks/0/text/text").asText()).contains("HIGH (up from ELEVATED)");
    }

    @Test
    void escapesArticleTextSoItCannotPingOrLink() throws Exception {
        Alert alert = Alerts.withArticle(Alerts.article(
                "<script>alert(1)</script> & <!channel> <https://evil|x>", "https://news.example.com/a?x=1&y=a|b"));
        alert = Alerts.withHighlights(alert, List.of("<b>bold</b> & <em>howitzers</em> <!here>"));
        String json = SlackMessage.json(alert);
        JsonNode message = new ObjectMapper().readTree(json);

        assertThat(message.at("/blocks/1/text/text").asText())
                .startsWith("*<https://news.example.com/a?x=1&amp;y=a%7Cb|&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                        + "&lt;!channel&gt; &lt;https://evil|x&gt;>*");
        assertThat(message.at("/blocks/5/text/text").asText())
                .isEqualTo("*Matched*\n• …&lt;b&gt;bold&lt;/b&gt; &amp; *howitzers* &lt;!here&gt;…");
        assertThat(json).doesNotContain("<!channel>", "<!here>", "<script>", "<https://evil");
    }

    @Test
    void dropsLinksThatAreNotWebLinks() throws Exception {
        JsonNode message = parse(Alerts.withArticle(Alerts.article("Title", "javascript:alert(1)")));
        assertThat(message.at("/blocks/1/text/text").asText()).startsWith("*Title*");
    }

    @Test
    void showsFiveSignalsAndCountsTheRest() throws Exception {
        JsonNode blocks = parse(Alerts.withSignals(Alerts.sample(), 20)).get("blocks");
        List<String> texts = new ArrayList<>();
        blocks.forEach(b ->
                texts.add(b.at("/text/text").asText() + b.at("/elements/0/text").asText()));
        assertThat(texts).filteredOn(t -> t.startsWith("*Strike*")).hasSize(5);
        assertThat(texts).contains("+15 more signals");
    }

    @Test
    void keepsWithinSlackLimitsWithoutBreakingEntities() throws Exception {
        String huge = "Tanks & howitzers <moved> ".repeat(500);
        Alert alert = Alerts.withArticle(new Alert.AlertArticle(
                "a",
                1,
                "https://news.example.com/" + "x".repeat(5000),
                huge,
                huge,
                "news.example.com",
                "en",
                Alerts.PUBLISHED,
                List.of()));
        alert = Alerts.withHighlights(Alerts.withSignals(alert, 60), List.of(huge, huge, huge, huge));
        JsonNode message = parse(alert);

        JsonNode blocks = message.get("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(blocks.get(0).at("/text/text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_HEADER_CHARS);
        List<String> texts = new ArrayList<>();
        texts.add(message.get("text").asText());
        blocks.forEach(b -> {
            if (b.has("text") && b.get("text").has("text")) {
                texts.add(b.at("/text/text").asText());
            }
            b.path("fields").forEach(f -> texts.add(f.get("text").asText()));
            b.path("elements").forEach(e -> texts.add(e.get("text").asText()));
        });
        assertThat(texts).allSatisfy(t -> {
            assertThat(t.length()).isLessThanOrEqualTo(SlackMessage.MAX_SECTION_CHARS);
            // a cut never leaves half an entity ("&am…") behind
            assertThat(t).doesNotContainPattern("&(?!amp;|lt;|gt;)");
        });
        assertThat(blocks.get(1).at("/text/text").asText()).endsWith("…");
    }

    private static JsonNode parse(Alert alert) throws Exception {
        return new ObjectMapper().readTree(SlackMessage.json(alert));
    }
}
