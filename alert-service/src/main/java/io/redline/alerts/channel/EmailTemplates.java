package io.redline.alerts.channel;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the HTML of alert, spike alert and digest e-mails with the Qute templates under
 * {@code templates/email/}; the engine HTML-escapes every value, so article and subscription text can
 * neither add markup to a reader's mail nor leave an attribute.
 *
 * <p>A standalone engine set up as Quarkus sets up its own (escaping for text/html, strict rendering) rather than
 * the injected one: {@link EmailMessage} stays a plain function of an alert, and its unit tests render exactly what
 * is sent. Quarkus still parses the templates at build time, as they sit under {@code templates/}.
 */
final class EmailTemplates {

    private static final Engine ENGINE = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            // A misspelt property fails the render (and the tests) instead of mailing an empty field.
            .strictRendering(true)
            .build();
    private static final Template ALERT = load("email/alert.html");
    private static final Template DIGEST = load("email/digest.html");
    private static final Template SPIKE = load("email/spike.html");
    private static final Template BRIEF = load("email/brief.html");

    /** A link; {@code href} is null for anything but an http(s) URL (javascript:, data:): the label stands alone. */
    record Link(String href, String label) {

        static Link to(String url, String label) {
            return new Link(AlertText.isWebLink(url) ? url.strip() : null, label);
        }
    }

    /** A row of the alert's fact table. */
    record Fact(String label, String value) {}

    /** A signal of the alert; {@code evidence} empty when it has none. */
    record SignalLine(String label, String modality, String evidence) {}

    /** What the alert e-mail shows; null {@code summary} and {@code moreSignals} are left out. */
    record AlertMail(
            String subject,
            String color,
            String levelLine,
            String subscription,
            Link headline,
            String summary,
            List<Fact> facts,
            List<SignalLine> signals,
            String moreSignals,
            List<List<AlertText.Part>> highlights,
            Link article,
            Link story) {}

    /** An evidence sentence of a spike; null {@code source} when the alert does not say which article it is from. */
    record EvidenceLine(String sentence, String source, Link article) {}

    /** What a spike alert's e-mail shows. */
    record SpikeMail(
            String subject,
            String subscription,
            String headline,
            String baseline,
            List<EvidenceLine> evidence,
            Link top,
            List<Fact> facts,
            Link article,
            Link spikes) {}

    /**
     * One alert of a digest; null {@code storyHref} when the story link is not an http(s) URL, null {@code spike}
     * (the spike headline) for an article alert.
     */
    record DigestItem(
            String spike,
            String color,
            String levelLine,
            int score,
            Link article,
            String source,
            String published,
            String storyHref,
            String evidence) {}

    /** What the digest e-mail shows; null {@code andMore} when every alert is listed. */
    record DigestMail(
            String subject,
            String name,
            String count,
            String period,
            String breakdown,
            List<DigestItem> alerts,
            String andMore) {}

    /** One item of a brief section; null {@code evidence} is left out. */
    record BriefItem(String color, Link headline, String details, String evidence) {}

    /** A section of a brief; {@code empty} (null when there are items) says there is nothing. */
    record BriefSection(String title, String empty, List<BriefItem> items) {}

    /** What the brief e-mail shows. */
    record BriefMail(String subject, String name, String period, List<BriefSection> sections) {}

    private EmailTemplates() {}

    static String render(AlertMail mail) {
        return ALERT.data("mail", mail).render();
    }

    static String render(SpikeMail mail) {
        return SPIKE.data("mail", mail).render();
    }

    static String render(DigestMail mail) {
        return DIGEST.data("mail", mail).render();
    }

    static String render(BriefMail mail) {
        return BRIEF.data("mail", mail).render();
    }

    private static Template load(String id) {
        try (InputStream in = EmailTemplates.class.getResourceAsStream("/templates/" + id)) {
            if (in == null) {
                throw new IllegalStateException("template templates/" + id + " is missing from the classpath");
            }
            return ENGINE.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Variant.forContentType(Variant.TEXT_HTML),
                    id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
