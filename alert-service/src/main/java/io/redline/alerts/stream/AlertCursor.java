package io.redline.alerts.stream;

import io.redline.query.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in the alert log, (dispatchedAt millis, alert id), written as an opaque base64url token so clients
 * treat it as a bookmark, never as a date they could edit.
 *
 * @param millis  the dispatch time in epoch milliseconds
 * @param alertId the alert id; the tiebreaker among alerts dispatched in the same millisecond ("" sorts first)
 */
public record AlertCursor(long millis, String alertId) implements Comparable<AlertCursor> {

    private static final String VERSION = "a1";
    /** Longer than any alert id this project makes; a bound so a forged cursor cannot carry megabytes. */
    private static final int MAX_CHARS = 512;

    public AlertCursor {
        alertId = alertId == null ? "" : alertId;
    }

    /** The position just before everything dispatched at or after {@code instant}. */
    public static AlertCursor before(Instant instant) {
        return new AlertCursor(instant.toEpochMilli(), "");
    }

    public String encode() {
        String raw = VERSION + '|' + millis + '|' + alertId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; a 400 problem on {@code parameter} when it is not one this API wrote. */
    public static AlertCursor decode(String token, String parameter) {
        if (token == null || token.isBlank() || token.length() > MAX_CHARS) {
            throw invalid(parameter);
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(parameter);
        }
        String[] parts = raw.split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
            throw invalid(parameter);
        }
        long millis;
        try {
            millis = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw invalid(parameter);
        }
        // Elasticsearch dates end at year 292278994; anything outside 0..year 9999 was not written by us.
        if (millis < 0 || millis > 253402300799999L) {
            throw invalid(parameter);
        }
        return new AlertCursor(millis, parts[2]);
    }

    private static InvalidParameterException invalid(String parameter) {
        return new InvalidParameterException(parameter, "is not an alert cursor returned by this API");
    }

    @Override
    public int compareTo(AlertCursor o) {
        int c = Long.compare(millis, o.millis);
        return c != 0 ? c : alertId.compareTo(o.alertId);
    }

    @Override
    public String toString() {
        return encode();
    }
}
