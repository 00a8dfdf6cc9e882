package io.redline.search.alerts.channel;

import io.redline.contracts.Alert;
import java.time.Instant;
import java.util.List;

/** Several alerts of one subscription sent as one message (digest mode). */
public record AlertDigest(String id, String subscriptionId, String subscriptionName, Instant periodStart,
        Instant periodEnd, List<Alert> alerts) {
}
