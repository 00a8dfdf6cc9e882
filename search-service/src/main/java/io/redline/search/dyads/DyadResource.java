package io.redline.search.dyads;

import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/dyads/{source}/{target}} and {@code /api/dyads/{actor}/all}: an actor pair's daily event series. */
@Path("/api/dyads")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.READER_NAME)
public class DyadResource {

    /** The longest range answered: a year of days (a leap year included). */
    static final long MAX_DAYS = 366;
    /** Days shown when no range is given, today included. */
    static final int DEFAULT_DAYS = 30;
    /** The target that means "every other actor, both directions". */
    static final String ALL = "all";

    // The characters the dyad filter accepts in an actor code (ArticleFilters' SOURCE>TARGET pattern), bounded like
    // any filter value so a path segment cannot become a huge term.
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9_]{1," + ArticleFilters.MAX_VALUE_LENGTH + "}");

    private final DyadSeries series;

    public DyadResource(DyadSeries series) {
        this.series = series;
    }

    @GET
    @Path("/{source}/{target}")
    @Operation(
            summary = "Daily conflict and cooperation volumes, mean Goldstein, escalation and signals of an actor pair",
            description = "target 'all' gives the source actor against every other actor, both directions. Every day "
                    + "of the range is present when any article matches; none matching gives no days.")
    public DyadSeries.Series dyad(
            @Parameter(description = "Source actor code, e.g. RUS") @PathParam("source") String source,
            @Parameter(description = "Target actor code, e.g. UKR, or all") @PathParam("target") String target,
            @Parameter(
                            description = "First day: ISO date (midnight in tz) or date-time; default 29 days before "
                                    + "today")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description =
                                    "Last day: ISO date (that whole day in tz) or date-time (exclusive); default today")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "Time zone of the days, e.g. Europe/Kyiv or +02:00 (default UTC)")
                    @QueryParam("tz")
                    String tz)
            throws IOException {
        String src = actor("source", source);
        boolean all = target != null && target.trim().equalsIgnoreCase(ALL);
        String tgt = all ? null : actor("target", target);
        if (src.equals(tgt)) {
            throw new InvalidParameterException("target", "must differ from source");
        }
        ZoneId zone;
        try {
            zone = tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw new InvalidParameterException("tz", "unknown time zone '" + tz + "'");
        }
        Instant t = instant("to", to, zone, true);
        Instant f = instant("from", from, zone, false);
        LocalDate today = LocalDate.now(zone);
        if (t == null) {
            t = (f == null ? today : LocalDate.ofInstant(f, zone).plusDays(DEFAULT_DAYS - 1))
                    .plusDays(1)
                    .atStartOfDay(zone)
                    .toInstant();
        }
        if (f == null) {
            f = LocalDate.ofInstant(t.minusMillis(1), zone)
                    .minusDays(DEFAULT_DAYS - 1)
                    .atStartOfDay(zone)
                    .toInstant();
        }
        if (!f.isBefore(t)) {
            throw new InvalidParameterException("to", "must be after from");
        }
        if (Duration.between(f, t).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new InvalidParameterException(
                    from != null && !from.isBlank() ? "from" : "to",
                    "the range from " + f + " to " + t + " is longer than " + MAX_DAYS + " days");
        }
        return series.series(src, all ? null : tgt, f, t, zone);
    }

    /** An actor code as the dyad filter spells it (upper case), or a 400 naming the path parameter. */
    static String actor(String parameter, String raw) {
        String v = raw == null ? "" : raw.trim();
        if (!ACTOR.matcher(v).matches()) {
            throw new InvalidParameterException(
                    parameter, "must be an actor code (letters, digits, _), e.g. RUS or NATO, not '" + raw + "'");
        }
        return v.toUpperCase(Locale.ROOT);
    }

    /**
     * An ISO date-time or date; a date is midnight in {@code zone} (the end of that day for {@code to}), so the first
     * and last day buckets are whole days of the desk's time zone.
     */
    static Instant instant(String parameter, String raw, ZoneId zone, boolean endOfDay) {
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
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    parameter,
                    "must be an ISO-8601 date-time (2026-11-27T08:00:00Z) or date (2026-11-27), not '" + raw + "'");
        }
    }
}
