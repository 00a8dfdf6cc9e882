package io.redline.localstack.receive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides what each delivery gets (signature check, repeat of an acknowledged webhook-id, readable payload) and
 * keeps the counts and latency samples the summary reports.
 */
final class Deliveries {

    /** How many webhook-ids are remembered for dedupe; a local session never comes close. */
    private static final int REMEMBERED_IDS = 100_000;

    /**
     * The counts so far.
     *
     * @param deliveries    requests that reached the path with a body within the cap
     * @param distinctIds   first arrivals of a webhook-id (each delivery without one counts as its own)
     * @param repeats       deliveries of an id already acknowledged, answered but otherwise ignored
     * @param invalid       deliveries answered 401 for their signature
     * @param notUnderstood deliveries whose body was not an alert payload
     * @param digests       distinct digest deliveries (their alerts are not in the latency samples)
     * @param timed         alerts in the latency samples
     */
    record Summary(
            int deliveries, int distinctIds, int repeats, int invalid, int notUnderstood, int digests, int timed) {}

    /**
     * The latency samples, first arrivals of immediate alerts only.
     *
     * @param fetchToReceived from the feed fetch, or from the match for an alert without {@code article.fetchedAt}
     * @param matchToReceived from the match
     * @param fetchedAtAbsent alerts timed from the match in {@code fetchToReceived} for want of a fetch time
     */
    record Latency(LatencyStats fetchToReceived, LatencyStats matchToReceived, int fetchedAtAbsent) {}

    /** Per webhook-id: attempts seen and whether one was acknowledged with a 2xx. */
    private static final class Seen {
        int attempts;
        boolean acknowledged;
    }

    private final SignatureVerifier verifier;
    private final int status;
    private final LatencyStats fetchToReceived = new LatencyStats();
    private final LatencyStats matchToReceived = new LatencyStats();
    private final Map<String, Seen> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private int deliveries;
    private int distinct;
    private int repeats;
    private int invalid;
    private int notUnderstood;
    private int digests;
    private int fetchedAtAbsent;

    /**
     * @param verifier checks signatures; null to take every delivery unchecked
     * @param status   the status a delivery that verifies (or is not checked) is answered with
     */
    Deliveries(SignatureVerifier verifier, int status) {
        this.verifier = verifier;
        this.status = status;
    }

    /** Judges one delivery that reached the path and counts it. */
    synchronized Delivery receive(Instant receivedAt, Function<String, String> header, byte[] body) {
        deliveries++;
        String id = header.apply(SignatureVerifier.ID_HEADER);
        SignatureVerifier.Verdict verdict = verifier == null ? null : verifier.verify(header, body, receivedAt);
        if (verdict != null && !verdict.valid()) {
            invalid++;
            return new Delivery(receivedAt, id, false, Delivery.Outcome.BAD_SIGNATURE, verdict.problem(), null, 1, 401);
        }
        Boolean valid = verdict == null ? null : true;
        Seen previous = id == null ? null : seen.get(id);
        if (previous != null && previous.acknowledged) {
            // The Standard Webhooks way: the id is stable across retries, so a receiver acknowledges a repeat
            // (the sender stops retrying) but does not act on it twice.
            repeats++;
            previous.attempts++;
            return new Delivery(receivedAt, id, valid, Delivery.Outcome.REPEAT, null, null, previous.attempts, status);
        }
        AlertPayload payload;
        try {
            payload = AlertPayload.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            notUnderstood++;
            return new Delivery(receivedAt, id, valid, Delivery.Outcome.NOT_UNDERSTOOD, e.getMessage(), null, 1, 400);
        }
        boolean first = previous == null;
        if (first) {
            distinct++;
            if (id != null) {
                previous = new Seen();
                seen.put(id, previous);
            }
        }
        int attempt = 1;
        if (previous != null) {
            attempt = ++previous.attempts;
            previous.acknowledged = status < 300;
        }
        // Only the first arrival of an id is timed: a retry's latency is the sender's back-off, not the pipeline.
        if (first) {
            time(payload, receivedAt);
        }
        return new Delivery(receivedAt, id, valid, Delivery.Outcome.ACCEPTED, null, payload, attempt, status);
    }

    private void time(AlertPayload payload, Instant receivedAt) {
        if (payload.isDigest() || payload.isBrief()) {
            // A brief, like a digest, is sent at a time of day by design: not a latency.
            digests++;
            return;
        }
        AlertPayload.Alert alert = payload.alerts().get(0);
        Long fetchMs = alert.fetchToReceivedMs(receivedAt);
        Long matchMs = alert.matchToReceivedMs(receivedAt);
        if (fetchMs == null) {
            fetchedAtAbsent++;
        }
        Long fromFetch = fetchMs != null ? fetchMs : matchMs;
        if (fromFetch != null) {
            fetchToReceived.add(fromFetch);
        }
        if (matchMs != null) {
            matchToReceived.add(matchMs);
        }
    }

    synchronized Summary summary() {
        return new Summary(deliveries, distinct, repeats, invalid, notUnderstood, digests, fetchToReceived.count());
    }

    synchronized Latency latency() {
        return new Latency(fetchToReceived, matchToReceived, fetchedAtAbsent);
    }
}
