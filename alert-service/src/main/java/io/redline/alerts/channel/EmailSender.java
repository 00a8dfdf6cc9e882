package io.redline.alerts.channel;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Sends alert e-mails through the Quarkus mailer, configured by the standard {@code quarkus.mailer.*}
 * properties (host, port, from, credentials, TLS).
 *
 * <p>{@link #send} blocks until the SMTP server accepted the message, so a dispatcher knows the delivery
 * succeeded before it commits the alert; call it from a worker thread, never the event loop.
 */
@ApplicationScoped
public class EmailSender {

    /** Carries the alert id so a receiving filter or a support request can name the alert. */
    public static final String ALERT_ID_HEADER = "X-Redline-Alert-Id";
    /** Carries the digest id, as {@link #ALERT_ID_HEADER} does for a single alert. */
    public static final String DIGEST_ID_HEADER = "X-Redline-Digest-Id";

    private final Mailer mailer;

    public EmailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    /**
     * Sends {@code alert} as one multipart/alternative message (HTML and plain text) to {@code recipients}.
     *
     * @throws IllegalArgumentException if there is no recipient
     * @throws RuntimeException         from the mailer if the SMTP server refused or could not be reached
     */
    public void send(Alert alert, List<String> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("An alert e-mail needs at least one recipient");
        }
        EmailMessage message = EmailMessage.of(alert);
        Mail mail = new Mail()
                .setTo(List.copyOf(recipients))
                .setSubject(message.subject())
                .setHtml(message.html())
                .setText(message.text());
        if (alert.id() != null) {
            mail.addHeader(ALERT_ID_HEADER, alert.id());
        }
        mailer.send(mail);
    }

    /**
     * Sends {@code digest} as one multipart/alternative message (HTML and plain text) to {@code recipients}.
     *
     * @throws IllegalArgumentException if there is no recipient
     * @throws RuntimeException         from the mailer if the SMTP server refused or could not be reached
     */
    public void send(AlertDigest digest, List<String> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("A digest e-mail needs at least one recipient");
        }
        EmailMessage message = EmailMessage.of(digest);
        Mail mail = new Mail()
                .setTo(List.copyOf(recipients))
                .setSubject(message.subject())
                .setHtml(message.html())
                .setText(message.text());
        if (digest.id() != null) {
            mail.addHeader(DIGEST_ID_HEADER, digest.id());
        }
        mailer.send(mail);
    }

    /**
     * Sends a morning brief as one multipart/alternative message ({@link BriefMessages}) to {@code recipients}.
     *
     * @throws IllegalArgumentException if there is no recipient
     * @throws RuntimeException         from the mailer if the SMTP server refused or could not be reached
     */
    public void send(io.redline.alerts.brief.BriefMessage brief, List<String> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("A brief e-mail needs at least one recipient");
        }
        Mail mail = new Mail()
                .setTo(List.copyOf(recipients))
                .setSubject(BriefMessages.subject(brief))
                .setHtml(BriefMessages.html(brief))
                .setText(BriefMessages.text(brief));
        mail.addHeader(BriefMessages.BRIEF_ID_HEADER, brief.id());
        mailer.send(mail);
    }
}
