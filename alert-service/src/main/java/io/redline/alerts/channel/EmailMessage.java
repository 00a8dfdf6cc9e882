package io.redline.alerts.channel;

import io.redline.alerts.channel.EmailTemplates.AlertMail;
import io.redline.alerts.channel.EmailTemplates.DigestItem;
import io.redline.alerts.channel.EmailTemplates.DigestMail;
import io.redline.alerts.channel.EmailTemplates.EvidenceLine;
import io.redline.alerts.channel.EmailTemplates.Fact;
import io.redline.alerts.channel.EmailTemplates.Link;
import io.redline.alerts.channel.EmailTemplates.SignalLine;
import io.redline.alerts.channel.EmailTemplates.SpikeMail;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The e-mail of an alert: subject, HTML body and plain-text alternative.
 *
 * <p>The HTML comes from Qute templates ({@link EmailTemplates}), whose engine escapes every piece of article and
 * subscription text; the only markup from a highlight is its {@code <em>} pairs, which the template writes around
 * the matched words, so an article cannot inject script, forms or links into a reader's mail client. Links are
 * written only for http(s) URLs.
 *
 * @param subject "[Redline HIGH] subscription: title", with "up from ELEVATED" for an update; "[Redline spike]
 *                subscription: actor LTU — 8 in the last 60 min (usually 1; score 7.0)" for a spike
 * @param html    the HTML body
 * @param text    the same content as plain text, for clients and filters that read no HTML
 */
public record EmailMessage(String subject, String html, String text) {

    /** Mail clients cut long subjects anyway; the title is the part cut. */
    static final int MAX_SUBJECT_CHARS = 200;
    /** Alerts listed in a digest e-mail, most severe first; the rest are counted. Mail has room for more than chat. */
    static final int DIGEST_SHOWN = 50;

    private static final int MAX_DIGEST_TITLE_CHARS = 300;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    /** The e-mail of {@code alert}. */
    public static EmailMessage of(Alert alert) {
        return new EmailMessage(subject(alert), html(alert), text(alert));
    }

    static String subject(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        String subject = AlertText.isSpike(alert)
                ? "[Redline spike] " + AlertText.orEmpty(alert.subscriptionName()) + ": "
                        + AlertText.spikeHeadline(alert).substring("Spike: ".length())
                : "[Redline " + AlertText.levelLine(alert) + "] " + AlertText.orEmpty(alert.subscriptionName()) + ": "
                        + AlertText.orUntitled(article.title());
        // A header value must be one line: a CR/LF from a feed would otherwise start a header of its own.
        return AlertText.cut(CONTROL.matcher(subject).replaceAll(" ").strip(), MAX_SUBJECT_CHARS);
    }

    static String html(Alert alert) {
        if (AlertText.isSpike(alert)) {
            return spikeHtml(alert);
        }
        AlertArticle article = AlertText.article(alert);
        String subscription = AlertText.orEmpty(alert.subscriptionName());
        List<Fact> facts = List.of(
                new Fact("Level", AlertText.levelLine(alert)),
                new Fact("Score", alert.score() + "/100"),
                new Fact("Source", AlertText.orUnknown(article.sourceDomain())),
                new Fact("Published", AlertText.utc(article.publishedAt())));
        List<SignalLine> signals = AlertText.shownSignals(alert).stream()
                .map(s -> new SignalLine(AlertText.label(s.type()), AlertText.modality(s), AlertText.evidence(s)))
                .toList();
        return EmailTemplates.render(new AlertMail(
                subject(alert),
                color(alert.level()),
                AlertText.levelLine(alert),
                subscription,
                Link.to(article.url(), AlertText.orUntitled(article.title())),
                AlertText.blank(article.summary()) ? null : article.summary().strip(),
                facts,
                signals,
                moreSignals(alert),
                AlertText.shownHighlights(alert).stream()
                        .map(AlertText::highlightParts)
                        .toList(),
                Link.to(alert.articleLink(), "Article in Redline"),
                Link.to(alert.storyLink(), "Story in Redline")));
    }

