package io.redline.localstack.receive;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * {@code ./redline receive}: a loopback webhook receiver that prints each Redline alert delivery, verifies its
 * Standard Webhooks signature, drops repeated webhook-ids and measures feed-to-receiver latency, by wiring its
 * {@link HookEndpoint}, {@link Deliveries}, {@link ConsoleReport} and {@link DeliveryLog} together.
 */
public final class WebhookReceiver {

    private final ReceiveOptions options;
    private final Clock clock;
    private final ConsoleReport console;
    private final Deliveries deliveries;
    private HookEndpoint endpoint;
    // Guarded by this: deliveries are written to it, and stop() closes it, one at a time.
    private DeliveryLog log;
    private Instant startedAt;

    WebhookReceiver(ReceiveOptions options, PrintStream out, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.console = new ConsoleReport(out, clock.getZone());
        this.deliveries = new Deliveries(
                options.secret() == null ? null : new SignatureVerifier(options.secret()), options.status());
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
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            receiver.stop();
                            System.out.println();
                            System.out.print(receiver.summaryText());
                            System.out.flush();
                        },
                        "receive-summary"));
        receiver.console.banner(options, receiver.port());
        // The server's dispatcher thread keeps the JVM alive; Ctrl-C runs the hook above.
    }

    /**
     * Opens the JSON log, if any, and binds to 127.0.0.1 unless {@code --host} names another address: a receiver for
     * trying alerts has no business being reachable from the network (the compose demo runs it in a container,
     * where 0.0.0.0 is the container's own network).
     *
     * @throws IOException with a readable reason when the port is taken or the log cannot be opened
     */
    WebhookReceiver start() throws IOException {
        if (options.jsonLog() != null) {
            log = DeliveryLog.open(options.jsonLog());
        }
        try {
            endpoint = new HookEndpoint(
                    options.host(), options.port(), options.path(), clock, this::receive, console::refused);
        } catch (IOException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
        startedAt = clock.instant();
        return this;
    }

    /** The bound port, useful when started on port 0. */
    int port() {
        return endpoint.port();
    }

    void stop() {
        if (endpoint != null) {
            endpoint.stop();
        }
        synchronized (this) {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    console.problem("could not close " + options.jsonLog() + ": " + e.getMessage());
                }
                log = null;
            }
        }
    }

    /** One delivery: judged and counted, then printed and logged before the next, so the counts match the output. */
    private synchronized HookEndpoint.Reply receive(Instant receivedAt, Function<String, String> header, byte[] body) {
        Delivery delivery = deliveries.receive(receivedAt, header, body);
        console.delivery(delivery);
        if (log != null) {
            try {
                log.append(delivery);
            } catch (IOException e) {
                console.problem("cannot write " + options.jsonLog() + ": " + e.getMessage());
            }
        }
        return new HookEndpoint.Reply(delivery.status(), delivery.replyText());
    }

    Deliveries.Summary summary() {
        return deliveries.summary();
    }

    /** The table printed on Ctrl-C. */
    String summaryText() {
        Duration ran = startedAt == null ? Duration.ZERO : Duration.between(startedAt, clock.instant());
        return console.summary(deliveries.summary(), deliveries.latency(), ran);
    }
}
