package io.redline.alerts.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack incoming-webhook body of an alert: Block Kit blocks plus the plain {@code text} Slack shows in
 * notifications and clients without blocks.
 *
 * <p>All article and subscription text is escaped ({@code & < >}) because Slack would otherwise read it as
 * markup: a title containing {@code <!channel>} must not ping a whole channel. Slack's limits are enforced
 * here (a rejected message is a lost alert): section text at most {@value #MAX_SECTION_CHARS} characters,
 * header at most {@value #MAX_HEADER_CHARS}, at most {@value #MAX_BLOCKS} blocks.
 */
public final class SlackMessage {

    static final int MAX_SECTION_CHARS = 3000;
    static final int MAX_HEADER_CHARS = 150;
    static final int MAX_BLOCKS = 50;
    /** Slack allows 2000 per field; a field here is a label and a short value. */
    private static final int MAX_FIELD_CHARS = 2000;

    private static final int MAX_TITLE_CHARS = 300;

    private SlackMessage() {}

    /** The JSON text to POST to the incoming-webhook URL. */
    public static String json(Alert alert) {
        return ChannelJson.write(render(alert));
    }

    /** The message as a JSON tree. */
    public static ObjectNode render(Alert alert) {
        if (AlertText.isSpike(alert)) {
            return renderSpike(alert);
        }
        AlertArticle article = AlertText.article(alert);
        List<ObjectNode> blocks = new ArrayList<>();

        blocks.add(header(emoji(alert.level()) + " " + AlertText.levelLine(alert) + " · "
                + AlertText.orEmpty(alert.subscriptionName())));
        String title =
                "*" + link(article.url(), AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS)) + "*";
        String summary = AlertText.blank(article.summary())
                ? ""
                : "\n" + escape(article.summary().strip());
        blocks.add(section(title + summary));

        ObjectNode facts = block("section");
        ArrayNode fields = facts.putArray("fields");
        fields.add(mrkdwn(field("Level", escape(AlertText.levelLine(alert)))));
        fields.add(mrkdwn(field("Score", alert.score() + "/100")));
        fields.add(mrkdwn(field("Source", escape(AlertText.orUnknown(article.sourceDomain())))));
        fields.add(mrkdwn(field("Published", date(article))));
        blocks.add(facts);

        for (Signal signal : AlertText.shownSignals(alert)) {
            String text =
                    "*" + escape(AlertText.label(signal.type())) + "* · _" + escape(AlertText.modality(signal)) + "_";
            String evidence = AlertText.evidence(signal);
            if (!evidence.isEmpty()) {
                text += "\n>“" + escape(evidence) + "”";
            }
            blocks.add(section(text));
        }
        int hidden = alert.signals().size() - AlertText.shownSignals(alert).size();
        if (hidden > 0) {
            blocks.add(context(List.of("+" + hidden + " more signal" + (hidden == 1 ? "" : "s"))));
        }

        List<String> highlights = AlertText.shownHighlights(alert);
        if (!highlights.isEmpty()) {
            StringBuilder text = new StringBuilder("*Matched*");
            for (String passage : highlights) {
                text.append("\n• …")
                        .append(AlertText.highlight(passage, SlackMessage::escape, w -> "*" + w + "*"))
                        .append('…');
            }
            blocks.add(section(text.toString()));
        }

        List<String> context = new ArrayList<>();
        if (AlertText.isWebLink(alert.articleLink())) {
            context.add(link(alert.articleLink(), "Article in Redline"));
        }
        if (AlertText.isWebLink(alert.storyLink())) {
            context.add(link(alert.storyLink(), "Story in Redline"));
        }
        if (!alert.matchedTerms().isEmpty()) {
            context.add("Matched terms: " + escape(String.join(", ", alert.matchedTerms())));
        }
        if (!context.isEmpty()) {
            blocks.add(context(List.of(AlertText.cutMarkup(String.join(" · ", context), MAX_SECTION_CHARS))));
        }

        ObjectNode message = ChannelJson.MAPPER.createObjectNode();
        message.put(
                "text",
                AlertText.cutMarkup(
                        "[" + AlertText.levelLine(alert) + "] " + escape(AlertText.orEmpty(alert.subscriptionName()))
                                + ": " + escape(AlertText.orUntitled(article.title())),
                        MAX_SECTION_CHARS));
        // Unreachable with today's blocks (about a dozen); the guard keeps a future addition from making Slack
        // reject every alert.
        message.putArray("blocks").addAll(blocks.subList(0, Math.min(MAX_BLOCKS, blocks.size())));
        return message;
    }

    /**
     * A spike alert: the spike headline and its baseline, the evidence sentences (with the top article's outlet and
     * link where the sentence is its), then the top article; an article alert's layout would hide that it is a spike.
     */
    private static ObjectNode renderSpike(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        String headline = AlertText.spikeHeadline(alert);
        List<ObjectNode> blocks = new ArrayList<>();
        blocks.add(header(":chart_with_upwards_trend: Spike · " + AlertText.orEmpty(alert.subscriptionName())));
        blocks.add(section("*" + escape(headline) + "*\n" + escape(AlertText.spikeBaseline(alert))));
        List<AlertText.SpikeEvidence> evidence = AlertText.spikeEvidence(alert);
        if (!evidence.isEmpty()) {
            StringBuilder text = new StringBuilder("*Evidence*");
            for (AlertText.SpikeEvidence e : evidence) {
                text.append("\n>“").append(escape(e.sentence())).append('”');
                if (e.outlet() != null) {
                    text.append("\n>— ")
                            .append(escape(e.outlet()))
                            .append(" · ")
                            .append(link(e.url(), e.title()));
                }
            }
            blocks.add(section(text.toString()));
        }
        blocks.add(section("*Top article:* "
                + link(article.url(), AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS)) + "\n"
                + escape(AlertText.orUnknown(article.sourceDomain())) + " · " + date(article) + " · "
                + escape(AlertText.name(alert.level())) + " " + alert.score() + "/100"));
        List<String> context = new ArrayList<>();
        if (AlertText.isWebLink(alert.articleLink())) {
            context.add(link(alert.articleLink(), "Article in Redline"));
        }
        if (AlertText.isWebLink(alert.storyLink())) {
            context.add(link(alert.storyLink(), "Spikes in Redline"));
        }
        if (!context.isEmpty()) {
            blocks.add(context(List.of(AlertText.cutMarkup(String.join(" · ", context), MAX_SECTION_CHARS))));
        }
        ObjectNode message = ChannelJson.MAPPER.createObjectNode();
        message.put(
                "text",
                AlertText.cutMarkup(
                        "[Spike] " + escape(AlertText.orEmpty(alert.subscriptionName())) + ": " + escape(headline),
                        MAX_SECTION_CHARS));
        message.putArray("blocks").addAll(blocks);
        return message;
    }

    /** The JSON text of a digest to POST to the incoming-webhook URL. */
    public static String json(AlertDigest digest) {
        return ChannelJson.write(render(digest));
    }

    /**
     * A digest as a JSON tree: a header, the period and its breakdown, then one section per alert for the
     * {@value AlertText#DIGEST_SHOWN} most severe (level, then score) and "and N more" for the rest. At most
     * 20 + 5 blocks, so Slack's {@value #MAX_BLOCKS} can never be reached.
     */
    public static ObjectNode render(AlertDigest digest) {
        List<ObjectNode> blocks = new ArrayList<>();
        String name = AlertText.orEmpty(digest.subscriptionName());
        blocks.add(header(":bell: Redline digest · " + name));
        blocks.add(section("*" + AlertText.alertCount(digest.total()) + "* · " + escape(AlertText.period(digest)) + "\n"
                + escape(AlertText.digestBreakdown(digest))));
        blocks.add(block("divider"));
        List<Alert> shown = AlertText.topAlerts(digest, AlertText.DIGEST_SHOWN);
        for (Alert alert : shown) {
            blocks.add(section(digestEntry(alert)));
        }
        int more = AlertText.notShown(digest, shown.size());
        if (more > 0) {
            blocks.add(context(List.of(AlertText.andMore(more))));
        }
        blocks.add(context(List.of("Sent by Redline for the subscription “" + escape(name) + "”")));

        ObjectNode message = ChannelJson.MAPPER.createObjectNode();
        message.put(
                "text",
                AlertText.cutMarkup(
                        "[Redline digest] " + escape(name) + ": " + AlertText.alertCount(digest.total()),
                        MAX_SECTION_CHARS));
        message.putArray("blocks").addAll(blocks.subList(0, Math.min(MAX_BLOCKS, blocks.size())));
        return message;
    }

    /** One alert of a digest: level, score and linked title, then source, date and the evidence that fired it. */
    private static String digestEntry(Alert alert) {
        if (AlertText.isSpike(alert)) {
            return spikeDigestEntry(alert);
        }
        AlertArticle article = AlertText.article(alert);
        StringBuilder text = new StringBuilder();
        text.append(emoji(alert.level()))
                .append(" *")
                .append(escape(AlertText.levelLine(alert)))
                .append("* · ")
                .append(alert.score())
                .append("/100 · *")
                .append(link(article.url(), AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS)))
                .append("*\n")
                .append(escape(AlertText.orUnknown(article.sourceDomain())))
                .append(" · ")
                .append(date(article));
        if (AlertText.isWebLink(alert.storyLink())) {
            text.append(" · ").append(link(alert.storyLink(), "Story in Redline"));
        }
        String evidence = AlertText.firstEvidence(alert);
        if (!evidence.isEmpty()) {
            text.append("\n>“").append(escape(evidence)).append('”');
        }
        return text.toString();
    }

    /** One spike alert of a digest: the spike headline, its top evidence sentence and the top article. */
    private static String spikeDigestEntry(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        StringBuilder text = new StringBuilder(":chart_with_upwards_trend: *")
                .append(escape(AlertText.spikeHeadline(alert)))
                .append("*\n")
                .append(link(article.url(), AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS)))
                .append(" · ")
                .append(escape(AlertText.orUnknown(article.sourceDomain())))
                .append(" · ")
                .append(date(article));
        String evidence = AlertText.firstSpikeEvidence(alert);
        if (!evidence.isEmpty()) {
            text.append("\n>“").append(escape(evidence)).append('”');
        }
        return text.toString();
    }

    /** Slack's escaping for mrkdwn and plain text: only these three characters are control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code <url|label>}, or the bare escaped label when the URL is not a web link. */
    private static String link(String url, String label) {
        if (!AlertText.isWebLink(url)) {
            return escape(label);
        }
        // '|' would end the URL and '<' '>' the link; a URL needs none of them unencoded.
        String safeUrl = url.strip()
                .replace("|", "%7C")
                .replace("<", "%3C")
                .replace(">", "%3E")
                .replace("&", "&amp;");
        return "<" + safeUrl + "|" + escape(label) + ">";
    }

    /** Slack's date token, shown in the reader's own time zone, with a UTC fallback for old clients. */
    private static String date(AlertArticle article) {
        if (article.publishedAt() == null) {
            return "unknown";
        }
        return "<!date^" + article.publishedAt().getEpochSecond() + "^{date_short_pretty} {time}|"
                + AlertText.utc(article.publishedAt()) + ">";
    }

    private static String field(String label, String value) {
        return AlertText.cutMarkup("*" + label + "*\n" + value, MAX_FIELD_CHARS);
    }

    private static String emoji(EscalationLevel level) {
        if (level == null) {
            return ":white_circle:";
        }
        return switch (level) {
            case CRITICAL -> ":rotating_light:";
            case HIGH -> ":red_circle:";
            case ELEVATED -> ":large_orange_circle:";
            case LOW -> ":large_yellow_circle:";
            case NONE -> ":white_circle:";
        };
    }

    private static ObjectNode header(String text) {
        ObjectNode block = block("header");
        ObjectNode plain = block.putObject("text");
        plain.put("type", "plain_text");
        plain.put("text", AlertText.cut(text, MAX_HEADER_CHARS));
        plain.put("emoji", true);
        return block;
    }

    private static ObjectNode section(String text) {
        ObjectNode block = block("section");
        block.set("text", mrkdwn(AlertText.cutMarkup(text, MAX_SECTION_CHARS)));
        return block;
    }

    private static ObjectNode context(List<String> texts) {
        ObjectNode block = block("context");
        ArrayNode elements = block.putArray("elements");
        texts.forEach(t -> elements.add(mrkdwn(t)));
        return block;
    }

    private static ObjectNode block(String type) {
        ObjectNode block = ChannelJson.MAPPER.createObjectNode();
        block.put("type", type);
        return block;
    }

    private static ObjectNode mrkdwn(String text) {
        ObjectNode node = ChannelJson.MAPPER.createObjectNode();
        node.put("type", "mrkdwn");
        node.put("text", text);
        return node;
    }
}
