package io.redline.query;

import io.redline.contracts.EscalationLevel;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated filters shared by search and timeline; each factory method names the parameter in its 400.
 *
 * @param from        published at or after (inclusive)
 * @param to          published before (exclusive)
 * @param sources     source domains (any)
 * @param feeds       feed ids (any)
 * @param tags        feed tags / collections (any)
 * @param languages   ISO 639-1 codes (any)
 * @param signals     signal types (any)
 * @param categories  PLOVER categories (any)
 * @param actors      actor codes (all must be present)
 * @param dyads       "SRC>TGT" keys (any)
 * @param minScore    lowest escalation score, or null
 * @param levels      escalation levels (any)
 * @param assertedOnly signals and categories only count when stated as fact
 */
public record ArticleFilters(
        Instant from,
        Instant to,
        List<String> sources,
        List<String> feeds,
        List<String> tags,
        List<String> languages,
        List<SignalType> signals,
        List<PloverCategory> categories,
        List<String> actors,
        List<String> dyads,
        Integer minScore,
        List<EscalationLevel> levels,
        boolean assertedOnly) {

    /** Most values of one list parameter. */
    public static final int MAX_VALUES = 100;
    /** Longest value of a list parameter (domains, feed ids, tags are far shorter). */
    public static final int MAX_VALUE_LENGTH = 200;

    private static final Pattern DYAD = Pattern.compile("([A-Za-z0-9_]+)\\s*(?:>|->|→)\\s*([A-Za-z0-9_]+)");

    /** Parses every filter parameter; throws {@link InvalidParameterException} naming the first bad one. */
    public static ArticleFilters parse(
            String from,
            String to,
            List<String> sources,
            List<String> feeds,
            List<String> tags,
            List<String> languages,
            List<String> signals,
            List<String> categories,
            List<String> actors,
            List<String> dyads,
            Integer minScore,
            List<String> levels,
            String modality) {
        Instant f = instant("from", from, false);
        Instant t = instant("to", to, true);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new InvalidParameterException("to", "must be after from");
        }
        if (minScore != null && (minScore < 0 || minScore > 100)) {
            throw new InvalidParameterException("minScore", "must be between 0 and 100");
        }
        boolean asserted = false;
        if (modality != null && !modality.isBlank()) {
            if (!modality.trim().equalsIgnoreCase("asserted")) {
                throw new InvalidParameterException("modality", "only 'asserted' is supported");
            }
            asserted = true;
        }
        List<String> dyadKeys = new ArrayList<>();
        for (String d : values("dyad", dyads)) {
            var m = DYAD.matcher(d.trim());
            if (!m.matches()) {
                throw new InvalidParameterException("dyad", "must be SOURCE>TARGET, e.g. RUS>UKR, not '" + d + "'");
            }
            dyadKeys.add(m.group(1).toUpperCase(Locale.ROOT) + ">" + m.group(2).toUpperCase(Locale.ROOT));
        }
        return new ArticleFilters(
                f,
                t,
                values("source", sources),
                values("feed", feeds),
                values("tag", tags),
                values("language", languages).stream()
                        .map(s -> s.toLowerCase(Locale.ROOT))
                        .toList(),
                enums("signal", signals, SignalType.class),
                enums("category", categories, PloverCategory.class),
                values("actor", actors).stream()
                        .map(s -> s.toUpperCase(Locale.ROOT))
                        .toList(),
                dyadKeys,
                minScore,
                enums("level", levels, EscalationLevel.class),
                asserted);
    }

    /** The names of the filter parameters of {@code /api/articles} and {@code /api/timeline} ({@link FilterParams}). */
    public static final List<String> PARAMETERS = List.of(
            "from",
            "to",
            "source",
            "feed",
            "tag",
            "language",
            "signal",
            "category",
            "actor",
            "dyad",
            "minScore",
            "level",
            "modality");

    /**
     * The filters of a parameter map in the API's own form (name to values, e.g. a stored alert subscription),
     * validated exactly as {@link FilterParams} validates a request: a single-valued parameter takes its first value,
     * as JAX-RS does; a name that is not a filter parameter is refused.
     */
    public static ArticleFilters fromParameters(Map<String, List<String>> parameters) {
        Map<String, List<String>> p = parameters == null ? Map.of() : parameters;
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidParameterException(name, "is not a filter parameter; one of " + PARAMETERS);
            }
        }
        String minScore = first(p.get("minScore"));
        Integer min = minScore == null || minScore.isBlank()
                ? null
                : InvalidParameterException.intParam("minScore", minScore, 0, 0, 100);
        return parse(
                first(p.get("from")),
                first(p.get("to")),
                p.get("source"),
                p.get("feed"),
                p.get("tag"),
                p.get("language"),
                p.get("signal"),
                p.get("category"),
                p.get("actor"),
                p.get("dyad"),
                min,
                p.get("level"),
                first(p.get("modality")));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Repeated and comma-separated values, trimmed, blanks dropped; at most {@link #MAX_VALUES} of at most
     * {@link #MAX_VALUE_LENGTH} characters each, so one request cannot make an Elasticsearch terms query of
     * thousands of entries (a 400 naming {@code parameter} instead).
     */
    public static List<String> values(String parameter, List<String> raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String r : raw) {
                if (r == null) {
                    continue;
                }
                for (String v : r.split(",")) {
                    if (v.isBlank()) {
                        continue;
                    }
                    if (v.length() > MAX_VALUE_LENGTH) {
                        throw new InvalidParameterException(
                                parameter, "values must be at most " + MAX_VALUE_LENGTH + " characters");
                    }
                    out.add(v.trim());
                    if (out.size() > MAX_VALUES) {
                        throw new InvalidParameterException(parameter, "at most " + MAX_VALUES + " values");
                    }
                }
            }
        }
        return out;
    }

    public static <E extends Enum<E>> List<E> enums(String parameter, List<String> raw, Class<E> type) {
        List<E> out = new ArrayList<>();
        for (String v : values(parameter, raw)) {
            try {
                out.add(Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(
                        parameter,
                        "unknown value '" + v + "'; one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }
        return out;
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-27T08:00:00Z}, offsets allowed) or a date; a date in {@code to} means the
     * end of that day, so {@code from=2026-11-27&to=2026-11-27} is that whole day (UTC).
     */
    public static Instant instant(String parameter, String raw, boolean endOfDay) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a date-time: try a date
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    parameter,
                    "must be an ISO-8601 date-time (2026-11-27T08:00:00Z) or date (2026-11-27), not '" + raw + "'");
        }
    }
}
