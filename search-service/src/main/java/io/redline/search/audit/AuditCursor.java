package io.redline.search.audit;

import io.redline.query.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in the audit index, (at millis, event id) of the last event a page returned, plus a fingerprint of the
 * filters it belongs to, written as an opaque base64url token.
 *
 * @param millis      the event's time in epoch milliseconds (the index's resolution)
 * @param eventId     the event id, the tiebreaker among events of the same millisecond
 * @param fingerprint hash of the filters, so a token is not replayed against another query
 */
record AuditCursor(long millis, String eventId, String fingerprint) {

    private static final String VERSION = "au1";
    /** Far longer than any token this API writes; a forged one cannot carry megabytes. */
    private static final int MAX_CHARS = 512;

    String encode() {
        String raw = VERSION + '|' + millis + '|' + fingerprint + '|' + eventId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes the {@code after} parameter for the query with {@code fingerprint}; 400 when it is not ours. */
    static AuditCursor decode(String token, String fingerprint) {
        if (token.length() > MAX_CHARS) {
            throw invalid();
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = raw.split("\\|", 4);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
            throw invalid();
        }
        long millis;
        try {
            millis = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (!parts[2].equals(fingerprint)) {
            throw new InvalidParameterException(
                    "after", "belongs to another query: repeat the same filters with the token");
        }
        return new AuditCursor(millis, parts[3], parts[2]);
    }

    private static InvalidParameterException invalid() {
        return new InvalidParameterException("after", "is not a token returned by this API (use 'next')");
    }
}
