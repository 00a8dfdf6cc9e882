package io.redline.alerts.stream;

import io.redline.contracts.Alert;
import java.time.Instant;

/**
 * One dispatched alert as the log holds it.
 *
 * @param cursor       opaque position of this alert in the log ({@link AlertCursor}); the SSE event id
 * @param dispatchedAt when the dispatcher sent it
 * @param alert        the alert as dispatched
 */
public record LoggedAlert(String cursor, Instant dispatchedAt, Alert alert) {

    /** The decoded position, for ordering. */
    AlertCursor position() {
        return new AlertCursor(dispatchedAt.toEpochMilli(), alert.id());
    }
}
