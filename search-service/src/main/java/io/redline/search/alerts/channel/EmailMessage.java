package io.redline.search.alerts.channel;

import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Signal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The e-mail of an alert: subject, HTML body and plain-text alternative.
 *
 * <p>Every piece of article and subscription text is HTML-escaped; the only markup that passes from a highlight
 * is its {@code <em>} pairs, re-inserted after escaping, so an article cannot inject script, forms or links into
 * a reader's mail client. Links are written only for http(s) URLs.
 *
 * @param subject "[Redline HIGH] subscription: title", with "up from ELEVATED" for an update
 * @param html    the HTML body
 * @param text    the same content as plain text, for clients and filters that read no HTML
 */
public record EmailMessage(String subject, String html, String text) {

    /** Mail clients cut long subjects anyway; the title is the part cut. */
    static final int MAX_SUBJECT_CHARS = 200;
    /** Alerts listed in a digest e-mail, most severe first; the rest are counted. Mail has room for more than chat. */
    static final int DIGEST_SHOWN = 50;
    private static final int MAX_DIGEST_TITLE_CHARS = 300;
    private static final Pattern ESCAPED_EM = Pattern.compile("&lt;em&gt;(.*?)&lt;/em&gt;", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    /** The e-mail of {@code alert}. */
    public static EmailMessage of(Alert alert) {
        return new EmailMessage(subject(alert), html(alert), text(alert));
    }

    static String subject(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        String subject = "[Redline " + AlertText.levelLine(alert) + "] " + AlertText.orEmpty(alert.subscriptionName())
                + ": " + AlertText.orUntitled(article.title());
        // A header value must be one line: a CR/LF from a feed would otherwise start a header of its own.
        return AlertText.cut(CONTROL.matcher(subject).replaceAll(" ").strip(), MAX_SUBJECT_CHARS);
    }

    static String html(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(subject(alert)))
                .append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n");
        h.append("<p style=\"font-weight:bold;color:").append(color(alert.level())).append("\">")
                .append(escape(AlertText.levelLine(alert))).append(" · ")
                .append(escape(AlertText.orEmpty(alert.subscriptionName()))).append("</p>\n");
        h.append("<h2 style=\"margin:0 0 8px\">")
                .append(link(article.url(), AlertText.orUntitled(article.title()))).append("</h2>\n");
        if (!AlertText.blank(article.summary())) {
            h.append("<p>").append(escape(article.summary().strip())).append("</p>\n");
        }

        h.append("<table style=\"border-collapse:collapse\">\n");
        row(h, "Level", AlertText.levelLine(alert));
        row(h, "Score", alert.score() + "/100");
        row(h, "Source", AlertText.orUnknown(article.sourceDomain()));
        row(h, "Published", AlertText.utc(article.publishedAt()));
        h.append("</table>\n");

        List<Signal> signals = AlertText.shownSignals(alert);
        if (!signals.isEmpty()) {
            h.append("<h3>Signals</h3>\n<ul>\n");
            for (Signal signal : signals) {
                h.append("<li><strong>").append(escape(AlertText.label(signal.type()))).append("</strong> · ")
                        .append(escape(AlertText.modality(signal)));
                String evidence = AlertText.evidence(signal);
                if (!evidence.isEmpty()) {
                    h.append("<blockquote style=\"margin:4px 0 8px 12px;color:#555\">“").append(escape(evidence))
                            .append("”</blockquote>");
                }
                h.append("</li>\n");
            }
            h.append("</ul>\n");
            int hidden = alert.signals().size() - signals.size();
            if (hidden > 0) {
                h.append("<p>+").append(hidden).append(" more signal").append(hidden == 1 ? "" : "s").append("</p>\n");
            }
        }

        List<String> highlights = AlertText.shownHighlights(alert);
        if (!highlights.isEmpty()) {
            h.append("<h3>Matched</h3>\n<ul>\n");
            for (String passage : highlights) {
                h.append("<li>…").append(highlightHtml(passage)).append("…</li>\n");
            }
            h.append("</ul>\n");
        }

        h.append("<p>").append(link(alert.articleLink(), "Article in Redline")).append(" · ")
                .append(link(alert.storyLink(), "Story in Redline")).append("</p>\n");
        h.append("<p style=\"color:#888;font-size:small\">Sent by Redline for the subscription “")
                .append(escape(AlertText.orEmpty(alert.subscriptionName()))).append("”.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    static String text(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        StringBuilder t = new StringBuilder();
        t.append(AlertText.levelLine(alert)).append(" · ").append(AlertText.orEmpty(alert.subscriptionName()))
                .append("\n\n");
        t.append(AlertText.orUntitled(article.title())).append('\n');
        if (!AlertText.blank(article.url())) {
            t.append(article.url().strip()).append('\n');
        }
        if (!AlertText.blank(article.summary())) {
            t.append('\n').append(article.summary().strip()).append('\n');
        }
        t.append("\nLevel: ").append(AlertText.levelLine(alert))
                .append("\nScore: ").append(alert.score()).append("/100")
                .append("\nSource: ").append(AlertText.orUnknown(article.sourceDomain()))
                .append("\nPublished: ").append(AlertText.utc(article.publishedAt())).append('\n');
        List<Signal> signals = AlertText.shownSignals(alert);
        if (!signals.isEmpty()) {
            t.append("\nSignals:\n");
            for (Signal signal : signals) {
                t.append("- ").append(AlertText.label(signal.type())).append(" · ").append(AlertText.modality(signal))
                        .append('\n');
                String evidence = AlertText.evidence(signal);
                if (!evidence.isEmpty()) {
                    t.append("  “").append(evidence).append("”\n");
                }
            }
            int hidden = alert.signals().size() - signals.size();
            if (hidden > 0) {
                t.append("+").append(hidden).append(" more signal").append(hidden == 1 ? "" : "s").append('\n');
            }
        }
        List<String> highlights = AlertText.shownHighlights(alert);
        if (!highlights.isEmpty()) {
            t.append("\nMatched:\n");
            highlights.forEach(p -> t.append("- …").append(AlertText.plainHighlight(p)).append("…\n"));
        }
        if (!AlertText.blank(alert.articleLink())) {
            t.append("\nArticle in Redline: ").append(alert.articleLink().strip());
        }
        if (!AlertText.blank(alert.storyLink())) {
            t.append("\nStory in Redline: ").append(alert.storyLink().strip());
        }
        t.append("\n\nSent by Redline for the subscription “").append(AlertText.orEmpty(alert.subscriptionName()))
                .append("”.\n");
        return t.toString();
    }

    /**
     * The e-mail of {@code digest}: subject "Redline digest: name — N alerts", then the period, its breakdown and the
     * {@value #DIGEST_SHOWN} most severe alerts (level, then score), with "and N more" for the rest.
     */
    public static EmailMessage of(AlertDigest digest) {
        return new EmailMessage(subject(digest), html(digest), text(digest));
    }

    static String subject(AlertDigest digest) {
        String subject = "Redline digest: " + AlertText.orEmpty(digest.subscriptionName()) + " — "
                + AlertText.alertCount(digest.total());
        String oneLine = CONTROL.matcher(subject).replaceAll(" ").strip();
        if (oneLine.length() <= MAX_SUBJECT_CHARS) {
            return oneLine;
        }
        // The name is the part cut: the count is what the reader scans the inbox for.
        String count = " — " + AlertText.alertCount(digest.total());
        String name = CONTROL.matcher(AlertText.orEmpty(digest.subscriptionName())).replaceAll(" ").strip();
        return AlertText.cut("Redline digest: " + name, MAX_SUBJECT_CHARS - count.length()) + count;
    }

    static String html(AlertDigest digest) {
        String name = AlertText.orEmpty(digest.subscriptionName());
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(subject(digest)))
                .append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n");
        h.append("<h2 style=\"margin:0 0 4px\">Redline digest · ").append(escape(name)).append("</h2>\n");
        h.append("<p style=\"margin:0 0 4px\"><strong>").append(AlertText.alertCount(digest.total()))
                .append("</strong> · ").append(escape(AlertText.period(digest))).append("</p>\n");
        h.append("<p style=\"margin:0 0 12px;color:#555\">").append(escape(AlertText.digestBreakdown(digest)))
                .append("</p>\n");

        List<Alert> shown = AlertText.topAlerts(digest, DIGEST_SHOWN);
        for (Alert alert : shown) {
            AlertArticle article = AlertText.article(alert);
            h.append("<div style=\"border-top:1px solid #ddd;padding:8px 0\">\n");
            h.append("<div style=\"font-weight:bold;color:").append(color(alert.level())).append("\">")
                    .append(escape(AlertText.levelLine(alert))).append(" · ").append(alert.score())
                    .append("/100</div>\n");
            h.append("<div style=\"font-size:larger;margin:2px 0\">").append(link(article.url(),
                    AlertText.cut(AlertText.orUntitled(article.title()), MAX_DIGEST_TITLE_CHARS))).append("</div>\n");
            h.append("<div style=\"color:#555;font-size:small\">")
                    .append(escape(AlertText.orUnknown(article.sourceDomain()))).append(" · ")
                    .append(escape(AlertText.utc(article.publishedAt())));
            if (AlertText.isWebLink(alert.storyLink())) {
                h.append(" · ").append(link(alert.storyLink(), "Story in Redline"));
            }
            h.append("</div>\n");
            String evidence = AlertText.firstEvidence(alert);
            if (!evidence.isEmpty()) {
                h.append("<blockquote style=\"margin:4px 0 0 12px;color:#555\">“").append(escape(evidence))
                        .append("”</blockquote>\n");
            }
            h.append("</div>\n");
        }
        int more = AlertText.notShown(digest, shown.size());
        if (more > 0) {
            h.append("<p style=\"border-top:1px solid #ddd;padding-top:8px\">").append(AlertText.andMore(more))
                    .append("</p>\n");
        }
        h.append("<p style=\"color:#888;font-size:small\">Sent by Redline for the subscription “")
                .append(escape(name)).append("”.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    static String text(AlertDigest digest) {
        String name = AlertText.orEmpty(digest.subscriptionName());
        StringBuilder t = new StringBuilder();
        t.append("Redline digest · ").append(name).append("\n")
                .append(AlertText.alertCount(digest.total())).append(" · ").append(AlertText.period(digest))
                .append('\n').append(AlertText.digestBreakdown(digest)).append('\n');
        List<Alert> shown = AlertText.topAlerts(digest, DIGEST_SHOWN);
        for (Alert alert : shown) {
            AlertArticle article = AlertText.article(alert);
            t.append("\n").append(AlertText.levelLine(alert)).append(" · ").append(alert.score()).append("/100\n")
                    .append(AlertText.cut(AlertText.orUntitled(article.title()), MAX_DIGEST_TITLE_CHARS)).append('\n');
            if (!AlertText.blank(article.url())) {
                t.append(article.url().strip()).append('\n');
            }
            t.append(AlertText.orUnknown(article.sourceDomain())).append(" · ").append(AlertText.utc(article.publishedAt()))
                    .append('\n');
            String evidence = AlertText.firstEvidence(alert);
            if (!evidence.isEmpty()) {
                t.append("  “").append(evidence).append("”\n");
            }
            if (!AlertText.blank(alert.storyLink())) {
                t.append("Story in Redline: ").append(alert.storyLink().strip()).append('\n');
            }
        }
        int more = AlertText.notShown(digest, shown.size());
        if (more > 0) {
            t.append('\n').append(AlertText.andMore(more)).append('\n');
        }
        t.append("\nSent by Redline for the subscription “").append(name).append("”.\n");
        return t.toString();
    }

    /** Escapes the whole passage, then turns the escaped {@code <em>} pairs (and only those) back into markup. */
    static String highlightHtml(String passage) {
        return ESCAPED_EM.matcher(escape(passage)).replaceAll("<em>$1</em>");
    }

    /** HTML escaping for element text and double-quoted attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An escaped link, or the escaped label alone for anything but an http(s) URL (javascript:, data:). */
    private static String link(String url, String label) {
        if (!AlertText.isWebLink(url)) {
            return escape(label);
        }
        return "<a href=\"" + escape(url.strip()) + "\">" + escape(label) + "</a>";
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><td style=\"padding:2px 12px 2px 0;color:#555\">").append(label)
                .append("</td><td style=\"padding:2px 0\">").append(escape(value)).append("</td></tr>\n");
    }

    private static String color(EscalationLevel level) {
        if (level == null) {
            return "#222";
        }
        return switch (level) {
            case CRITICAL -> "#b00020";
            case HIGH -> "#d32f2f";
            case ELEVATED -> "#e67e00";
            default -> "#555";
        };
    }
}
