package io.redline.alerts.brief;

import io.redline.contracts.EscalationLevel;
import java.time.Instant;
import java.util.List;

/**
 * What changed in the last hours, for a desk or one subscription: the stories whose level rose most, new spikes and
 * newly corroborated stories, each with the sentence that proves it.
 *
 * @param from         start of the window (inclusive), {@code to} minus {@code hours}
 * @param to           end of the window (exclusive)
 * @param hours        the window's length
 * @param levelRises   at most {@value BriefBuilder#MAX_ITEMS} stories, largest rise first
 * @param spikes       spikes detected at {@code to}, as {@code /api/spikes} lists them
 * @param corroborated stories that reached the outlet threshold in the window, most outlets first
 */
public record Brief(
        Instant from,
        Instant to,
        int hours,
        List<LevelRise> levelRises,
        List<Object> spikes,
        List<Corroborated> corroborated) {

    /**
     * A story whose highest level in the window is above its highest level before it.
     *
     * @param fromLevel the highest level before the window (NONE for a story first seen in it)
     * @param toLevel   the highest level in the window
     * @param rise      levels climbed ({@code toLevel} minus {@code fromLevel})
     * @param fromScore the highest escalation score before the window (0 when first seen in it)
     * @param toScore   the highest escalation score in the window
     * @param evidence  the article of the window that reached {@code toLevel}
     */
    public record LevelRise(
            String storyId,
            String title,
            EscalationLevel fromLevel,
            EscalationLevel toLevel,
            int rise,
            int fromScore,
            int toScore,
            Evidence evidence) {}

    /**
     * A story that reached {@code threshold} independent outlets in the window, having fewer before it.
     *
     * @param outlets   the story's outlets at its latest article of the window
     * @param threshold the outlet count it crossed (the subscription's minOutlets, else 2)
     * @param evidence  the window's article of the story with the highest level
     */
    public record Corroborated(
            String storyId,
            String title,
            int outlets,
            int threshold,
            Instant firstSeen,
            String firstOutlet,
            Evidence evidence) {}

    /**
     * The article and sentence behind an item.
     *
     * @param sentence its first top evidence sentence, else its first signal's evidence, else null
     */
    public record Evidence(
            String articleId,
            String title,
            String sourceDomain,
            String url,
            Instant publishedAt,
            EscalationLevel level,
            int score,
            String sentence) {}
}
