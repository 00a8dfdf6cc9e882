package io.redline.localstack.receive;

import java.nio.file.Path;
import java.util.Map;

/**
 * The options of {@code ./redline receive}.
 *
 * @param port    loopback port to listen on; 0 picks a free one
 * @param secret  the subscription's {@code whsec_...} secret, or null to print deliveries without checking them
 * @param path    the request path deliveries are expected on
 * @param status  the status answered to a delivery that verifies (or is not checked)
 * @param jsonLog the file to append one JSON line per delivery to, or null
 * @param help    whether only the usage was asked for
 * @param host    the address to listen on: 127.0.0.1 unless {@code --host} says otherwise (a container)
 */
record ReceiveOptions(int port, String secret, String path, int status, Path jsonLog, boolean help, String host) {

    static final String LOOPBACK = "127.0.0.1";

    /** Options listening on 127.0.0.1. */
    ReceiveOptions(int port, String secret, String path, int status, Path jsonLog, boolean help) {
        this(port, secret, path, status, jsonLog, help, LOOPBACK);
    }

    static final String USAGE = """
            Usage: ./redline receive [--host 127.0.0.1] [--port 9999] [--secret whsec_...] [--path /hook] [--status 204] [--json --log FILE]

            Listens on 127.0.0.1 for Redline alert webhooks and prints each delivery: its webhook-id, whether its
            Standard Webhooks signature is valid, the alert, and how long it took from the feed fetch and from the
            match. Ctrl-C prints a summary with latency percentiles.

              --host A        address to listen on (default 127.0.0.1; 0.0.0.0 only inside a container, as
                              the compose demo does: the receiver is not meant to be reachable from a network)
              --port N        port to listen on (default 9999)
              --secret S      the subscription's webhookSecret (default: $REDLINE_WEBHOOK_SECRET); without one,
                              signatures are shown as "not checked"; with one, invalid ones are answered 401
              --path P        request path to accept (default /hook)
              --status N      status to answer deliveries with (default 204; try 503 to watch retries)
              --json          also append one JSON line per delivery to the --log file (for benchmarks)
              --log FILE      that file (implies --json)
            """;

    /**
     * Reads {@code args}, taking the secret from {@code REDLINE_WEBHOOK_SECRET} when not given.
     *
     * @throws IllegalArgumentException with a one-line reason for an unknown or malformed option
     */
    static ReceiveOptions parse(String[] args, Map<String, String> env) {
        int port = 9999;
        String host = LOOPBACK;
        String secret = blankToNull(env.get("REDLINE_WEBHOOK_SECRET"));
        String path = "/hook";
        int status = 204;
        boolean json = false;
        Path log = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // --name=value is accepted as well as --name value, as most CLIs do.
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return new ReceiveOptions(port, secret, path, status, log, true, host);
                }
                case "--json" -> json = true;
                case "--host", "--port", "--secret", "--path", "--status", "--log" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--host" -> host = value.strip();
                        case "--port" -> port = number(arg, value, 0, 65535);
                        case "--secret" -> secret = blankToNull(value);
                        case "--path" -> path = value.startsWith("/") ? value : "/" + value;
                        case "--status" -> status = number(arg, value, 200, 599);
                        default -> {
                            log = Path.of(value);
                            json = true;
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (json && log == null) {
            throw new IllegalArgumentException("--json needs --log FILE");
        }
        if (secret != null) {
            SignatureVerifier.key(secret); // a typo in the secret is reported now, not as 401 on every delivery
        }
        return new ReceiveOptions(port, secret, path, status, log, false, host);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " " + value + " is not a number from " + min + " to " + max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
