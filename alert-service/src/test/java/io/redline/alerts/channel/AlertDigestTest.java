package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.contracts.Alert;
import io.redline.contracts.EscalationLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Digests in every channel: content, order by severity, "and N more", escaping, and each channel's limits. */
class AlertDigestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SENT = Instant.parse("2026-11-27T05:00:05Z");

    @Test
    void keepsTheMostSevereAlertsInFiringOrderAndCountsAll() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            alerts.add(Digests.alert(i, EscalationLevel.LOW, 10, "Low " + i, "new"));
        }
        alerts.set(599, Digests.alert(599, EscalationLevel.CRITICAL, 95, "The one that matters", "new"));
        AlertDigest digest = new AlertDigest("d", "sub-1", "Name", Digests.START, Digests.END, alerts);

        assertThat(digest.total()).isEqualTo(600);
        assertThat(digest.alerts()).hasSize(AlertDigest.MAX_ALERTS);
        // The late CRITICAL alert is kept, at the end where it fired; equally severe ones keep the earliest.
        assertThat(digest.alerts().get(AlertDigest.MAX_ALERTS - 1).id()).isEqualTo("alert-599");
        assertThat(digest.alerts().get(0).id()).isEqualTo("alert-0");
        assertThat(digest.alerts().get(498).id()).isEqualTo("alert-498");
    }

    @Test
    void webhookDigestIsAlertDigestWithEveryAlertAsData() throws Exception {
        WebhookPayload.Digest payload = WebhookPayload.of(Digests.small(), SENT);
        JsonNode json = JSON.readTree(payload.bytes());
        assertThat(json.get("type").asText()).isEqualTo("alert.digest");
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-27T05:00:05Z");
        JsonNode data = json.get("data");
        assertThat(data.get("id").asText()).isEqualTo("digest-1");
        assertThat(data.get("periodStart").asText()).isEqualTo("2026-11-27T04:00:00Z");
        assertThat(data.get("periodEnd").asText()).isEqualTo("2026-11-27T05:00:00Z");
        assertThat(data.get("total").asInt()).isEqualTo(3);
        // Firing order, each alert exactly as a single alert's data.
        assertThat(data.get("alerts"))
                .extracting(a -> a.get("id").asText())
                .containsExactly("alert-0", "alert-1", "alert-2");
        assertThat(data.at("/alerts/2/previousLevel").asText()).isEqualTo("ELEVATED");
        assertThat(ChannelJson.MAPPER.readValue(payload.bytes(), WebhookPayload.Digest.class))
                .isEqualTo(payload);
    }

    @Test
    void slackDigestListsAlertsBySeverity() throws Exception {
        JsonNode message = JSON.readTree(SlackMessage.json(Digests.small()));
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.at("/0/text/text").asText()).isEqualTo(":bell: Redline digest · Ukraine escalation");
        assertThat(blocks.at("/1/text/text").asText())
                .isEqualTo(
                        "*3 alerts* · 2026-11-27 04:00 UTC – 2026-11-27 05:00 UTC\n2 new, 1 update · CRITICAL 1 · HIGH 1 · ELEVATED 1");
        assertThat(blocks.get(2).get("type").asText()).isEqualTo("divider");
        assertThat(blocks.at("/3/text/text").asText())
                .startsWith(
                        ":rotating_light: *CRITICAL* · 91/100 · *<https://news.example.com/a/1|Kremlin draws a red line over howitzers>*\n"
                                + "news.example.com · <!date^")
                .endsWith("|Story in Redline>\n>“Evidence sentence 1.”");
        assertThat(blocks.at("/4/text/text").asText()).startsWith(":red_circle: *HIGH (up from ELEVATED)* · 64/100");
        assertThat(blocks.at("/5/text/text").asText()).startsWith(":large_orange_circle: *ELEVATED* · 30/100");
        assertThat(blocks.get(6).get("type").asText()).isEqualTo("context");
        assertThat(message.toString()).doesNotContain("more alert");
        assertThat(message.get("text").asText()).isEqualTo("[Redline digest] Ukraine escalation: 3 alerts");
    }

    @Test
    void slackDigestOf300LongAlertsKeepsWithinSlackLimits() throws Exception {
        String json = SlackMessage.json(Digests.huge(300));
        JsonNode message = JSON.readTree(json);
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(blocks.at("/0/text/text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_HEADER_CHARS);
        List<String> texts = new ArrayList<>();
        texts.add(message.get("text").asText());
        blocks.forEach(b -> {
            if (b.has("text")
                    && b.get("text").has("text")
                    && !b.get("type").asText().equals("header")) {
                texts.add(b.at("/text/text").asText());
            }
            b.path("elements").forEach(e -> texts.add(e.get("text").asText()));
        });
        assertThat(texts).allSatisfy(t -> {
            assertThat(t.length()).isLessThanOrEqualTo(SlackMessage.MAX_SECTION_CHARS);
            assertThat(t).doesNotContainPattern("&(?!amp;|lt;|gt;)");
        });
        List<String> entries = texts.stream().filter(t -> t.contains("/100 · ")).toList();
        assertThat(entries).hasSize(20);
        // Most severe first: the scores 99 of the three alerts 99, 199, 299, then 98 ...
        assertThat(entries.get(0))
                .startsWith(":rotating_light: *CRITICAL* · 99/100 · *<https://news.example.com/a/99|99 ");
        assertThat(entries.get(3)).contains(" · 98/100 · ");
        assertThat(texts).contains("and 280 more alerts");
        assertThat(json).doesNotContain("<!channel>", "<script>", "<b>");
    }

    @Test
    void teamsDigestIsAnAdaptiveCardListingAlertsBySeverity() throws Exception {
        JsonNode card = JSON.readTree(TeamsCard.json(Digests.small())).at("/attachments/0/content");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        JsonNode body = card.get("body");
        assertThat(body.at("/0/text").asText()).isEqualTo("Redline digest · Ukraine escalation");
        assertThat(body.at("/1/text").asText()).isEqualTo("**3 alerts** · 2026-11-27 04:00 UTC – 2026-11-27 05:00 UTC");
        assertThat(body.get(3).get("type").asText()).isEqualTo("Container");
        assertThat(body.get(3).get("items"))
                .extracting(i -> i.get("text").asText())
                .containsExactly(
                        "CRITICAL · 91/100", "[Kremlin draws a red line over howitzers](https://news.example.com/a/1)",
                        "news.example.com · 2026-11-27 04:01 UTC", "“Evidence sentence 1.”");
        assertThat(body.at("/3/selectAction/url").asText())
                .isEqualTo("https://redline.example.org/api/stories/story-1");
        assertThat(body.at("/4/items/0/text").asText()).isEqualTo("HIGH (up from ELEVATED) · 64/100");
        assertThat(body.at("/5/items/0/text").asText()).isEqualTo("ELEVATED · 30/100");
        assertThat(body).hasSize(6);
    }

    @Test
    void teamsDigestOf300LongAlertsStaysUnderTheWebhookSizeLimitAndEscapes() throws Exception {
        String json = TeamsCard.json(Digests.huge(300));
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(28_000);
        JsonNode body = JSON.readTree(json).at("/attachments/0/content/body");
        List<JsonNode> entries = new ArrayList<>();
        body.forEach(b -> {
            if (b.get("type").asText().equals("Container")) {
                entries.add(b);
            }
        });
        assertThat(entries).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(entries.get(0).at("/items/0/text").asText()).isEqualTo("CRITICAL · 99/100");
        assertThat(body.get(body.size() - 1).get("text").asText())
                .isEqualTo("and " + (300 - entries.size()) + " more alerts");
        // Article text cannot open a link of its own: its brackets are escaped, only the title link is markup.
        String title = entries.get(0).at("/items/1/text").asText();
        assertThat(title)
                .startsWith("[99 <b>Tanks</b> & \\[howitzers\\](https://evil) \\*moved\\*")
                .endsWith("…](https://news.example.com/a/99)");
        assertThat(body.at("/0/text").asText()).startsWith("Redline digest · Ukraine <escalation> & \\*more\\*");
    }

    @Test
    void emailDigestHasACountingSubjectAndEscapedBodies() {
        EmailMessage mail = EmailMessage.of(Digests.small());
        assertThat(mail.subject()).isEqualTo("Redline digest: Ukraine escalation — 3 alerts");
        assertThat(mail.html())
                .contains(
                        "<strong>3 alerts</strong> · 2026-11-27 04:00 UTC – 2026-11-27 05:00 UTC",
                        "<a href=\"https://news.example.com/a/1\">Kremlin draws a red line over howitzers</a>",
                        "HIGH (up from ELEVATED) · 64/100",
                        "“Evidence sentence 1.”");
        assertThat(mail.html().indexOf("CRITICAL · 91/100"))
                .isLessThan(mail.html().indexOf("HIGH (up from ELEVATED)"));
        assertThat(mail.html().indexOf("HIGH (up from ELEVATED)"))
                .isLessThan(mail.html().indexOf("ELEVATED · 30/100"));
        assertThat(mail.text())
                .contains("CRITICAL · 91/100\nKremlin draws a red line over howitzers\n"
                        + "https://news.example.com/a/1\n")
                .doesNotContain("<");
    }

    @Test
    void emailDigestOf300LongAlertsListsFiftyAndEscapesEverything() {
        EmailMessage mail = EmailMessage.of(Digests.huge(300));
        assertThat(mail.subject())
                .hasSizeLessThanOrEqualTo(EmailMessage.MAX_SUBJECT_CHARS)
                .endsWith(" — 300 alerts")
                .startsWith("Redline digest: Ukraine <escalation> & *more* xxx")
                .doesNotContain("\n");
        assertThat(mail.html())
                .doesNotContain("<script>", "<b>", "<escalation>")
                .contains("&lt;b&gt;Tanks&lt;/b&gt; &amp;", "and 250 more alerts");
        assertThat(mail.html().split("/100</div>", -1)).hasSize(51);
        assertThat(mail.text()).contains("and 250 more alerts", "<script>x</script>");
    }
}
