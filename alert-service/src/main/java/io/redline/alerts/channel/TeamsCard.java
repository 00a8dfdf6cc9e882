package io.redline.alerts.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Signal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Microsoft Teams Workflows webhook body of an alert: a {@code message} with one Adaptive Card 1.4
 * attachment showing what the Slack message shows.
 *
 * <p>TextBlocks understand a small Markdown subset and no HTML, so highlight {@code <em>} becomes
 * {@code **bold**}, any other tag shows as typed, and characters that would start Markdown are
 * backslash-escaped in article text (a title "[Click](https://evil)" would otherwise render as a link).
 */
public final class TeamsCard {

    static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    /** 1.4 is the newest version every Teams client (desktop, web, mobile) renders. */
    static final String VERSION = "1.4";

    private static final int MAX_TITLE_CHARS = 300;
    private static final int MAX_SUMMARY_CHARS = 1000;
    /**
     * Teams refuses webhook messages over about 28 KB; a digest stops listing alerts before its card reaches this
     * many bytes of JSON, leaving room for the "and N more" line and the actions.
     */
    static final int MAX_DIGEST_BYTES = 24_000;

    private TeamsCard() {}

    /** The JSON text to POST to the Workflows webhook URL. */
    public static String json(Alert alert) {
        return ChannelJson.write(render(alert));
    }

    /** The message as a JSON tree. */
    public static ObjectNode render(Alert alert) {
        if (AlertText.isSpike(alert)) {
            return renderSpike(alert);
        }
        AlertArticle article = AlertText.article(alert);
        ObjectNode card = node();
        card.put("type", "AdaptiveCard");
        card.put("$schema", SCHEMA);
        card.put("version", VERSION);
        ArrayNode body = card.putArray("body");

        ObjectNode heading =
                text(escape(AlertText.levelLine(alert) + " · " + AlertText.orEmpty(alert.subscriptionName())));
        heading.put("size", "Medium");
        heading.put("weight", "Bolder");
        heading.put("color", color(alert.level()));
        body.add(heading);

        ObjectNode title = text(escape(AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS)));
        title.put("weight", "Bolder");
        body.add(title);
        if (!AlertText.blank(article.summary())) {
            ObjectNode summary = text(escape(AlertText.cut(article.summary().strip(), MAX_SUMMARY_CHARS)));
            summary.put("isSubtle", true);
            body.add(summary);
        }

        ObjectNode factSet = body.addObject();
        factSet.put("type", "FactSet");
        ArrayNode facts = factSet.putArray("facts");
        fact(facts, "Level", AlertText.levelLine(alert));
        fact(facts, "Score", alert.score() + "/100");
        fact(facts, "Source", AlertText.orUnknown(article.sourceDomain()));
        fact(facts, "Published", AlertText.utc(article.publishedAt()));

        for (Signal signal : AlertText.shownSignals(alert)) {
            ObjectNode label =
                    text("**" + escape(AlertText.label(signal.type())) + "** · " + escape(AlertText.modality(signal)));
            label.put("spacing", "Medium");
            body.add(label);
            String evidence = AlertText.evidence(signal);
            if (!evidence.isEmpty()) {
                ObjectNode quote = text("“" + escape(evidence) + "”");
                quote.put("isSubtle", true);
                quote.put("spacing", "Small");
                body.add(quote);
            }
        }
        int hidden = alert.signals().size() - AlertText.shownSignals(alert).size();
        if (hidden > 0) {
            body.add(text("+" + hidden + " more signal" + (hidden == 1 ? "" : "s")));
        }

        List<String> highlights = AlertText.shownHighlights(alert);
        if (!highlights.isEmpty()) {
            ObjectNode label = text("**Matched**");
            label.put("spacing", "Medium");
            body.add(label);
            for (String passage : highlights) {
                body.add(text("…" + AlertText.highlight(passage, TeamsCard::escape, w -> "**" + w + "**") + "…"));
            }
        }

        ArrayNode actions = card.putArray("actions");
        openUrl(actions, "Read article", article.url());
        openUrl(actions, "Article in Redline", alert.articleLink());
        openUrl(actions, "Story in Redline", alert.storyLink());

