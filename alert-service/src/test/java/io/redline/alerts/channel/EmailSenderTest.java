package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Alert;
import io.redline.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert e-mails go through the configured Quarkus mailer to a real SMTP server and arrive intact and escaped. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailSenderTest {

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    EmailSender sender;

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Test
    void deliversAMultipartAlertEmailToEveryRecipient() throws Exception {
        Alert alert = Alerts.withArticle(
                Alerts.article("<script>alert(1)</script> Kremlin & howitzers", "https://news.example.com/a/1"));
        sender.send(alert, List.of("desk@newsroom.test", "editor@newsroom.test"));

        assertThat(greenMail.waitForIncomingEmail(30_000, 2)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient mailbox
        MimeMessage mail = received[0];

        assertThat(addresses(mail.getRecipients(RecipientType.TO)))
                .containsExactlyInAnyOrder("desk@newsroom.test", "editor@newsroom.test");
        assertThat(addresses(mail.getFrom())).containsExactly("alerts@redline.test");
        assertThat(mail.getSubject())
                .isEqualTo("[Redline HIGH] Ukraine escalation: <script>alert(1)</script> Kremlin & howitzers");
        assertThat(mail.getHeader(EmailSender.ALERT_ID_HEADER)).containsExactly("alert-1");

        assertThat(mail.getContentType()).startsWithIgnoringCase("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        assertThat(text).contains("<script>alert(1)</script> Kremlin & howitzers", "Score: 73/100");
        assertThat(html)
                .contains(
                        "&lt;script&gt;alert(1)&lt;/script&gt; Kremlin &amp; howitzers",
                        "<em>howitzers</em>",
                        "<strong>Red line</strong>")
                .doesNotContain("<script>");
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses)
                .map(a -> ((InternetAddress) a).getAddress())
                .toList();
    }
}
