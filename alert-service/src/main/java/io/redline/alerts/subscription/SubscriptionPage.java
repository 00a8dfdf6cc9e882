package io.redline.alerts.subscription;

import io.redline.query.Ids;
import io.redline.query.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of a subscription list in its order (creation time, then id) and the cursor of the next page: the
 * {@code limit} and {@code after} of {@code GET /api/subscriptions}.
 *
 * @param items the page
 * @param next  where the next page starts, or null when this was the last
 */
record SubscriptionPage(List<Subscription> items, Cursor next) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** The {@code limit} parameter: 1-1000, default 100; 400 naming {@code limit} otherwise. */
    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("limit", "an integer from 1 to " + MAX_LIMIT);
    }

    /** The page of {@code sorted} (oldest first, as the store lists) after {@code from} (null: the first page). */
    static SubscriptionPage of(List<Subscription> sorted, Cursor from, int limit) {
        List<Subscription> items = new ArrayList<>(Math.min(limit, sorted.size()));
        boolean more = false;
        for (Subscription s : sorted) {
            if (from != null && !from.before(s)) {
                continue;
            }
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(s);
        }
        return new SubscriptionPage(List.copyOf(items), more ? Cursor.of(items.get(items.size() - 1)) : null);
    }

    /**
     * The position after one subscription: its creation time (null for the oldest records, which sort first) and id.
     * Opaque to clients (url-safe base64), so it can change without breaking them.
     */
    record Cursor(Instant createdAt, String id) {

        static Cursor of(Subscription s) {
            return new Cursor(s.createdAt(), s.id());
        }

        /** Whether {@code s} comes after this position in the list's order. */
        boolean before(Subscription s) {
            int c;
            if (createdAt == null || s.createdAt() == null) {
                c = createdAt == null ? (s.createdAt() == null ? 0 : -1) : 1;
            } else {
                c = createdAt.compareTo(s.createdAt());
            }
            return c < 0 || (c == 0 && id.compareTo(s.id()) < 0);
        }

        String encode() {
            String raw = (createdAt == null ? "-" : createdAt.toString()) + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** The {@code after} parameter (null or blank: the first page); 400 naming {@code after} when malformed. */
        static Cursor parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return null;
            }
            try {
                String v = new String(Base64.getUrlDecoder().decode(raw.strip()), StandardCharsets.UTF_8);
                int bar = v.indexOf('|');
                String time = v.substring(0, bar);
                String id = v.substring(bar + 1);
                Ids.check("after", id);
                return new Cursor(time.equals("-") ? null : Instant.parse(time), id);
            } catch (RuntimeException e) {
                throw new InvalidParameterException(
                        "after", "is not a cursor of this list: use the link of the previous page");
            }
        }
    }
}
