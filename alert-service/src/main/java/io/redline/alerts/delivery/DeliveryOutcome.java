package io.redline.alerts.delivery;

import java.time.Duration;

/**
 * How one webhook delivery ended, as the dispatcher acts on it.
 *
 * @param result     what to do next
 * @param status     the receiver's HTTP status, or 0 when no reply came (refused, unreachable, timed out)
 * @param retryAfter the wait the receiver asked for (Retry-After) on a retryable outcome, or null
 * @param reason     a short text for the delivery log ("HTTP 503", "timeout: ...", "blocked address: ...")
 * @param reply      the start of the receiver's reply body (UTF-8, capped), empty when there was none
 */
public record DeliveryOutcome(Result result, int status, Duration retryAfter, String reason, String reply) {

    /** What a delivery outcome asks the dispatcher to do. */
    public enum Result {
        /** 2xx: delivered. */
        SUCCESS,
        /** 429, 5xx, 408, timeouts, network errors: try again later (after {@code retryAfter} if given). */
        RETRYABLE,
        /** 410 Gone: the receiver is gone for good; disable the channel. */
        GONE,
        /** Other 4xx, redirects, a blocked address, a bad URL: retrying would fail the same way. */
        PERMANENT
    }

    static DeliveryOutcome success(int status, String reply) {
        return new DeliveryOutcome(Result.SUCCESS, status, null, "HTTP " + status, reply);
    }

    static DeliveryOutcome retryable(int status, Duration retryAfter, String reason, String reply) {
        return new DeliveryOutcome(Result.RETRYABLE, status, retryAfter, reason, reply);
    }

    static DeliveryOutcome gone(String reply) {
        return new DeliveryOutcome(Result.GONE, 410, null, "HTTP 410: the receiver is gone", reply);
    }

    static DeliveryOutcome permanent(int status, String reason, String reply) {
        return new DeliveryOutcome(Result.PERMANENT, status, null, reason, reply);
    }

    public boolean delivered() {
        return result == Result.SUCCESS;
    }
}
