package io.redline.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redline.alerts.brief.Brief;
import io.redline.alerts.brief.BriefMessage;
import io.redline.contracts.EscalationLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The renderings of a morning brief on each channel: the Standard Webhooks payload ({@code brief.created}), Slack
 * blocks, a Teams card and an e-mail (the digest e-mail's template style), all from one list of sections so every
 * channel says the same.
 */
public final class BriefMessages {

    /** Webhook event type of a brief. */
    public static final String CREATED = "brief.created";
    /** Carries the brief id, as {@link EmailSender#DIGEST_ID_HEADER} does for a digest. */
    public static final String BRIEF_ID_HEADER = "X-Redline-Brief-Id";

    private static final int MAX_TITLE_CHARS = 200;
    private static final int MAX_EVIDENCE_CHARS = 400;

    private BriefMessages() {}

    /**
     * The body of a brief webhook: {@code {"type": "brief.created", "timestamp": ..., "data": {"id",
     * "subscriptionId", "subscriptionName", <the Brief's fields>}}}, so a receiver knows which subscription's brief it
     * holds, as a digest's data names its subscription.
     *
     * @param type      {@link #CREATED}
     * @param timestamp when the delivery was made
     * @param data      the brief, as {@code GET /api/brief} answers it, with its id and subscription
     */
    public record Payload(String type, Instant timestamp, Data data) {

        public static Payload of(BriefMessage message, Instant now) {
            return new Payload(
                    CREATED,
                    now,
                    new Data(message.id(), message.subscriptionId(), message.subscriptionName(), message.brief()));
        }

        /** The UTF-8 body to send and to sign (sign and send exactly these bytes). */
        public byte[] bytes() {
            return ChannelJson.write(this).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A brief with the ids that say whose it is; the brief's own fields sit beside them. */
    public record Data(
            String id,
            String subscriptionId,
            String subscriptionName,
            @com.fasterxml.jackson.annotation.JsonUnwrapped Brief brief) {}

    /** One line of a section: a headline (linked when {@code url} is a web link), details and a quoted sentence. */
    record Item(String headline, String url, String details, String evidence, EscalationLevel level) {}

    /** A titled list; {@code empty} says why there is nothing in it. */
    record Section(String title, String empty, List<Item> items) {}

    /** The e-mail subject. */
    public static String subject(BriefMessage m) {
        Brief b = m.brief();
        return "[Redline] Brief · " + AlertText.orEmpty(m.subscriptionName()) + " · "
                + b.levelRises().size() + " rising, " + b.spikes().size() + " spikes, "
                + b.corroborated().size() + " corroborated";
    }

    /** "2026-12-07 07:00 UTC – ..." */
    static String period(Brief b) {
        return AlertText.utc(b.from()) + " – " + AlertText.utc(b.to()) + " (" + b.hours() + " h)";
    }

    static List<Section> sections(Brief b) {
        List<Item> rises = new ArrayList<>();
        for (Brief.LevelRise r : b.levelRises()) {
            rises.add(new Item(
                    r.toLevel() + " (up from " + r.fromLevel() + ") · " + title(r.title()),
                    r.evidence().url(),
                    details(r.evidence()),
                    evidence(r.evidence().sentence()),
                    r.toLevel()));
        }
        List<Item> spikes = new ArrayList<>();
        for (Object spike : b.spikes()) {
            // The spike type belongs to the trends module: read by its agreed JSON field names.
            JsonNode n = ChannelJson.MAPPER.valueToTree(spike);
            JsonNode top = n.path("topEvidence").path(0);
            spikes.add(new Item(
                    n.path("kind").asText() + " " + n.path("key").asText() + " · "
                            + volume(n)
                            + ", baseline median "
                            + n.path("baseline").path("median").asText("?")
                            + " · score "
                            + String.format(Locale.ROOT, "%.1f", n.path("score").asDouble()),
                    null,
                    top.isMissingNode()
                            ? ""
                            : AlertText.orUnknown(top.path("sourceDomain").asText(null)),
                    top.isMissingNode() ? null : evidence(top.path("sentence").asText(null)),
                    null));
        }
        List<Item> corroborated = new ArrayList<>();
        for (Brief.Corroborated c : b.corroborated()) {
            corroborated.add(new Item(
                    c.outlets() + " outlets · " + title(c.title()),
                    c.evidence().url(),
                    "first seen " + (c.firstSeen() == null ? "?" : AlertText.utc(c.firstSeen()))
                            + (c.firstOutlet() == null ? "" : " at " + c.firstOutlet()),
                    evidence(c.evidence().sentence()),
                    c.evidence().level()));
        }
        return List.of(
                new Section("Stories whose level rose most", "No story rose in level.", rises),
                new Section("New spikes", "Nothing unusual against the baseline.", spikes),
                new Section("Newly corroborated stories", "No story reached its outlet threshold.", corroborated));
    }

    /** "7 stories (9 articles)": spikes count distinct stories; the article count shows the volume beside. */
    static String volume(JsonNode spike) {
        long stories = spike.path("observed").asLong();
        String out = stories + (stories == 1 ? " story" : " stories");
        if (spike.has("articles")) {
            long articles = spike.path("articles").asLong();
            out += " (" + articles + (articles == 1 ? " article)" : " articles)");
        }
        return out;
    }

    private static String title(String t) {
        return AlertText.cut(AlertText.orUntitled(t), MAX_TITLE_CHARS);
    }

    private static String evidence(String s) {
        return AlertText.blank(s) ? null : AlertText.cut(s.strip(), MAX_EVIDENCE_CHARS);
    }

    private static String details(Brief.Evidence e) {
        return AlertText.orUnknown(e.sourceDomain()) + " · "
                + (e.publishedAt() == null ? "" : AlertText.utc(e.publishedAt())) + " · " + e.score() + "/100";
    }

    /** The Slack incoming-webhook JSON: a header, the period, and one section per item (escaped as alerts are). */
    public static String slack(BriefMessage m) {
        ObjectNode message = ChannelJson.MAPPER.createObjectNode();
        message.put("text", subject(m));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put("text", AlertText.cut("Redline brief · " + AlertText.orEmpty(m.subscriptionName()), 150));
        slackSection(blocks, "_" + SlackMessage.escape(period(m.brief())) + "_");
        for (Section s : sections(m.brief())) {
            slackSection(blocks, "*" + SlackMessage.escape(s.title()) + "*");
            if (s.items().isEmpty()) {
                slackSection(blocks, SlackMessage.escape(s.empty()));
            }
            for (Item i : s.items()) {
                String head = SlackMessage.escape(i.headline());
                String text = (AlertText.isWebLink(i.url()) ? "<" + i.url().strip() + "|" + head + ">" : head) + "\n"
                        + SlackMessage.escape(i.details());
                if (i.evidence() != null) {
                    text += "\n>“" + SlackMessage.escape(i.evidence()) + "”";
                }
                slackSection(blocks, text);
            }
        }
        return ChannelJson.write(message);
    }

    private static void slackSection(ArrayNode blocks, String text) {
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", AlertText.cut(text, 3000));
    }

    /** The Teams Workflows message: one Adaptive Card with the period and the three sections. */
    public static String teams(BriefMessage m) {
        ObjectNode card = ChannelJson.MAPPER.createObjectNode();
        card.put("type", "AdaptiveCard");
        card.put("$schema", TeamsCard.SCHEMA);
        card.put("version", TeamsCard.VERSION);
        ArrayNode body = card.putArray("body");
        teamsText(body, "Redline brief · " + TeamsCard.escape(AlertText.orEmpty(m.subscriptionName())))
                .put("size", "Medium")
                .put("weight", "Bolder");
        teamsText(body, TeamsCard.escape(period(m.brief()))).put("isSubtle", true);
        for (Section s : sections(m.brief())) {
            teamsText(body, "**" + TeamsCard.escape(s.title()) + "**").put("spacing", "Medium");
            if (s.items().isEmpty()) {
                teamsText(body, TeamsCard.escape(s.empty()));
            }
            for (Item i : s.items()) {
                String head = TeamsCard.escape(i.headline());
                teamsText(
                        body,
                        AlertText.isWebLink(i.url())
                                ? "[" + head + "](" + i.url().strip() + ")"
                                : head);
                teamsText(body, TeamsCard.escape(i.details()))
                        .put("isSubtle", true)
                        .put("spacing", "None");
                if (i.evidence() != null) {
                    teamsText(body, "“" + TeamsCard.escape(i.evidence()) + "”").put("spacing", "None");
                }
            }
        }
        ObjectNode message = ChannelJson.MAPPER.createObjectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", TeamsCard.CARD_CONTENT_TYPE);
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        return ChannelJson.write(message);
    }

    private static ObjectNode teamsText(ArrayNode body, String text) {
        ObjectNode block = body.addObject();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        return block;
    }

    /** The e-mail's HTML (template {@code templates/email/brief.html}, every value escaped by the engine). */
    public static String html(BriefMessage m) {
        List<EmailTemplates.BriefSection> sections = new ArrayList<>();
        for (Section s : sections(m.brief())) {
            sections.add(new EmailTemplates.BriefSection(
                    s.title(),
                    s.items().isEmpty() ? s.empty() : null,
                    s.items().stream()
                            .map(i -> new EmailTemplates.BriefItem(
                                    EmailMessage.color(i.level()),
                                    EmailTemplates.Link.to(i.url(), i.headline()),
                                    i.details(),
                                    i.evidence()))
                            .toList()));
        }
        return EmailTemplates.render(new EmailTemplates.BriefMail(
                subject(m), AlertText.orEmpty(m.subscriptionName()), period(m.brief()), sections));
    }

    /** The e-mail's plain text part. */
    public static String text(BriefMessage m) {
        StringBuilder out = new StringBuilder("Redline brief · ")
                .append(AlertText.orEmpty(m.subscriptionName()))
                .append('\n')
                .append(period(m.brief()))
                .append('\n');
        for (Section s : sections(m.brief())) {
            out.append('\n').append(s.title()).append('\n');
            if (s.items().isEmpty()) {
                out.append("  ").append(s.empty()).append('\n');
            }
            for (Item i : s.items()) {
                out.append("- ").append(i.headline()).append('\n');
                out.append("  ").append(i.details()).append('\n');
                if (AlertText.isWebLink(i.url())) {
                    out.append("  ").append(i.url().strip()).append('\n');
                }
                if (i.evidence() != null) {
                    out.append("  “").append(i.evidence()).append("”\n");
                }
            }
        }
        return out.toString();
    }
}
