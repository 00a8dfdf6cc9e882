package io.redline.ingest.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 and a free port, for fetcher and poller tests; handlers are plain lambdas. */
public final class LoopbackServer implements AutoCloseable {

    /** A handler that may throw; a client hanging up mid-body is expected in hostile tests and ignored. */
    public interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final String host;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> hits = new java.util.concurrent.ConcurrentHashMap<>();

    public LoopbackServer() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server on {@code address} (a loopback one, e.g. 127.0.0.2 on Linux). */
    public LoopbackServer(InetAddress address) {
        this.host = address.getHostAddress();
        try {
            server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // One thread per exchange: a dripping handler must not hold up the others.
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code path} with {@code handler}. */
    public LoopbackServer on(String path, Handler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            } catch (Exception e) {
                // the client gave up (cap, deadline): that is the behaviour under test
            }
        });
        return this;
    }

    /** Serves {@code body} with status 200 and {@code contentType}. */
    public LoopbackServer text(String path, String contentType, String body) {
        return on(path, ex -> send(ex, 200, contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a complete response. */
    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Answers with a redirect to {@code location}. */
    public LoopbackServer redirect(String path, int status, String location) {
        return on(path, ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(status, -1);
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://<address>:<port><path>}. */
    public String url(String path) {
        return "http://" + host + ":" + port() + path;
    }

    /** How many requests {@code path}'s handler got. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Registered paths, for diagnostics. */
    public List<String> paths() {
        return List.copyOf(hits.keySet());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
