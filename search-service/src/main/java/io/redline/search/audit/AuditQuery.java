package io.redline.search.audit;

import io.redline.query.InvalidParameterException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The validated filters of {@code GET /api/audit}; every bad parameter becomes a 400 problem naming it.
 *
 * @param actor        exact caller (owner or OIDC principal); null: any
 * @param action       exact action ({@code key.create}); null: any
 * @param actionPrefix action prefix ({@code subscription.} matches every subscription action); null: none
 * @param targetType   exact target type; null: any
 * @param targetId     exact target id; null: any
 * @param from         events at or after this; null: from the first
 * @param to           events before this; null: up to now
 * @param size         events per page, 1-{@value #MAX_SIZE}
 */
record AuditQuery(
        String actor,
        String action,
        String actionPrefix,
        String targetType,
        String targetId,
        Instant from,
        Instant to,
        int size) {

    static final int MAX_SIZE = 200;
    static final int DEFAULT_SIZE = 50;
    private static final int MAX_VALUE = 200;
    /** Actions are {@code <target>.<verb>}; a trailing '.' or '*' asks for a prefix. */
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.-]{1,100}\\*?");

    static AuditQuery parse(
            String actor, String action, String targetType, String targetId, String from, String to, String size) {
        String exactAction = null;
        String prefix = null;
        String a = blankToNull(action);
        if (a != null) {
            if (!ACTION.matcher(a).matches()) {
                throw new InvalidParameterException(
                        "action",
                        "an action such as key.create, or a prefix ending in '.' or '*' such as subscription.");
            }
            if (a.endsWith("*")) {
                prefix = a.substring(0, a.length() - 1);
            } else if (a.endsWith(".")) {
                prefix = a;
            } else {
                exactAction = a;
            }
            if (prefix != null && prefix.isEmpty()) {
                prefix = null; // '*' alone: every action
            }
        }
        Instant fromAt = instant("from", from);
        Instant toAt = instant("to", to);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw new InvalidParameterException("to", "must be later than from");
        }
        return new AuditQuery(
                value("actor", actor),
                exactAction,
                prefix,
                value("targetType", targetType),
                value("targetId", targetId),
                fromAt,
                toAt,
                size(size));
    }

    /** A stable hash of the filters (not the page size), which a paging token carries. */
    String fingerprint() {
        String key = String.join(
                "\u0001",
                String.valueOf(actor),
                String.valueOf(action),
                String.valueOf(actionPrefix),
                String.valueOf(targetType),
                String.valueOf(targetId),
                String.valueOf(from),
                String.valueOf(to));
        return Integer.toHexString(key.hashCode())
                + Integer.toHexString(
                        new StringBuilder(key).reverse().toString().hashCode());
    }

    private static String value(String name, String raw) {
        String v = blankToNull(raw);
        if (v != null && (v.length() > MAX_VALUE || v.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidParameterException(name, "at most " + MAX_VALUE + " characters, no control characters");
        }
        return v;
    }

    private static Instant instant(String name, String raw) {
        String v = blankToNull(raw);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "an ISO-8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }

    private static int size(String raw) {
        String v = blankToNull(raw);
        if (v == null) {
            return DEFAULT_SIZE;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("size", "an integer from 1 to " + MAX_SIZE);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
