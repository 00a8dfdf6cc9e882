package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.SpikeSummary;
import java.time.Instant;
import java.util.List;

/** Spike alerts shaped as SpikeEvaluator publishes them, for the channel and delivery tests. */
public final class SpikeAlerts {

    public static final Instant FROM = Instant.parse("2026-11-27T03:00:00Z");
    public static final Instant TO = Instant.parse("2026-11-27T04:00:00Z");
    /** The top article's evidence sentence (its signal's), so the channels can name its outlet. */
    public static final String TOP_SENTENCE = "Lithuania closed the Medininkai crossing, the interior ministry said.";
    /** Evidence of the other articles behind the spike: the alert carries only their sentences. */
    public static final String SECOND_SENTENCE = "Vilnius summoned the Belarusian envoy & closed two more crossings.";

    public static final String THIRD_SENTENCE = "Troops were moved to the border, LRT reported.";

    private SpikeAlerts() {}

    /** An actor spike: 8 in the last 60 minutes, usually 1 (MAD 0.5), score 7.0. */
    public static Alert actor() {
        return spike("actor", "LTU", "alert-spike-1");
    }

    /** A dyad spike of RUS against UKR. */
    public static Alert dyad() {
        return spike("dyad", "RUS>UKR", "alert-spike-2");
    }

    private static Alert spike(String kind, String key, String id) {
        AlertArticle top = new AlertArticle(
                "art-ltu",
                1,
                "https://ltu.example.com/a/1",
                "Lithuania shuts border crossing",
                "The crossing closed at noon.",
                "ltu.example.com",
                "en",
                Instant.parse("2026-11-27T03:40:00Z"),
                List.of());
        return new Alert(
                id,
                "sub-spike",
                "Baltic spikes",
                "spike",
                null,
                top,
                "spike:" + kind + ":" + key + ":" + FROM,
                EscalationLevel.ELEVATED,
                41,
                List.of(Alerts.signal(SignalType.MOBILIZATION, Modality.ASSERTED, null, TOP_SENTENCE)),
                List.of(TOP_SENTENCE, SECOND_SENTENCE, THIRD_SENTENCE),
                List.of(key),
                "https://redline.example.org/api/articles/art-ltu",
                "https://redline.example.org/api/spikes?kind=" + kind + "&at=" + TO,
                TO.plusSeconds(30),
                null,
                new SpikeSummary(kind, key, 8, 1.0, 0.5, 7.0, FROM, TO));
    }

    /** A digest of one article alert (HIGH, "Strikes on Odesa port continue") and one actor spike alert. */
    public static AlertDigest mixedDigest() {
        Alert article = Digests.alert(0, EscalationLevel.HIGH, 64, "Strikes on Odesa port continue", "new");
        return new AlertDigest("digest-mixed", "sub-1", "Desk", Digests.START, Digests.END, List.of(article, actor()));
    }
}
