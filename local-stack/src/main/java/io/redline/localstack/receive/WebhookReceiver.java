package io.redline.localstack.receive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code ./redline receive}: a loopback webhook receiver that prints each Redline alert delivery, verifies its
 * Standard Webhooks signature, drops repeated webhook-ids, and measures feed-to-receiver latency.
 *
 * <p>With {@code --json --log FILE} it appends one JSON line per delivery: {@code id}, {@code type},
 * {@code receivedAt}, {@code valid} (true, false, or null when not checked), {@code repeat}, {@code status}, and
 * for an immediate alert {@code alertId}, {@code kind}, {@code storyId}, {@code articleId}, {@code fetchedAt},
 * {@code matchedAt}, {@code fetchToReceivedMs} (null
 * while the contract lacks {@code article.fetchedAt}) and {@code matchToReceivedMs}; a digest carries the same
 * per-alert fields in an {@code alerts} array.
 */
public final class WebhookReceiver {

    /** Alert bodies are a few KiB; a digest of many alerts stays well below this. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How much of an oversized body is read and dropped so that its sender still gets a clean 413. */
    private static final long DRAIN_BYTES = 16L << 20;
    /** How many webhook-ids are remembered for dedupe; a local session never comes close. */
    private static final int REMEMBERED_IDS = 100_000;
    private static final DateTimeFormatter CLOCK_FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ReceiveOptions options;
    private final PrintStream out;
    private final Clock clock;
    private final SignatureVerifier verifier;
    private final LatencyStats fetchToReceived = new LatencyStats();
    private final LatencyStats matchToReceived = new LatencyStats();
    /** webhook-id to delivery attempts; an id counts as handled once it was answered 2xx. */
    private final Map<String, Seen> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private HttpServer server;
    private ExecutorService executor;
    private BufferedWriter log;
    private Instant startedAt;
    private int deliveries;
    private int distinct;
    private int repeats;
    private int invalid;
    private int notUnderstood;
    private int digests;
    private int fetchedAtAbsent;

    WebhookReceiver(ReceiveOptions options, PrintStream out, Clock clock) {
        this.options = options;
        this.out = out;
        this.clock = clock;
        this.verifier = options.secret() == null ? null : new SignatureVerifier(options.secret());
    }

    /** Runs the receiver until Ctrl-C, then prints the summary; exits 2 on a bad option or a busy port. */
    public static void main(String[] args) {
        ReceiveOptions options;
        try {
            options = ReceiveOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("redline receive: " + e.getMessage() + " (./redline receive --help lists the options)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ReceiveOptions.USAGE);
            return;
        }
        WebhookReceiver receiver = new WebhookReceiver(options, System.out, Clock.systemDefaultZone());
        try {
            receiver.start();
        } catch (IOException | UncheckedIOException e) {
            System.err.println("redline receive: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.stop();
            System.out.println();
            System.out.print(receiver.summaryText());
            System.out.flush();
        }, "receive-summary"));
        receiver.printBanner();
        // The server's dispatcher thread keeps the JVM alive; Ctrl-C runs the hook above.
    }

