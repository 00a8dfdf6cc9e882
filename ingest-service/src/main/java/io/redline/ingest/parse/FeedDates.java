package io.redline.ingest.parse;

import com.rometools.rome.io.impl.DateParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads feed dates: Rome's RFC 822 / W3C-DTF parser first, then fallbacks for what real feeds send instead —
 * ISO 8601 without a zone or with a space, RFC 822 without a zone, asctime, and named zones Rome does not know.
 * A date without a zone is taken as UTC.
 */
public final class FeedDates {

    /** Zone abbreviations seen in feeds that Rome does not map (ambiguous ones such as IST are left out). */
    private static final Map<String, ZoneId> NAMED = Map.ofEntries(
            Map.entry("CET", ZoneId.of("Europe/Paris")), Map.entry("CEST", ZoneOffset.ofHours(2)),
            Map.entry("EET", ZoneOffset.ofHours(2)), Map.entry("EEST", ZoneOffset.ofHours(3)),
            Map.entry("MSK", ZoneOffset.ofHours(3)), Map.entry("BST", ZoneOffset.ofHours(1)),
            Map.entry("WET", ZoneOffset.UTC), Map.entry("WEST", ZoneOffset.ofHours(1)),
            Map.entry("JST", ZoneOffset.ofHours(9)), Map.entry("KST", ZoneOffset.ofHours(9)),
            Map.entry("HKT", ZoneOffset.ofHours(8)), Map.entry("SGT", ZoneOffset.ofHours(8)),
            Map.entry("AEST", ZoneOffset.ofHours(10)), Map.entry("AEDT", ZoneOffset.ofHours(11)),
            Map.entry("UTC", ZoneOffset.UTC), Map.entry("Z", ZoneOffset.UTC));

    private static final List<DateTimeFormatter> LOCAL = List.of(
            pattern("uuuu-MM-dd['T'][' ']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"),
            pattern("[EEEE][EEE][,] d MMM uuuu HH:mm[:ss]"),
            pattern("[EEEE][EEE][,] d MMMM uuuu HH:mm[:ss]"),
            pattern("EEE MMM d HH:mm:ss uuuu"),
            pattern("[EEE][,] d MMM uu HH:mm[:ss]"));

    private static final List<DateTimeFormatter> OFFSET = List.of(
            pattern("uuuu-MM-dd['T'][' ']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS][' ']XXX"),
            pattern("uuuu-MM-dd['T'][' ']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS][' ']XX"));

    private FeedDates() {}

    private static DateTimeFormatter pattern(String p) {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .parseLenient()
                .appendPattern(p)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter(Locale.US);
    }

    /** The instant {@code text} names, or null when no parser understands it. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().replaceAll("\\s+", " ");
        Date rome = DateParser.parseDate(t, Locale.US);
        return rome != null ? rome.toInstant() : fallback(t);
    }

    /** Only the fallbacks (what Rome cannot read). */
    static Instant fallback(String t) {
        for (DateTimeFormatter f : OFFSET) {
            try {
                return ZonedDateTime.parse(t, f).toInstant();
            } catch (DateTimeParseException e) {
                // next pattern
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        String local = t;
        int space = t.lastIndexOf(' ');
        if (space > 0 && NAMED.containsKey(t.substring(space + 1).toUpperCase(Locale.ROOT))) {
            zone = NAMED.get(t.substring(space + 1).toUpperCase(Locale.ROOT));
            local = t.substring(0, space);
        }
        for (DateTimeFormatter f : LOCAL) {
            try {
                return LocalDateTime.parse(local, f).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // next pattern
            }
        }
        return null;
    }
}