        return message(card);
    }

    /** A spike alert: the spike headline and baseline, the evidence sentences with their articles, the top article. */
    private static ObjectNode renderSpike(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        ObjectNode card = node();
        card.put("type", "AdaptiveCard");
        card.put("$schema", SCHEMA);
        card.put("version", VERSION);
        ArrayNode body = card.putArray("body");

        ObjectNode heading = text(escape("Spike · " + AlertText.orEmpty(alert.subscriptionName())));
        heading.put("size", "Medium");
        heading.put("weight", "Bolder");
        heading.put("color", "Warning");
        body.add(heading);
        ObjectNode headline = text(escape(AlertText.spikeHeadline(alert)));
        headline.put("weight", "Bolder");
        body.add(headline);
        ObjectNode baseline = text(escape(AlertText.spikeBaseline(alert)));
        baseline.put("isSubtle", true);
        baseline.put("spacing", "Small");
        body.add(baseline);

        List<AlertText.SpikeEvidence> evidence = AlertText.spikeEvidence(alert);
        if (!evidence.isEmpty()) {
            ObjectNode label = text("**Evidence**");
            label.put("spacing", "Medium");
            body.add(label);
            for (AlertText.SpikeEvidence e : evidence) {
                body.add(text("“" + escape(e.sentence()) + "”"));
                if (e.outlet() != null) {
                    ObjectNode source = text("— " + escape(e.outlet()) + " · " + markdownLink(e.url(), e.title()));
                    source.put("isSubtle", true);
                    source.put("spacing", "None");
                    body.add(source);
                }
            }
        }

        ObjectNode factSet = body.addObject();
        factSet.put("type", "FactSet");
        ArrayNode facts = factSet.putArray("facts");
        fact(facts, "Top article", AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS));
        fact(facts, "Source", AlertText.orUnknown(article.sourceDomain()));
        fact(facts, "Published", AlertText.utc(article.publishedAt()));
        fact(facts, "Level", AlertText.name(alert.level()) + " " + alert.score() + "/100");

        ArrayNode actions = card.putArray("actions");
        openUrl(actions, "Read top article", article.url());
        openUrl(actions, "Article in Redline", alert.articleLink());
        openUrl(actions, "Spikes in Redline", alert.storyLink());
        return message(card);
    }

    /** "[title](url)" with the title escaped, or the escaped title alone when the URL is not a web link. */
    private static String markdownLink(String url, String title) {
        String label = escape(AlertText.cut(AlertText.orUntitled(title), MAX_TITLE_CHARS));
        return AlertText.isWebLink(url) ? "[" + label + "](" + markdownUrl(url) + ")" : label;
    }

    /** The Workflows message carrying {@code card} as its one attachment. */
    private static ObjectNode message(ObjectNode card) {
        ObjectNode message = node();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        return message;
    }

    /** The JSON text of a digest to POST to the Workflows webhook URL. */
    public static String json(AlertDigest digest) {
        return ChannelJson.write(render(digest));
    }

    /**
     * A digest as a JSON tree: heading, period and breakdown, then one container per alert for the
     * {@value AlertText#DIGEST_SHOWN} most severe (level, then score) as long as the card stays under
     * {@value #MAX_DIGEST_BYTES} bytes, and "and N more" for the rest.
     */
    public static ObjectNode render(AlertDigest digest) {
        ObjectNode card = node();
        card.put("type", "AdaptiveCard");
        card.put("$schema", SCHEMA);
        card.put("version", VERSION);
        ArrayNode body = card.putArray("body");

        ObjectNode heading = text("Redline digest · " + escape(AlertText.orEmpty(digest.subscriptionName())));
        heading.put("size", "Medium");
        heading.put("weight", "Bolder");
        body.add(heading);
        ObjectNode summary =
                text("**" + AlertText.alertCount(digest.total()) + "** · " + escape(AlertText.period(digest)));
        summary.put("spacing", "Small");
        body.add(summary);
        ObjectNode breakdown = text(escape(AlertText.digestBreakdown(digest)));
        breakdown.put("isSubtle", true);
        breakdown.put("spacing", "Small");
        body.add(breakdown);

        int bytes = size(card);
        int shown = 0;
        for (Alert alert : AlertText.topAlerts(digest, AlertText.DIGEST_SHOWN)) {
            ObjectNode entry = digestEntry(alert);
            int entryBytes = size(entry) + 1;
            if (bytes + entryBytes > MAX_DIGEST_BYTES) {
                break;
            }
            body.add(entry);
            bytes += entryBytes;
            shown++;
        }
        int more = AlertText.notShown(digest, shown);
        if (more > 0) {
            ObjectNode rest = text(AlertText.andMore(more));
            rest.put("spacing", "Medium");
            body.add(rest);
        }
        return message(card);
    }

    /** One alert of a digest: level, score and linked title, source and date, and the evidence that fired it. */
    private static ObjectNode digestEntry(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        ObjectNode container = node();
        container.put("type", "Container");
        container.put("separator", true);
        container.put("spacing", "Medium");
        ArrayNode items = container.putArray("items");

        boolean spike = AlertText.isSpike(alert);
        ObjectNode level = text(
                spike
                        ? escape(AlertText.spikeHeadline(alert))
                        : escape(AlertText.levelLine(alert)) + " · " + alert.score() + "/100");
        level.put("weight", "Bolder");
        level.put("color", spike ? "Warning" : color(alert.level()));
        items.add(level);
        String title = escape(AlertText.cut(AlertText.orUntitled(article.title()), MAX_TITLE_CHARS));
        // A Markdown link: the title is escaped, so the brackets and parentheses here are the only markup.
        ObjectNode titleBlock = text(
                AlertText.isWebLink(article.url()) ? "[" + title + "](" + markdownUrl(article.url()) + ")" : title);
        titleBlock.put("spacing", "Small");
        items.add(titleBlock);
        ObjectNode source = text(
                escape(AlertText.orUnknown(article.sourceDomain()) + " · " + AlertText.utc(article.publishedAt())));
        source.put("isSubtle", true);
        source.put("spacing", "Small");
        items.add(source);
        String evidence = spike ? AlertText.firstSpikeEvidence(alert) : AlertText.firstEvidence(alert);
        if (!evidence.isEmpty()) {
            ObjectNode quote = text("“" + escape(evidence) + "”");
            quote.put("isSubtle", true);
            quote.put("spacing", "Small");
            items.add(quote);
        }
        if (AlertText.isWebLink(alert.storyLink())) {
            ObjectNode story = node();
            story.put("type", "Action.OpenUrl");
            story.put("url", alert.storyLink().strip());
            container.set("selectAction", story);
        }
        return container;
    }

    /** A URL inside {@code (...)} of a Markdown link: characters that would end the link are percent-encoded. */
    private static String markdownUrl(String url) {
        return url.strip()
                .replace(" ", "%20")
                .replace("(", "%28")
                .replace(")", "%29")
                .replace("[", "%5B")
                .replace("]", "%5D");
    }

    private static int size(ObjectNode node) {
        return ChannelJson.write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Backslash-escapes the characters that would start Adaptive Card Markdown: emphasis, links, code, lists. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (startsMarkdown(text, i)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Only characters that can start markup are escaped, so ordinary punctuation ("U.S.", "e-mail") stays clean. */
    private static boolean startsMarkdown(String text, int i) {
        char c = text.charAt(i);
        return switch (c) {
            case '*', '_', '[', ']', '`', '\\' -> true;
            // list items, headings, quotes and ordered lists are only markup at the start of a line
            case '-', '+', '#', '>' -> i == 0 || text.charAt(i - 1) == '\n';
            case '.' -> i > 0 && Character.isDigit(text.charAt(i - 1)) && lineStartsWithDigits(text, i);
            default -> false;
        };
    }

    private static boolean lineStartsWithDigits(String text, int dot) {
        int start = text.lastIndexOf('\n', dot - 1) + 1;
        for (int j = start; j < dot; j++) {
            if (!Character.isDigit(text.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    private static String color(EscalationLevel level) {
        if (level == null) {
            return "Default";
        }
        return switch (level) {
            case CRITICAL, HIGH -> "Attention";
            case ELEVATED -> "Warning";
            default -> "Default";
        };
    }

    private static void fact(ArrayNode facts, String title, String value) {
        ObjectNode fact = facts.addObject();
        fact.put("title", title);
        fact.put("value", escape(value));
    }

    private static void openUrl(ArrayNode actions, String title, String url) {
        // Only web links: Teams would refuse the whole card over an invalid URL, and javascript: is never ours.
        if (AlertText.isWebLink(url)) {
            ObjectNode action = actions.addObject();
            action.put("type", "Action.OpenUrl");
            action.put("title", title);
            action.put("url", url.strip());
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode block = node();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        return block;
    }

    private static ObjectNode node() {
        return ChannelJson.MAPPER.createObjectNode();
    }
}