    /** A spike alert: the spike headline and baseline, the evidence with its articles, the top article. */
    static String spikeHtml(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        List<EvidenceLine> evidence = AlertText.spikeEvidence(alert).stream()
                .map(e -> new EvidenceLine(
                        e.sentence(), e.outlet(), e.outlet() == null ? null : Link.to(e.url(), e.title())))
                .toList();
        return EmailTemplates.render(new SpikeMail(
                subject(alert),
                AlertText.orEmpty(alert.subscriptionName()),
                AlertText.spikeHeadline(alert),
                AlertText.spikeBaseline(alert),
                evidence,
                Link.to(article.url(), AlertText.orUntitled(article.title())),
                List.of(
                        new Fact("Source", AlertText.orUnknown(article.sourceDomain())),
                        new Fact("Published", AlertText.utc(article.publishedAt())),
                        new Fact("Level", AlertText.name(alert.level()) + " " + alert.score() + "/100")),
                Link.to(alert.articleLink(), "Article in Redline"),
                Link.to(alert.storyLink(), "Spikes in Redline")));
    }

    /** The plain-text alternative of a spike alert. */
    static String spikeText(Alert alert) {
        AlertArticle article = AlertText.article(alert);
        StringBuilder t = new StringBuilder();
        t.append("Spike · ").append(AlertText.orEmpty(alert.subscriptionName())).append("\n\n");
        t.append(AlertText.spikeHeadline(alert)).append('\n');
        t.append(AlertText.spikeBaseline(alert)).append('\n');
        List<AlertText.SpikeEvidence> evidence = AlertText.spikeEvidence(alert);
        if (!evidence.isEmpty()) {
            t.append("\nEvidence:\n");
            for (AlertText.SpikeEvidence e : evidence) {
                t.append("- “").append(e.sentence()).append("”\n");
                if (e.outlet() != null) {
                    t.append("  — ").append(e.outlet()).append(" · ").append(e.title());
                    if (e.url() != null) {
                        t.append(' ').append(e.url());
                    }
                    t.append('\n');
                }
            }
        }
        t.append("\nTop article: ")
                .append(AlertText.orUntitled(article.title()))
                .append('\n');
        if (!AlertText.blank(article.url())) {
            t.append(article.url().strip()).append('\n');
        }
        t.append(AlertText.orUnknown(article.sourceDomain()))
                .append(" · ")
                .append(AlertText.utc(article.publishedAt()))
                .append(" · ")
                .append(AlertText.name(alert.level()))
                .append(' ')
                .append(alert.score())
                .append("/100\n");
        if (!AlertText.blank(alert.articleLink())) {
            t.append("\nArticle in Redline: ").append(alert.articleLink().strip());
        }
        if (!AlertText.blank(alert.storyLink())) {
            t.append("\nSpikes in Redline: ").append(alert.storyLink().strip());
        }
        t.append("\n\nSent by Redline for the subscription “")
                .append(AlertText.orEmpty(alert.subscriptionName()))
                .append("”.\n");
        return t.toString();
    }

    static String text(Alert alert) {
        if (AlertText.isSpike(alert)) {
            return spikeText(alert);
        }
        AlertArticle article = AlertText.article(alert);
        StringBuilder t = new StringBuilder();
        t.append(AlertText.levelLine(alert))
                .append(" · ")
                .append(AlertText.orEmpty(alert.subscriptionName()))
                .append("\n\n");
        t.append(AlertText.orUntitled(article.title())).append('\n');
        if (!AlertText.blank(article.url())) {
            t.append(article.url().strip()).append('\n');
        }
        if (!AlertText.blank(article.summary())) {
            t.append('\n').append(article.summary().strip()).append('\n');
        }
        t.append("\nLevel: ")
                .append(AlertText.levelLine(alert))
                .append("\nScore: ")
                .append(alert.score())
                .append("/100")
                .append("\nSource: ")
                .append(AlertText.orUnknown(article.sourceDomain()))
                .append("\nPublished: ")
                .append(AlertText.utc(article.publishedAt()))
                .append('\n');
        List<Signal> signals = AlertText.shownSignals(alert);
        if (!signals.isEmpty()) {
            t.append("\nSignals:\n");
            for (Signal signal : signals) {
                t.append("- ")
                        .append(AlertText.label(signal.type()))
                        .append(" · ")
                        .append(AlertText.modality(signal))
                        .append('\n');
                String evidence = AlertText.evidence(signal);
                if (!evidence.isEmpty()) {
                    t.append("  “").append(evidence).append("”\n");
                }
            }
            String more = moreSignals(alert);
            if (more != null) {
                t.append(more).append('\n');
            }
        }
        List<String> highlights = AlertText.shownHighlights(alert);
        if (!highlights.isEmpty()) {
            t.append("\nMatched:\n");
            highlights.forEach(
                    p -> t.append("- …").append(AlertText.plainHighlight(p)).append("…\n"));
        }
        if (!AlertText.blank(alert.articleLink())) {
            t.append("\nArticle in Redline: ").append(alert.articleLink().strip());
        }
        if (!AlertText.blank(alert.storyLink())) {
            t.append("\nStory in Redline: ").append(alert.storyLink().strip());
        }
        t.append("\n\nSent by Redline for the subscription “")
                .append(AlertText.orEmpty(alert.subscriptionName()))
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
        String name = CONTROL.matcher(AlertText.orEmpty(digest.subscriptionName()))
                .replaceAll(" ")
                .strip();
        return AlertText.cut("Redline digest: " + name, MAX_SUBJECT_CHARS - count.length()) + count;
    }

