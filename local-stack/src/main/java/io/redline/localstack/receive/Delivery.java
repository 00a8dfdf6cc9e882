package io.redline.localstack.receive;

import java.time.Instant;

/**
 * What the receiver made of one delivery that reached its path: the printed block, the JSON line and the HTTP answer
 * are all drawn from it.
 *
 * @param receivedAt when it arrived, taken before its body was read
 * @param webhookId  its {@code webhook-id} header, or null
 * @param valid      whether its signature verified; null when not checked (no secret)
 * @param outcome    what was done with it
 * @param problem    for a refused signature or payload, why; else null
 * @param payload    for an accepted delivery, its alert or digest; else null
 * @param attempt    how many times its webhook-id has arrived, this time included (1 without an id)
 * @param status     the status it was answered with
 */
record Delivery(
        Instant receivedAt,
        String webhookId,
        Boolean valid,
        Outcome outcome,
        String problem,
        AlertPayload payload,
        int attempt,
        int status) {

    enum Outcome {
        /** Read, printed and (on its first arrival) timed. */
        ACCEPTED,
        /** A webhook-id already acknowledged: answered so the sender stops, but not acted on twice. */
        REPEAT,
        /** Its signature did not verify: answered 401, its body never shown. */
        BAD_SIGNATURE,
        /** Its body was not an alert payload: answered 400. */
        NOT_UNDERSTOOD
    }

    /** The text answered with the status; null for an empty answer. */
    String replyText() {
        return switch (outcome) {
            case BAD_SIGNATURE -> "Invalid signature: " + problem;
            case NOT_UNDERSTOOD -> "Payload not understood: " + problem;
            case ACCEPTED, REPEAT -> null;
        };
    }
}
