package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Digests for the channel and delivery tests: a small realistic one and a huge one of long alerts. */
public final class Digests {

    public static final Instant START = Instant.parse("2026-11-27T04:00:00Z");
    public static final Instant END = Instant.parse("2026-11-27T05:00:00Z");

    private Digests() {}

    /** Three alerts: an ELEVATED new one, a CRITICAL new one, a HIGH update, in that firing order. */
    public static AlertDigest small() {
        List<Alert> alerts = List.of(
                alert(0, EscalationLevel.ELEVATED, 30, "Drills near the border", "new"),
                alert(1, EscalationLevel.CRITICAL, 91, "Kremlin draws a red line over howitzers", "new"),
                alert(2, EscalationLevel.HIGH, 64, "Strikes on Odesa port continue", "update"));
        return new AlertDigest("digest-1", "sub-1", "Ukraine escalation", START, END, alerts);
    }

    /**
     * {@code count} alerts with titles and evidence far over every channel limit, full of characters each channel
     * must escape, levels and scores spread so the order by severity is known: alert {@code i} has score
     * {@code i % 100}.
     */
    public static AlertDigest huge(int count) {
        String longTitle = "<b>Tanks</b> & [howitzers](https://evil) *moved* <!channel> ".repeat(40);
        String longSentence = "Officials said the \"red line\" & <script>x</script> was crossed again. ".repeat(30);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int score = i % 100;
            Alert a = alert(i, EscalationLevel.ofScore(score), score, i + " " + longTitle, "new");
            alerts.add(new Alert(
                    a.id(),
                    a.subscriptionId(),
                    a.subscriptionName(),
                    a.kind(),
                    a.previousLevel(),
                    a.article(),
                    a.storyId(),
                    a.level(),
                    a.score(),
                    List.of(Alerts.signal(SignalType.STRIKE, Modality.ASSERTED, null, longSentence)),
                    a.highlights(),
                    a.matchedTerms(),
                    a.articleLink(),
                    a.storyLink(),
                    a.matchedAt()));
        }
        return new AlertDigest(
                "digest-huge", "sub-1", "Ukraine <escalation> & *more* " + "x".repeat(300), START, END, alerts);
    }

    /** Alert number {@code n} of a digest. */
    public static Alert alert(int n, EscalationLevel level, int score, String title, String kind) {
        AlertArticle article = new AlertArticle(
                "art-" + n,
                1,
                "https://news.example.com/a/" + n,
                title,
                "Summary " + n + ".",
                "news.example.com",
                "en",
                START.plusSeconds(60L * n),
                List.of("ukraine"));
        return new Alert(
                "alert-" + n,
                "sub-1",
                "Ukraine escalation",
                kind,
                "update".equals(kind) ? EscalationLevel.ELEVATED : null,
                article,
                "story-" + n,
                level,
                score,
                List.of(Alerts.signal(SignalType.RED_LINE, Modality.ASSERTED, null, "Evidence sentence " + n + ".")),
                List.of(),
                List.of("howitzers"),
                "https://redline.example.org/api/articles/art-" + n,
                "https://redline.example.org/api/stories/story-" + n,
                START.plusSeconds(60L * n + 30));
    }
}
