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

/** Spike alert e-mails, and a digest holding one, through the Quarkus mailer to a real SMTP server. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailSpikeSenderTest {

    private static final String HEADLINE = "Spike: actor LTU — 8 in the last 60 min (usually 1; score 7.0)";

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    EmailSender sender;

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Test
    void aSpikeAlertMailSaysWhatIsUnusualWithItsEvidence() throws Exception {
        sender.send(SpikeAlerts.actor(), List.of("desk@newsroom.test"));

        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject())
                .isEqualTo("[Redline spike] Baltic spikes: actor LTU — 8 in the last 60 min (usually 1; score 7.0)");
        String[] parts = parts(mail);
        String text = parts[0];
        String html = parts[1];
        assertThat(text)
                .contains(
                        HEADLINE + "\nBaseline: median 1, MAD 0.5 of the same 60 min in earlier weeks",
                        "- “" + SpikeAlerts.TOP_SENTENCE + "”\n  — ltu.example.com · Lithuania shuts border crossing "
                                + "https://ltu.example.com/a/1",
                        "- “" + SpikeAlerts.SECOND_SENTENCE + "”",
                        "- “" + SpikeAlerts.THIRD_SENTENCE + "”",
                        "Spikes in Redline: https://redline.example.org/api/spikes?kind=actor&at=2026-11-27T04:00:00Z")
                .doesNotContain("Matched:");
        assertThat(html)
                .contains(
                        "<h2 style=\"margin:0 0 8px\">" + HEADLINE + "</h2>",
                        "Baseline: median 1, MAD 0.5",
                        "“" + SpikeAlerts.TOP_SENTENCE + "”",
                        "— ltu.example.com · <a href=\"https://ltu.example.com/a/1\">Lithuania shuts border crossing</a>",
                        // escaped by the template engine: article text
                        "“Vilnius summoned the Belarusian envoy &amp; closed two more crossings.”",
                        "“" + SpikeAlerts.THIRD_SENTENCE + "”")
                .doesNotContain("<h3>Matched</h3>");
    }

    @Test
    void aDigestMailListsTheArticleAlertAndTheSpike() throws Exception {
        sender.send(SpikeAlerts.mixedDigest(), List.of("desk@newsroom.test"));

        assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Redline digest: Desk — 2 alerts");
        String[] parts = parts(mail);
        String text = parts[0];
        String html = parts[1];
        assertThat(text)
                .contains(
                        "1 new, 0 updates, 1 spike · HIGH 1 · ELEVATED 1",
                        "\nHIGH · 64/100\nStrikes on Odesa port continue\nhttps://news.example.com/a/0\n",
                        "  “Evidence sentence 0.”",
                        "\n" + HEADLINE + "\nLithuania shuts border crossing\nhttps://ltu.example.com/a/1\n"
                                + "ltu.example.com · 2026-11-27 03:40 UTC\n  “" + SpikeAlerts.TOP_SENTENCE + "”\n"
                                + "Spikes in Redline: ");
        assertThat(html)
                .contains(
                        "HIGH · 64/100",
                        "<a href=\"https://news.example.com/a/0\">Strikes on Odesa port continue</a>",
                        "<div style=\"font-weight:bold;color:#e67e00\">" + HEADLINE + "</div>",
                        "<a href=\"https://ltu.example.com/a/1\">Lithuania shuts border crossing</a>",
                        "“" + SpikeAlerts.TOP_SENTENCE + "”",
                        ">Spikes in Redline</a>");
        assertThat(html.indexOf("Strikes on Odesa")).isLessThan(html.indexOf(HEADLINE));
    }

    /** The text and the HTML part, with SMTP's CRLF line ends read back as the LF they were written with. */
    private static String[] parts(MimeMessage mail) throws Exception {
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String[] out = new String[2];
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                out[0] = ((String) part.getContent()).replace("\r\n", "\n");
            } else if (part.isMimeType("text/html")) {
                out[1] = ((String) part.getContent()).replace("\r\n", "\n");
            }
        }
        return out;
    }
}
