package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Alert;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert e-mail: subject, escaped HTML body and plain-text alternative. */
class EmailMessageTest {

    @Test
    void subjectNamesLevelSubscriptionAndTitle() {
        assertThat(EmailMessage.of(Alerts.sample()).subject())
                .isEqualTo("[Redline HIGH] Ukraine escalation: Kremlin draws a red line over howitzers");
        assertThat(EmailMessage.of(Alerts.asUpdate(Alerts.sample())).subject())
                .isEqualTo(
                        "[Redline HIGH (up from ELEVATED)] Ukraine escalation: Kremlin draws a red line over howitzers");
    }

    @Test
    void subjectIsOneLineAndBounded() {
        Alert alert = Alerts.withArticle(Alerts.article("Title\r\nBcc: victim@example.com" + "x".repeat(500), null));
        String subject = EmailMessage.of(alert).subject();
        assertThat(subject).doesNotContain("\r", "\n").contains("Title Bcc:");
        assertThat(subject.length()).isLessThanOrEqualTo(EmailMessage.MAX_SUBJECT_CHARS);
    }

    @Test
    void htmlEscapesArticleTextAndLetsOnlyHighlightEmThrough() {
        Alert alert = Alerts.withArticle(Alerts.article(
                "<script>alert(1)</script> & <em>not a highlight</em>", "https://news.example.com/a?x=1&y=\"2\""));
        alert = Alerts.withHighlights(alert, List.of("<img src=x onerror=alert(1)> about <em>howitzers</em> & tanks"));
        String html = EmailMessage.of(alert).html();

        assertThat(html)
                .contains("<a href=\"https://news.example.com/a?x=1&amp;y=&quot;2&quot;\">"
                        + "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;em&gt;not a highlight&lt;/em&gt;</a>");
        assertThat(html).contains("<li>…&lt;img src=x onerror=alert(1)&gt; about <em>howitzers</em> &amp; tanks…</li>");
        assertThat(html).doesNotContain("<script>", "<img");
        assertThat(html).contains("<strong>Red line</strong> · asserted", "“Any delivery of howitzers is a red line");
        assertThat(html).contains("<a href=\"https://redline.example.org/api/stories/story-9\">Story in Redline</a>");
    }

    @Test
    void templateEscapesHtmlInSentencesSummaryAndSubscriptionName() {
        Alert a = Alerts.withArticle(new Alert.AlertArticle(
                "art-1",
                2,
                "https://news.example.com/a/1",
                "Title",
                "Summary with <iframe src=\"https://evil.example\"></iframe>",
                "news.example.com",
                "en",
                Alerts.PUBLISHED,
                List.of()));
        Alert alert = new Alert(
                a.id(),
                a.subscriptionId(),
                "Desk <b>\"A\"</b> & 'B'",
                a.kind(),
                a.previousLevel(),
                a.article(),
                a.storyId(),
                a.level(),
                a.score(),
                List.of(Alerts.signal(
                        SignalType.RED_LINE, Modality.ASSERTED, null, "He said <script>steal()</script> & \"more\".")),
                a.highlights(),
                a.matchedTerms(),
                a.articleLink(),
                a.storyLink(),
                a.matchedAt());
        String html = EmailMessage.of(alert).html();

        assertThat(html)
                .contains(
                        "<p>Summary with &lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;</p>",
                        "“He said &lt;script&gt;steal()&lt;/script&gt; &amp; &quot;more&quot;.”",
                        "HIGH · Desk &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; &#39;B&#39;</p>",
                        "subscription “Desk &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; &#39;B&#39;”");
        assertThat(html).doesNotContain("<iframe", "<script>", "<b>");
    }

    @Test
    void countsTheSignalsNotShown() {
        EmailMessage mail = EmailMessage.of(Alerts.withSignals(Alerts.sample(), 8));
        assertThat(mail.html()).contains("<p>+3 more signals</p>").containsOnlyOnce("<h3>Signals</h3>");
        assertThat(mail.text()).contains("+3 more signals\n");
    }

    @Test
    void neverLinksANonWebUrl() {
        String html = EmailMessage.of(Alerts.withArticle(Alerts.article("Title", "javascript:alert(1)")))
                .html();
        assertThat(html).doesNotContain("javascript:").contains("<h2 style=\"margin:0 0 8px\">Title</h2>");
    }

    @Test
    void textAlternativeCarriesTheSameContentWithoutMarkup() {
        String text = EmailMessage.of(Alerts.sample()).text();
        assertThat(text)
                .contains(
                        "HIGH · Ukraine escalation",
                        "Kremlin draws a red line over howitzers\n" + "https://news.example.com/a/1",
                        "Score: 73/100",
                        "Published: 2026-11-27 04:10 UTC",
                        "- Red line · asserted\n  “Any delivery",
                        "- Weapons supply · reported by Peskov",
                        "- …Kremlin draws a red line over howitzers…",
                        "Story in Redline: https://redline.example.org/api/stories/story-9");
        assertThat(text).doesNotContain("<em>", "<p>");
    }
}
