package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Several alerts of one subscription in one message, for subscriptions in hourly or daily digest mode.
 *
 * @param id               stable digest id, also the Standard Webhooks {@code webhook-id} of its delivery: the same
 *                         digest re-delivered carries the same id
 * @param subscriptionId   the subscription whose alerts these are
 * @param subscriptionName its human name
 * @param periodStart      start of the digest period (inclusive)
 * @param periodEnd        end of the digest period (exclusive)
 * @param alerts           the alerts of the period in the order they fired; at most {@value #MAX_ALERTS}, the most
 *                         severe ones (still in firing order) when the period had more
 * @param total            how many alerts the period had, at least {@code alerts.size()}: channels say "and N more"
 *                         from it
 */
public record AlertDigest(
        String id,
        String subscriptionId,
        String subscriptionName,
        Instant periodStart,
        Instant periodEnd,
        List<Alert> alerts,
        int total) {

    /** Alerts a digest carries: a busy day of a broad subscription must not become a multi-megabyte webhook body. */
    public static final int MAX_ALERTS = 500;

    public AlertDigest {
        alerts = alerts == null
                ? List.of()
                : alerts.stream().filter(Objects::nonNull).toList();
        total = Math.max(total, alerts.size());
        if (alerts.size() > MAX_ALERTS) {
            alerts = mostSevere(alerts, MAX_ALERTS);
        }
    }

    /** A digest of all of {@code alerts} ({@code total} is their number). */
    public AlertDigest(
            String id,
            String subscriptionId,
            String subscriptionName,
            Instant periodStart,
            Instant periodEnd,
            List<Alert> alerts) {
        this(id, subscriptionId, subscriptionName, periodStart, periodEnd, alerts, alerts == null ? 0 : alerts.size());
    }

    /**
     * The {@code max} most severe of {@code alerts} in their original order: dropping the latest ones instead could
     * drop the one CRITICAL alert of the day.
     */
    private static List<Alert> mostSevere(List<Alert> alerts, int max) {
        Comparator<Integer> bySeverity = Comparator.comparing(alerts::get, AlertText.SEVERITY);
        List<Integer> kept = new ArrayList<>(IntStream.range(0, alerts.size())
                .boxed()
                .sorted(bySeverity)
                .limit(max)
                .toList());
        kept.sort(Comparator.naturalOrder());
        return kept.stream().map(alerts::get).toList();
    }
}