    static String html(AlertDigest digest) {
        List<Alert> shown = AlertText.topAlerts(digest, DIGEST_SHOWN);
        List<DigestItem> items = new ArrayList<>(shown.size());
        for (Alert alert : shown) {
            AlertArticle article = AlertText.article(alert);
            String title = AlertText.cut(AlertText.orUntitled(article.title()), MAX_DIGEST_TITLE_CHARS);
            String storyHref =
                    AlertText.isWebLink(alert.storyLink()) ? alert.storyLink().strip() : null;
            boolean spike = AlertText.isSpike(alert);
            items.add(new DigestItem(
                    spike ? AlertText.spikeHeadline(alert) : null,
                    color(alert.level()),
                    AlertText.levelLine(alert),
                    alert.score(),
                    Link.to(article.url(), title),
                    AlertText.orUnknown(article.sourceDomain()),
                    AlertText.utc(article.publishedAt()),
                    storyHref,
                    spike ? AlertText.firstSpikeEvidence(alert) : AlertText.firstEvidence(alert)));
        }
        int more = AlertText.notShown(digest, shown.size());
        return EmailTemplates.render(new DigestMail(
                subject(digest),
                AlertText.orEmpty(digest.subscriptionName()),
                AlertText.alertCount(digest.total()),
                AlertText.period(digest),
                AlertText.digestBreakdown(digest),
                items,
                more > 0 ? AlertText.andMore(more) : null));
    }

    static String text(AlertDigest digest) {
        String name = AlertText.orEmpty(digest.subscriptionName());
        StringBuilder t = new StringBuilder();
        t.append("Redline digest · ")
                .append(name)
                .append("\n")
                .append(AlertText.alertCount(digest.total()))
                .append(" · ")
                .append(AlertText.period(digest))
                .append('\n')
                .append(AlertText.digestBreakdown(digest))
                .append('\n');
        List<Alert> shown = AlertText.topAlerts(digest, DIGEST_SHOWN);
        for (Alert alert : shown) {
            AlertArticle article = AlertText.article(alert);
            boolean spike = AlertText.isSpike(alert);
            t.append("\n")
                    .append(
                            spike
                                    ? AlertText.spikeHeadline(alert)
                                    : AlertText.levelLine(alert) + " · " + alert.score() + "/100")
                    .append('\n')
                    .append(AlertText.cut(AlertText.orUntitled(article.title()), MAX_DIGEST_TITLE_CHARS))
                    .append('\n');
            if (!AlertText.blank(article.url())) {
                t.append(article.url().strip()).append('\n');
            }
            t.append(AlertText.orUnknown(article.sourceDomain()))
                    .append(" · ")
                    .append(AlertText.utc(article.publishedAt()))
                    .append('\n');
            String evidence = spike ? AlertText.firstSpikeEvidence(alert) : AlertText.firstEvidence(alert);
            if (!evidence.isEmpty()) {
                t.append("  “").append(evidence).append("”\n");
            }
            if (!AlertText.blank(alert.storyLink())) {
                t.append(spike ? "Spikes in Redline: " : "Story in Redline: ")
                        .append(alert.storyLink().strip())
                        .append('\n');
            }
        }
        int more = AlertText.notShown(digest, shown.size());
        if (more > 0) {
            t.append('\n').append(AlertText.andMore(more)).append('\n');
        }
        t.append("\nSent by Redline for the subscription “").append(name).append("”.\n");
        return t.toString();
    }

    /** "+N more signals" for the signals not shown; null when all are. */
    private static String moreSignals(Alert alert) {
        int hidden = alert.signals().size() - AlertText.shownSignals(alert).size();
        return hidden > 0 ? "+" + hidden + " more signal" + (hidden == 1 ? "" : "s") : null;
    }

    /** The level's colour in the HTML. */
    static String color(EscalationLevel level) {
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
