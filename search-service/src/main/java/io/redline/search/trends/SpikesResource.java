package io.redline.search.trends;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.redline.query.InvalidParameterException;
import io.redline.search.index.ArticleIndex;
import io.redline.security.Role;
import io.redline.trends.Baseline;
import io.redline.trends.Spike;
import io.redline.trends.SpikeDetector;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/spikes}: actors, signals and dyads with unusually many stories now against the same hour of earlier weeks. */
@Path("/api/spikes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.READER_NAME)
public class SpikesResource {

    static final int MAX_LIMIT = 200;
    static final double MAX_MIN_SCORE = 1000;

    /**
     * The answer.
     *
     * @param at        end of the window (now unless asked)
     * @param window    window length as an ISO-8601 duration in minutes, e.g. {@code PT60M}
     * @param weeks     baseline weeks
     * @param unit      what observed, baseline and minCount count: {@value #UNIT} (distinct stories; each spike's
     *                  {@code articles} gives the article volume)
     * @param statistic how the score is computed, in one line
     * @param spikes    highest score first
     */
    public record Answer(Instant at, String window, int weeks, String unit, String statistic, List<Spike> spikes) {}

    /** The unit of the counts. */
    public static final String UNIT = "stories";

    private final SpikeDetector detector;

    public SpikesResource(ElasticsearchClient client) {
        this.detector = new SpikeDetector(client, ArticleIndex.ALIAS);
    }

    @GET
    @Operation(
            summary = "What is unusual now: distinct stories per actor, signal and dyad in the last window against the "
                    + "same window 1..weeks weeks earlier (median and MAD), with the top evidence of each spike",
            description = "Copies and updates of one story (derived.storyId) count once; each spike also gives its "
                    + "article count ('articles') and at most one evidence article per story. Weeks in which the "
                    + "whole index had no article in that window are dropped as outages. "
                    + "score = (observed - median) / max(1.4826 * MAD, sqrt(max(median, 1))).")
    public Answer spikes(
            @Parameter(description = "Window length in minutes, 5-1440 (default 60)") @QueryParam("window")
                    String window,
            @Parameter(description = "Baseline weeks, 1-12 (default 4)") @QueryParam("weeks") String weeks,
            @Parameter(description = "actor, signal and/or dyad, comma-separated or repeated (default all three)")
                    @QueryParam("kind")
                    List<String> kind,
            @Parameter(description = "Least stories in the window for a spike, at least 1 (default 3)")
                    @QueryParam("minCount")
                    String minCount,
            @Parameter(description = "Least score for a spike, 0-1000 (default 3)") @QueryParam("minScore")
                    String minScore,
            @Parameter(description = "Most spikes listed, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "End of the window as an ISO-8601 instant (default now), to look back")
                    @QueryParam("at")
                    String at)
            throws IOException {
        int minutes = InvalidParameterException.intParam("window", window, 60, 5, 1440);
        int w = InvalidParameterException.intParam("weeks", weeks, 4, 1, 12);
        Set<SpikeDetector.Kind> kinds = kinds(kind);
        int count = InvalidParameterException.intParam("minCount", minCount, 3, 1, Integer.MAX_VALUE);
        double score = minScore(minScore);
        int max = InvalidParameterException.intParam("limit", limit, 50, 1, MAX_LIMIT);
        Instant end = at(at);
        SpikeDetector.Request request =
                new SpikeDetector.Request(end, Duration.ofMinutes(minutes), w, kinds, count, score, max);
        return new Answer(end, "PT" + minutes + "M", w, UNIT, request.statistic(), detector.detect(request));
    }

    static Set<SpikeDetector.Kind> kinds(List<String> raw) {
        Set<SpikeDetector.Kind> out = EnumSet.noneOf(SpikeDetector.Kind.class);
        if (raw != null) {
            for (String value : raw) {
                for (String part : value.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(SpikeDetector.Kind.parse(part));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidParameterException(
                                "kind",
                                "must be actor, signal or dyad, not '"
                                        + part.trim().toLowerCase(Locale.ROOT) + "'");
                    }
                }
            }
        }
        return out.isEmpty() ? EnumSet.allOf(SpikeDetector.Kind.class) : out;
    }

    private static double minScore(String raw) {
        if (raw == null || raw.isBlank()) {
            return Baseline.DEFAULT_MIN_SCORE;
        }
        try {
            double v = Double.parseDouble(raw.trim());
            if (v >= 0 && v <= MAX_MIN_SCORE) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the bounds
        }
        throw new InvalidParameterException("minScore", "must be a number between 0 and 1000, not '" + raw + "'");
    }

    private static Instant at(String raw) {
        if (raw == null || raw.isBlank()) {
            // Whole milliseconds: the window bounds are sent to Elasticsearch, which keeps milliseconds.
            return Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException("at", "must be an ISO-8601 instant such as 2026-12-01T07:00:00Z");
        }
    }
}
