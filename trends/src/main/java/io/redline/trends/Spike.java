package io.redline.trends;

import io.redline.contracts.SpikeSummary;
import java.time.Instant;
import java.util.List;

/**
 * An actor, signal or dyad with unusually many distinct stories in a recent window, as {@code GET /api/spikes} lists it.
 *
 * @param kind        actor, signal or dyad
 * @param key         actor code, signal type or "SRC>TGT"
 * @param observed    distinct stories with the key in the window (a document without a story id counts as one)
 * @param articles    articles with the key in the window (copies and updates of a story each count), for volume
 * @param baseline    the stories of the same window in earlier weeks
 * @param score       {@link Baseline#score(long)}
 * @param ratio       {@link Baseline#ratio(long)}
 * @param from        window start (inclusive)
 * @param to          window end (exclusive)
 * @param topEvidence the top article of each of the window's most escalating stories with the key, best first (at
 *                    most 3, never two of one story)
 */
public record Spike(
        String kind,
        String key,
        long observed,
        long articles,
        Baseline baseline,
        double score,
        double ratio,
        Instant from,
        Instant to,
        List<Evidence> topEvidence) {

    public Spike {
        topEvidence = topEvidence == null ? List.of() : List.copyOf(topEvidence);
    }

    /**
     * One article behind a spike with the sentence that proves the key.
     *
     * @param articleId    article id
     * @param title        article title
     * @param sourceDomain outlet
     * @param storyId      the article's story; null for a document indexed before story ids
     * @param sentence     the evidence sentence of the key's signal, else the article's top evidence; null if none
     * @param level        the article's escalation level
     */
    public record Evidence(
            String articleId, String title, String sourceDomain, String storyId, String sentence, String level) {}

    /** The summary alerts carry ({@link io.redline.contracts.Alert#spike()}). */
    public SpikeSummary summary() {
        return new SpikeSummary(kind, key, observed, baseline.median(), baseline.mad(), score, from, to);
    }
}
