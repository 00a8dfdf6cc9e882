package io.redline.search.query;

import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/timeline}: article counts and escalation per hour or day for any query and filters. */
@Path("/api/timeline")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.READER_NAME)
public class TimelineResource {

    /** More buckets than this is a mistake (an hourly timeline over years), refused before Elasticsearch sees it. */
    static final long MAX_BUCKETS = 10_000;

    private final ArticleSearch search;

    public TimelineResource(ArticleSearch search) {
        this.search = search;
    }

    @GET
    @Operation(
            summary = "Counts and mean/max escalation per hour or day, gap-free, optionally split by signal or actor",
            description = "With from and/or to every bucket of the range is present, empty ones with count 0.")
    public ArticleSearch.Timeline timeline(
            @BeanParam FilterParams filters,
            @Parameter(description = "hour or day (default day)") @QueryParam("interval") String interval,
            @Parameter(description = "Time zone of the buckets, e.g. Europe/Kyiv or +02:00 (default UTC)")
                    @QueryParam("tz")
                    String tz,
            @Parameter(description = "signal or actor: counts per signal type or actor code in each bucket")
                    @QueryParam("split")
                    String split)
            throws IOException {
        CalendarInterval calendar;
        String i =
                interval == null || interval.isBlank() ? "day" : interval.trim().toLowerCase(Locale.ROOT);
        if (i.equals("hour")) {
            calendar = CalendarInterval.Hour;
        } else if (i.equals("day")) {
            calendar = CalendarInterval.Day;
        } else {
            throw new InvalidParameterException("interval", "must be hour or day");
        }
        ZoneId zone;
        try {
            zone = tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw new InvalidParameterException("tz", "unknown time zone '" + tz + "'");
        }
        ArticleSearch.Split by = split == null || split.isBlank()
                ? null
                : ArticleFilters.enums("split", java.util.List.of(split), ArticleSearch.Split.class)
                        .get(0);
        ArticleFilters parsed = filters.parse();
        if (parsed.from() != null
                && parsed.to() != null
                && ArticleSearch.bucketCount(parsed.from(), parsed.to(), calendar) > MAX_BUCKETS) {
            throw new InvalidParameterException(
                    "interval",
                    "gives more than " + MAX_BUCKETS + " buckets for this range; use day or a shorter range");
        }
        return search.timeline(filters.q, parsed, filters.minOutlets(), calendar, zone, by);
    }
}
