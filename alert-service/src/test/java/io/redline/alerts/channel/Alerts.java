package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Alerts for the channel tests: one realistic alert and copies of it with a field changed. */
final class Alerts {

    static final Instant PUBLISHED = Instant.parse("2026-11-27T04:10:00Z");
    static final Instant MATCHED = Instant.parse("2026-11-27T04:12:30Z");

    private Alerts() {}

    static Alert sample() {
        return withArticle(article("Kremlin draws a red line over howitzers", "https://news.example.com/a/1"));
    }

    static AlertArticle article(String title, String url) {
        return new AlertArticle(
                "art-1",
                2,
                url,
                title,
                "Moscow warned that deliveries would be answered.",
                "news.example.com",
                "en",
                PUBLISHED,
                List.of("ukraine"));
    }

    static Alert withArticle(AlertArticle article) {
        return new Alert(
                "alert-1",
                "sub-1",
                "Ukraine escalation",
                "new",
                null,
                article,
                "story-9",
                EscalationLevel.HIGH,
                73,
                List.of(
                        signal(
                                SignalType.RED_LINE,
                                Modality.ASSERTED,
                                null,
                                "Any delivery of howitzers is a red line, the Kremlin said."),
                        signal(
                                SignalType.WEAPONS_SUPPLY,
                                Modality.REPORTED,
                                "Peskov",
                                "Peskov said the howitzers would be legitimate targets.")),
                List.of("Kremlin draws a red line over <em>howitzers</em>"),
                List.of("howitzers"),
                "https://redline.example.org/api/articles/art-1",
                "https://redline.example.org/api/stories/story-9",
                MATCHED);
    }

    static Alert asUpdate(Alert a) {
        return new Alert(
                a.id(),
                a.subscriptionId(),
                a.subscriptionName(),
                "update",
                EscalationLevel.ELEVATED,
                a.article(),
                a.storyId(),
                a.level(),
                a.score(),
                a.signals(),
                a.highlights(),
                a.matchedTerms(),
                a.articleLink(),
                a.storyLink(),
                a.matchedAt());
    }

    static Alert withSignals(Alert a, int count) {
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            signals.add(signal(SignalType.STRIKE, Modality.ASSERTED, null, "Strike number " + i + " hit a depot."));
        }
        return new Alert(
                a.id(),
                a.subscriptionId(),
                a.subscriptionName(),
                a.kind(),
                a.previousLevel(),
                a.article(),
                a.storyId(),
                a.level(),
                a.score(),
                signals,
                a.highlights(),
                a.matchedTerms(),
                a.articleLink(),
                a.storyLink(),
                a.matchedAt());
    }

    static Alert withHighlights(Alert a, List<String> highlights) {
        return new Alert(
                a.id(),
                a.subscriptionId(),
                a.subscriptionName(),
                a.kind(),
                a.previousLevel(),
                a.article(),
                a.storyId(),
                a.level(),
                a.score(),
                a.signals(),
                highlights,
                a.matchedTerms(),
                a.articleLink(),
                a.storyLink(),
                a.matchedAt());
    }

    static Signal signal(SignalType type, Modality modality, String speaker, String sentence) {
        return new Signal(
                type,
                modality,
                speaker,
                List.of("RUS"),
                new Evidence(1, 0, sentence.length(), sentence, "red line"),
                0.9);
    }
}
