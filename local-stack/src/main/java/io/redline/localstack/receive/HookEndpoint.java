package io.redline.localstack.receive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The receiver's HTTP side: one path, POST only, bodies capped at {@value #MAX_BODY_BYTES} bytes, each delivery
 * answered with the status and text its handler decides.
 */
final class HookEndpoint {

    /** Alert bodies are a few KiB; a digest of many alerts stays well below this. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How much of an oversized body is read and dropped so that its sender still gets a clean 413. */
    private static final long DRAIN_BYTES = 16L << 20;

    /** What a delivery is answered with; a null or empty text (and any 204) sends no body. */
    record Reply(int status, String text) {}

    /** Decides the answer to a POST on the path whose body is within the cap. */
    @FunctionalInterface
    interface Handler {
        Reply delivery(Instant receivedAt, Function<String, String> header, byte[] body);
    }

    private final String path;
    private final Clock clock;
    private final Handler handler;
    private final BiConsumer<Instant, String> refused;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds {@code host:port} and starts serving.
     *
     * @param refused told of each request answered here without reaching the handler (wrong path or method, body
     *                too large): when it arrived and a line saying what it was
     * @throws IOException with a readable reason when the port is taken
     */
    HookEndpoint(String host, int port, String path, Clock clock, Handler handler, BiConsumer<Instant, String> refused)
            throws IOException {
        this.path = path;
        this.clock = clock;
        this.handler = handler;
        this.refused = refused;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 50);
        } catch (BindException e) {
            throw new IOException("port " + port + " on " + host + " is in use; pick another with --port", e);
        }
        // A few threads so that one slow sender does not hold back, and time, the others.
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "receive-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The bound port, useful when started on port 0. */
    int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving, giving requests in flight a second to finish. */
    void stop() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Taken first, before the body is read, so the latency is the sender's and not this receiver's.
        Instant receivedAt = clock.instant();
        try (exchange) {
            String requestPath = exchange.getRequestURI().getPath();
            if (!path.equals(requestPath)) {
                refused.accept(
                        receivedAt,
                        exchange.getRequestMethod() + " " + requestPath + " -> 404 (deliveries go to " + path + ")");
                answer(exchange, 404, "Not found; deliveries go to " + path);
                return;
            }
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                refused.accept(receivedAt, exchange.getRequestMethod() + " " + requestPath + " -> 405 (only POST)");
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "Only POST");
                return;
            }
            byte[] body = readCapped(exchange);
            if (body == null) {
                refused.accept(receivedAt, "POST " + requestPath + " -> 413 (body over " + MAX_BODY_BYTES + " bytes)");
                answer(exchange, 413, "Body over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            Reply reply = handler.delivery(
                    receivedAt, name -> exchange.getRequestHeaders().getFirst(name), body);
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
}
