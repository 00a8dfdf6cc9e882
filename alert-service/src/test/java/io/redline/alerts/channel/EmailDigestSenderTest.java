package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A digest e-mail goes through the configured Quarkus mailer to a real SMTP server and arrives intact and escaped. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailDigestSenderTest {

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    EmailSender sender;

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Test
    void deliversAMultipartDigestEmail() throws Exception {
        sender.send(Digests.huge(300), List.of("desk@newsroom.test"));

        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject())
                .startsWith("Redline digest: Ukraine <escalation> & *more* ")
                .endsWith(" — 300 alerts");
        assertThat(mail.getHeader(EmailSender.DIGEST_ID_HEADER)).containsExactly("digest-huge");
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
        assertThat(text).contains("CRITICAL · 99/100", "and 250 more alerts");
        assertThat(html)
                .contains("CRITICAL · 99/100", "&lt;script&gt;x&lt;/script&gt;", "and 250 more alerts")
                .doesNotContain("<script>");
    }
}