    /**
     * Binds to 127.0.0.1 unless {@code --host} names another address: a receiver for trying alerts has no business
     * being reachable from the network (the compose demo runs it in a container, where 0.0.0.0 is the container's
     * own network).
     *
     * @throws IOException with a readable reason when the port is taken or the log cannot be opened
     */
    WebhookReceiver start() throws IOException {
        if (options.jsonLog() != null) {
            try {
                Path parent = options.jsonLog().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                log = Files.newBufferedWriter(options.jsonLog(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IOException("cannot write " + options.jsonLog() + ": " + e.getMessage(), e);
            }
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 50);
        } catch (IOException e) {
            if (log != null) {
                log.close();
            }
            throw e instanceof BindException
                    ? new IOException("port " + options.port() + " on " + options.host() + " is in use; pick another with --port", e)
                    : e;
        }
        // A few threads so that one slow sender does not hold back, and time, the others.
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "receive-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        startedAt = clock.instant();
        server.start();
        return this;
    }

    /** The bound port, useful when started on port 0. */
    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        if (server != null) {
            server.stop(1);
            executor.shutdown();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    out.println("redline receive: could not close " + options.jsonLog() + ": " + e.getMessage());
                }
                log = null;
            }
        }
    }

    private void printBanner() {
        out.printf("redline receive: listening on http://%s:%d%s%n", options.host(), port(), options.path());
        out.println("  signatures: " + (verifier == null ? "not checked (no --secret)"
                : "checked with the given secret; invalid ones are answered 401"));
        out.println("  answer:     " + options.status() + (options.jsonLog() == null ? ""
                : "; one JSON line per delivery appended to " + options.jsonLog()));
        out.println("Waiting for deliveries; Ctrl-C prints a summary.");
        out.println();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Taken first, before the body is read, so the latency is the sender's and not this receiver's.
        Instant receivedAt = clock.instant();
        try (exchange) {
            String requestPath = exchange.getRequestURI().getPath();
            if (!options.path().equals(requestPath)) {
                note(receivedAt, exchange.getRequestMethod() + " " + requestPath + " -> 404 (deliveries go to "
                        + options.path() + ")");
                answer(exchange, 404, "Not found; deliveries go to " + options.path());
                return;
            }
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                note(receivedAt, exchange.getRequestMethod() + " " + requestPath + " -> 405 (only POST)");
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "Only POST");
                return;
            }
            byte[] body = readCapped(exchange);
            if (body == null) {
                note(receivedAt, "POST " + requestPath + " -> 413 (body over " + MAX_BODY_BYTES + " bytes)");
                answer(exchange, 413, "Body over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            Reply reply = receive(receivedAt, name -> exchange.getRequestHeaders().getFirst(name), body);
            answer(exchange, reply.status(), reply.text());
        }
    }

    /**
     * Null when the body is larger than {@link #MAX_BODY_BYTES}: it is never held whole in memory. The rest of an
     * oversized body is still read and dropped (up to {@link #DRAIN_BYTES}) because closing a connection with
     * unread request bytes resets it, and the sender would see a reset instead of the 413.
     */
    private static byte[] readCapped(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > DRAIN_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the read below enforces the cap anyway
            }
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(chunk)) > 0 && total <= DRAIN_BYTES) {
                total += n;
                if (total <= MAX_BODY_BYTES) {
                    buffer.write(chunk, 0, n);
                }
            }
        }
        return total > MAX_BODY_BYTES ? null : buffer.toByteArray();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text == null || status == 204 ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    private record Reply(int status, String text) {
    }

    /** Per webhook-id: attempts seen and whether one was acknowledged with a 2xx. */
    private static final class Seen {
        int attempts;
        boolean acknowledged;
    }

    /**
     * Handles one delivery that reached the path: verify, dedupe, print, time, log. Synchronized so that blocks
     * print whole and the counts agree with them.
     */
    synchronized Reply receive(Instant receivedAt, Function<String, String> header, byte[] body) {
        deliveries++;
        String id = header.apply(SignatureVerifier.ID_HEADER);
        StringBuilder block = new StringBuilder();
        block.append("-- ").append(time(receivedAt)).append("  webhook-id ").append(id == null ? "(none)" : id)
                .append('\n');
        SignatureVerifier.Verdict verdict = verifier == null ? null : verifier.verify(header, body, receivedAt);
        if (verdict != null && !verdict.valid()) {
            invalid++;
            line(block, "signature", "INVALID (" + verdict.problem() + ")");
            line(block, "answer", "401; the body is not shown because it cannot be trusted");
            print(block);
            logLine(id, null, receivedAt, false, false, 401);
            return new Reply(401, "Invalid signature: " + verdict.problem());
        }
        line(block, "signature", verdict == null ? "not checked (no --secret)" : "valid");
        Seen previous = id == null ? null : seen.get(id);
        if (previous != null && previous.acknowledged) {
            // The Standard Webhooks way: the id is stable across retries, so a receiver acknowledges a repeat
            // (the sender stops retrying) but does not act on it twice.
            repeats++;
            previous.attempts++;
            block.setLength(0);
            block.append("-- ").append(time(receivedAt)).append("  repeat of ").append(id).append(" (ignored)\n");
            print(block);
            logLine(id, null, receivedAt, verdict == null ? null : true, true, options.status());
            return new Reply(options.status(), null);
        }
        AlertPayload payload;
        try {
            payload = AlertPayload.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            notUnderstood++;
            line(block, "payload", "not understood: " + e.getMessage());
            line(block, "answer", "400");
            print(block);
            logLine(id, null, receivedAt, verdict == null ? null : true, false, 400);
            return new Reply(400, "Payload not understood: " + e.getMessage());
        }
        boolean first = previous == null;
        if (first) {
            distinct++;
            if (id != null) {
                previous = new Seen();
                seen.put(id, previous);
            }
        }
        if (previous != null) {
            previous.attempts++;
            if (previous.attempts > 1) {
                line(block, "attempt", previous.attempts + " (earlier ones were answered " + options.status() + ")");
            }
            previous.acknowledged = options.status() < 300;
        }
        describe(block, payload, receivedAt, first);
        print(block);
        logLine(id, payload, receivedAt, verdict == null ? null : true, false, options.status());
        return new Reply(options.status(), null);
    }

    private void describe(StringBuilder block, AlertPayload payload, Instant receivedAt, boolean first) {
        if (payload.isDigest()) {
            digests += first ? 1 : 0;
            int count = payload.alerts().size();
            line(block, "type", payload.type() + " (" + count + (count == 1 ? " alert" : " alerts")
                    + (payload.periodStart() != null && payload.periodEnd() != null
                    ? ", " + time(payload.periodStart()) + " to " + time(payload.periodEnd()) : "") + ")");
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
        Long fetchMs = millisBetween(alert.fetchedAt(), receivedAt);
        Long matchMs = millisBetween(alert.matchedAt(), receivedAt);
        line(block, "latency", "fetch -> received " + (fetchMs == null ? "n/a (no article.fetchedAt)" : duration(fetchMs))
                + ", match -> received " + (matchMs == null ? "n/a (no matchedAt)" : duration(matchMs)));
        // Only the first arrival of an id is timed: a retry's latency is the sender's back-off, not the pipeline.
        if (first) {
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
    }

    private static String levelText(AlertPayload.Alert alert) {
        String text = (alert.level() == null ? "?" : alert.level()) + ", score " + (alert.score() == null ? "?" : alert.score());
        return alert.previousLevel() == null ? text : text + " (was " + alert.previousLevel() + ")";
    }

    private static String link(AlertPayload.Alert alert) {
        if (alert.url() != null && alert.articleLink() != null) {
            return alert.url() + "  (API: " + alert.articleLink() + ")";
        }
        return alert.url() != null ? alert.url() : String.valueOf(alert.articleLink());
    }

    private static Long millisBetween(Instant from, Instant to) {
        return from == null ? null : Duration.between(from, to).toMillis();
    }

    private static void line(StringBuilder block, String label, String value) {
        block.append(String.format("   %-13s %s%n", label, value == null ? "(none)" : value));
    }

    private void note(Instant at, String text) {
        synchronized (this) {
            out.println("-- " + time(at) + "  " + text);
        }
    }

    private void print(StringBuilder block) {
        out.print(block);
        out.println();
        out.flush();
    }

    private String time(Instant instant) {
        return CLOCK_FORMAT.format(instant.atZone(clock.getZone()));
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

    private void logLine(String id, AlertPayload payload, Instant receivedAt, Boolean valid, boolean repeat, int status) {
        if (log == null) {
            return;
        }
        StringBuilder json = new StringBuilder("{");
        field(json, "id", id == null ? null : Json.quote(id));
        field(json, "type", payload == null ? null : Json.quote(payload.type()));
        field(json, "receivedAt", Json.quote(receivedAt.toString()));
        field(json, "valid", valid == null ? null : valid.toString());
        field(json, "repeat", Boolean.toString(repeat));
        field(json, "status", Integer.toString(status));
        if (payload != null && payload.isDigest()) {
            List<String> alerts = new ArrayList<>();
            for (AlertPayload.Alert alert : payload.alerts()) {
                StringBuilder a = new StringBuilder("{");
                alertFields(a, alert, receivedAt);
                alerts.add(a.append('}').toString());
            }
            field(json, "alerts", "[" + String.join(",", alerts) + "]");
        } else if (payload != null) {
            alertFields(json, payload.alerts().get(0), receivedAt);
        }
        json.append('}');
        try {
            log.write(json.toString());
            log.newLine();
            // Flushed per line so a benchmark can read the file while the receiver runs, and nothing is lost
            // on Ctrl-C.
            log.flush();
        } catch (IOException e) {
            out.println("redline receive: cannot write " + options.jsonLog() + ": " + e.getMessage());
        }
    }

    private static void alertFields(StringBuilder json, AlertPayload.Alert alert, Instant receivedAt) {
        Long fetchMs = millisBetween(alert.fetchedAt(), receivedAt);
        Long matchMs = millisBetween(alert.matchedAt(), receivedAt);
        field(json, "alertId", alert.id() == null ? null : Json.quote(alert.id()));
        field(json, "kind", alert.kind() == null ? null : Json.quote(alert.kind()));
        field(json, "storyId", alert.storyId() == null ? null : Json.quote(alert.storyId()));
        field(json, "articleId", alert.articleId() == null ? null : Json.quote(alert.articleId()));
        field(json, "fetchedAt", alert.fetchedAt() == null ? null : Json.quote(alert.fetchedAt().toString()));
        field(json, "matchedAt", alert.matchedAt() == null ? null : Json.quote(alert.matchedAt().toString()));
        field(json, "fetchToReceivedMs", fetchMs == null ? null : fetchMs.toString());
        field(json, "matchToReceivedMs", matchMs == null ? null : matchMs.toString());
    }

    private static void field(StringBuilder json, String name, String rawValue) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(Json.quote(name)).append(':').append(rawValue == null ? "null" : rawValue);
    }

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
    record Summary(int deliveries, int distinctIds, int repeats, int invalid, int notUnderstood, int digests, int timed) {
    }

    synchronized Summary summary() {
        return new Summary(deliveries, distinct, repeats, invalid, notUnderstood, digests, fetchToReceived.count());
    }

    /** The table printed on Ctrl-C. */
    synchronized String summaryText() {
        StringBuilder sb = new StringBuilder();
        Duration ran = startedAt == null ? Duration.ZERO : Duration.between(startedAt, clock.instant());
        sb.append("Summary after ").append(duration(ran.toMillis())).append('\n');
        sb.append(String.format("  %-22s %6d%n", "deliveries", deliveries));
        sb.append(String.format("  %-22s %6d%n", "distinct webhook-ids", distinct));
        sb.append(String.format("  %-22s %6d%n", "repeats (ignored)", repeats));
        sb.append(String.format("  %-22s %6d%n", "invalid signatures", invalid));
        if (notUnderstood > 0) {
            sb.append(String.format("  %-22s %6d%n", "payload not understood", notUnderstood));
        }
        if (digests > 0) {
            sb.append(String.format("  %-22s %6d   (not timed: a digest waits for its period by design)%n",
                    "digests", digests));
        }
        sb.append(String.format("  %-22s %6s %9s %9s %9s %9s%n", "latency", "alerts", "p50", "p95", "p99", "max"));
        sb.append(row("feed fetch -> received", fetchToReceived));
        sb.append(row("match -> received", matchToReceived));
        if (fetchedAtAbsent > 0) {
            sb.append("  ").append(fetchedAtAbsent).append(" of ").append(fetchToReceived.count())
                    .append(" alerts had no article.fetchedAt: for them \"feed fetch -> received\" is measured from"
                            + " matchedAt\n");
        }
        return sb.toString();
    }

    private static String row(String name, LatencyStats stats) {
        if (stats.count() == 0) {
            return String.format("  %-22s %6d %9s %9s %9s %9s%n", name, 0, "-", "-", "-", "-");
        }
        return String.format("  %-22s %6d %9s %9s %9s %9s%n", name, stats.count(), duration(stats.percentile(50)),
                duration(stats.percentile(95)), duration(stats.percentile(99)), duration(stats.max()));
    }
}
