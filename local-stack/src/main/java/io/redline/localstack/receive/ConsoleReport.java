package io.redline.localstack.receive;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes what {@code ./redline receive} shows a person: the banner, a block per delivery, a line per request it
 * refused, and the summary table with latency percentiles.
 */
final class ConsoleReport {

    private static final DateTimeFormatter CLOCK_FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final ZoneId zone;

    /** @param zone the time zone of the clock times printed */
    ConsoleReport(PrintStream out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    synchronized void banner(ReceiveOptions options, int port) {
        out.printf("redline receive: listening on http://%s:%d%s%n", options.host(), port, options.path());
        out.println("  signatures: "
                + (options.secret() == null
                        ? "not checked (no --secret)"
                        : "checked with the given secret; invalid ones are answered 401"));
        out.println("  answer:     " + options.status()
                + (options.jsonLog() == null ? "" : "; one JSON line per delivery appended to " + options.jsonLog()));
        out.println("Waiting for deliveries; Ctrl-C prints a summary.");
        out.println();
    }

    /** One line for a request answered before it became a delivery (wrong path or method, body too large). */
    synchronized void refused(Instant at, String text) {
        out.println("-- " + time(at) + "  " + text);
    }

    /** A problem of the receiver itself, such as a log file it cannot write. */
    synchronized void problem(String text) {
        out.println("redline receive: " + text);
    }

    /** The block of one delivery, printed whole. */
    synchronized void delivery(Delivery delivery) {
        StringBuilder block = new StringBuilder();
        String id = delivery.webhookId();
        if (delivery.outcome() == Delivery.Outcome.REPEAT) {
            block.append("-- ")
                    .append(time(delivery.receivedAt()))
                    .append("  repeat of ")
                    .append(id)
                    .append(" (ignored)\n");
            print(block);
            return;
        }
        block.append("-- ")
                .append(time(delivery.receivedAt()))
                .append("  webhook-id ")
                .append(id == null ? "(none)" : id)
                .append('\n');
        switch (delivery.outcome()) {
            case BAD_SIGNATURE -> {
                line(block, "signature", "INVALID (" + delivery.problem() + ")");
                line(block, "answer", "401; the body is not shown because it cannot be trusted");
            }
            case NOT_UNDERSTOOD -> {
                line(block, "signature", signature(delivery));
                line(block, "payload", "not understood: " + delivery.problem());
                line(block, "answer", "400");
            }
            default -> {
                line(block, "signature", signature(delivery));
                if (delivery.attempt() > 1) {
                    line(
                            block,
                            "attempt",
                            delivery.attempt() + " (earlier ones were answered " + delivery.status() + ")");
                }
                describe(block, delivery.payload(), delivery.receivedAt());
            }
        }
        print(block);
    }

    private static String signature(Delivery delivery) {
        return delivery.valid() == null ? "not checked (no --secret)" : "valid";
    }

    private void describe(StringBuilder block, AlertPayload payload, Instant receivedAt) {
        if (payload.isBrief()) {
            AlertPayload.Brief brief = payload.brief();
            line(
                    block,
                    "type",
                    payload.type() + " (" + brief.levelRises() + " level rises, " + brief.spikes() + " spikes, "
                            + brief.corroborated() + " corroborated stories"
                            + (payload.periodStart() != null && payload.periodEnd() != null
                                    ? ", " + time(payload.periodStart()) + " to " + time(payload.periodEnd())
                                    : "")
                            + ")");
            line(block, "subscription", payload.subscriptionName());
            for (String item : brief.lines()) {
                line(block, "", item);
            }
            return;
        }
        if (payload.isDigest()) {
            int count = payload.alerts().size();
            line(
                    block,
                    "type",
                    payload.type() + " (" + count + (count == 1 ? " alert" : " alerts")
                            + (payload.periodStart() != null && payload.periodEnd() != null
                                    ? ", " + time(payload.periodStart()) + " to " + time(payload.periodEnd())
                                    : "")
                            + ")");
            line(block, "subscription", payload.subscriptionName());
            int n = 0;
            for (AlertPayload.Alert alert : payload.alerts()) {
                n++;
                line(block, "alert " + n, levelText(alert) + "  " + alert.title());
                line(block, "", link(alert));
            }
            return;
        }
        AlertPayload.Alert alert = payload.alerts().get(0);
        line(block, "type", payload.type());
        line(block, "subscription", payload.subscriptionName());
        line(block, "level", levelText(alert));
        line(block, "article", alert.title());
        line(block, "link", link(alert));
        line(block, "evidence", alert.evidence() == null ? "(none)" : alert.evidence());
        Long fetchMs = alert.fetchToReceivedMs(receivedAt);
        Long matchMs = alert.matchToReceivedMs(receivedAt);
        line(
                block,
                "latency",
                "fetch -> received " + (fetchMs == null ? "n/a (no article.fetchedAt)" : duration(fetchMs))
                        + ", match -> received " + (matchMs == null ? "n/a (no matchedAt)" : duration(matchMs)));
    }

    /** The table printed on Ctrl-C, after {@code ran} of listening. */
    String summary(Deliveries.Summary counts, Deliveries.Latency latency, Duration ran) {
        StringBuilder sb = new StringBuilder();
        sb.append("Summary after ").append(duration(ran.toMillis())).append('\n');
        sb.append(String.format("  %-22s %6d%n", "deliveries", counts.deliveries()));
        sb.append(String.format("  %-22s %6d%n", "distinct webhook-ids", counts.distinctIds()));
        sb.append(String.format("  %-22s %6d%n", "repeats (ignored)", counts.repeats()));
        sb.append(String.format("  %-22s %6d%n", "invalid signatures", counts.invalid()));
        if (counts.notUnderstood() > 0) {
            sb.append(String.format("  %-22s %6d%n", "payload not understood", counts.notUnderstood()));
        }
        if (counts.digests() > 0) {
            sb.append(String.format(
                    "  %-22s %6d   (not timed: digests and briefs wait for their time by design)%n",
                    "digests and briefs", counts.digests()));
        }
        sb.append(String.format("  %-22s %6s %9s %9s %9s %9s%n", "latency", "alerts", "p50", "p95", "p99", "max"));
        sb.append(row("feed fetch -> received", latency.fetchToReceived()));
        sb.append(row("match -> received", latency.matchToReceived()));
        if (latency.fetchedAtAbsent() > 0) {
            sb.append("  ")
                    .append(latency.fetchedAtAbsent())
                    .append(" of ")
                    .append(latency.fetchToReceived().count())
                    .append(" alerts had no article.fetchedAt: for them \"feed fetch -> received\" is measured from"
                            + " matchedAt\n");
        }
        return sb.toString();
    }

    static String duration(long millis) {
        if (Math.abs(millis) < 1000) {
            return millis + " ms";
        }
        if (Math.abs(millis) < 120_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        return String.format("%d min %d s", millis / 60_000, Math.abs(millis / 1000 % 60));
    }

    private static String row(String name, LatencyStats stats) {
        if (stats.count() == 0) {
            return String.format("  %-22s %6d %9s %9s %9s %9s%n", name, 0, "-", "-", "-", "-");
        }
        return String.format(
                "  %-22s %6d %9s %9s %9s %9s%n",
                name,
                stats.count(),
                duration(stats.percentile(50)),
                duration(stats.percentile(95)),
                duration(stats.percentile(99)),
                duration(stats.max()));
    }

    private static String levelText(AlertPayload.Alert alert) {
        String text = (alert.level() == null ? "?" : alert.level()) + ", score "
                + (alert.score() == null ? "?" : alert.score());
        return alert.previousLevel() == null ? text : text + " (was " + alert.previousLevel() + ")";
    }

    private static String link(AlertPayload.Alert alert) {
        if (alert.url() != null && alert.articleLink() != null) {
            return alert.url() + "  (API: " + alert.articleLink() + ")";
        }
        return alert.url() != null ? alert.url() : String.valueOf(alert.articleLink());
    }

    private static void line(StringBuilder block, String label, String value) {
        block.append(String.format("   %-13s %s%n", label, value == null ? "(none)" : value));
    }

    private void print(StringBuilder block) {
        out.print(block);
        out.println();
        out.flush();
    }

    private String time(Instant instant) {
        return CLOCK_FORMAT.format(instant.atZone(zone));
    }
}
