package io.redline.search.query;

import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query and filter parameters shared by {@code /api/articles} and {@code /api/timeline}. */
public class FilterParams {

    @Parameter(
            description = "Search text, simple syntax: words (all must match; inflections match too: missile finds "
                    + "missiles), \"phrases\", prefix*, OR or |, NOT or -, AND or + (implicit), parentheses, title:word or "
                    + "title:\"phrase\" to search the title only. At most 500 characters and 32 terms")
    @QueryParam("q")
    String q;

    @Parameter(description = "Published at or after: ISO-8601 date-time (2026-11-27T08:00:00Z) or date (UTC)")
    @QueryParam("from")
    String from;

    @Parameter(description = "Published before: ISO-8601 date-time (exclusive) or date (that whole day included)")
    @QueryParam("to")
    String to;

    @Parameter(description = "Source domain, e.g. reuters.com; repeat or comma-separate for any of several")
    @QueryParam("source")
    List<String> sources;

    @Parameter(description = "Feed id; repeatable")
    @QueryParam("feed")
    List<String> feeds;

    @Parameter(description = "Feed tag or collection; repeatable")
    @QueryParam("tag")
    List<String> tags;

    @Parameter(description = "Language, ISO 639-1 (en, de, ...); repeatable")
    @QueryParam("language")
    List<String> languages;

    @Parameter(
            description = "Signal type (RED_LINE, ULTIMATUM, NUCLEAR_RHETORIC, WEAPONS_SUPPLY, DIRECT_INVOLVEMENT, "
                    + "STRIKE, MOBILIZATION, SANCTIONS, CYBER, TALKS, CEASEFIRE, DEESCALATION_APPEAL, WITHDRAWAL, AGREEMENT); "
                    + "repeatable, any of them")
    @QueryParam("signal")
    List<String> signals;

    @Parameter(description = "PLOVER event category (AGREE ... ASSAULT); repeatable, any of them")
    @QueryParam("category")
    List<String> categories;

    @Parameter(description = "Actor code (RUS, UKR, NATO, ...); repeatable, all of them must be present")
    @QueryParam("actor")
    List<String> actors;

    @Parameter(description = "Directed actor pair SOURCE>TARGET, e.g. RUS>UKR (URL-encode > as %3E); repeatable, any")
    @QueryParam("dyad")
    List<String> dyads;

    @Parameter(description = "Lowest escalation score, 0-100")
    @QueryParam("minScore")
    String minScore;

    @Parameter(description = "Escalation level (NONE, LOW, ELEVATED, HIGH, CRITICAL); repeatable, any")
    @QueryParam("level")
    List<String> levels;

    @Parameter(
            description = "asserted: signal and category filters only count signals or events stated as fact; "
                    + "alone, keeps articles with at least one asserted signal or event")
    @QueryParam("modality")
    String modality;

    @Parameter(
            description = "Only articles of stories reported by at least this many independent outlets (1-1000; wire "
                    + "copies and several pieces of one outlet count once). At most "
                    + ArticleSearch.MAX_OUTLET_STORIES + " stories qualify, the most recently reported first")
    @QueryParam("minOutlets")
    String minOutlets;

    /** The validated minOutlets, null when absent; a 400 naming it when not an integer from 1 to 1000. */
    Integer minOutlets() {
        return minOutlets == null || minOutlets.isBlank()
                ? null
                : InvalidParameterException.intParam("minOutlets", minOutlets, 1, 1, 1000);
    }

    /** The validated filters; a 400 naming the first bad parameter. */
    ArticleFilters parse() {
        Integer min = minScore == null || minScore.isBlank()
                ? null
                : InvalidParameterException.intParam("minScore", minScore, 0, 0, 100);
        return ArticleFilters.parse(
                from, to, sources, feeds, tags, languages, signals, categories, actors, dyads, min, levels, modality);
    }
}
