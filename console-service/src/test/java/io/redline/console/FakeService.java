package io.redline.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one Redline service on a free loopback port (the JDK's HTTP server): records every request it gets
 * (method, raw path and query, headers, body) and answers with a JSON echo; a few paths answer specially: {@code
 * /api/alerts/stream} is an event stream fed by {@link #events}, {@code .../slow} never answers, {@code .../hop}
 * answers with connection headers a proxy must drop, {@code .../cached} sets its own Cache-Control, {@code
 * .../located} answers with Location, Content-Location and Link naming itself, {@code .../elsewhere} with ones naming
 * other hosts, {@code .../cookie} sets a cookie.
 */
public final class FakeService implements AutoCloseable {

    /** One request as the service received it; header names lower-cased. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Ends the event stream when put on {@link #events}. */
    public static final String END = "\u0000end";

    public final String name;
    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    /** Events (already framed, e.g. {@code "id: 1\ndata: x\n\n"}) the open stream sends, in order. */
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    /** Heartbeat comments sent on the stream so far (one every 100 ms while no event is waiting). */
    public final AtomicInteger heartbeats = new AtomicInteger();
    /** Set when writing to the stream failed: the console closed its connection. */
    public volatile boolean streamClosed;

    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    public FakeService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The request whose raw URI contains {@code marker}, if this service got one. */
    public Optional<Received> find(String marker) {
        return received.stream().filter(r -> r.uri().contains(marker)).findFirst();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String uri = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + ex.getRequestURI().getRawQuery());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Received r = new Received(ex.getRequestMethod(), uri, headers, body);
        if (!uri.startsWith("/q/")) {
            received.add(r);
        }
        String path = ex.getRequestURI().getRawPath();
        try {
            if (path.equals("/api/alerts/stream")) {
                stream(ex);
            } else if (path.endsWith("/slow")) {
                release.await();
                ex.sendResponseHeaders(204, -1);
            } else {
                echo(ex, r, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private void echo(HttpExchange ex, Received r, String path) throws IOException {
        String json = "{\"service\":\"" + name + "\",\"method\":\"" + r.method() + "\",\"bodyLength\":"
                + r.body().length + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("X-Service", name);
        ex.getResponseHeaders().set("ETag", "\"v1\"");
        if (path.endsWith("/hop")) {
            ex.getResponseHeaders().set("Keep-Alive", "timeout=5");
            ex.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"upstream\"");
            ex.getResponseHeaders().set("Upgrade", "example/1");
            ex.getResponseHeaders().set("Trailer", "X-Checksum");
            ex.getResponseHeaders().set("Connection", "X-Hop-Only");
            ex.getResponseHeaders().set("X-Hop-Only", "secret-of-this-hop");
        }
        if (path.endsWith("/cached")) {
            ex.getResponseHeaders().set("Cache-Control", "private, max-age=60");
        }
        if (path.endsWith("/located")) {
            // What Quarkus answers: a relative Location made absolute with the scheme and the Host it was sent (a
            // trusted X-Forwarded-Proto can change the scheme), or a link built from the request URI.
            ex.getResponseHeaders().set("Location", url() + "/api/keys/abc");
            ex.getResponseHeaders()
                    .set(
                            "Content-Location",
                            "https://" + r.header("Host").orElseThrow() + "/api/keys/abc?view=full#top");
            ex.getResponseHeaders()
                    .set(
                            "Link",
                            "<" + url() + "/api/subscriptions?after=x&limit=2>; rel=\"next\", "
                                    + "<http://example.org/docs>; rel=\"help\"");
        }
        if (path.endsWith("/elsewhere")) {
            ex.getResponseHeaders().set("Location", "http://example.org/api/keys/abc");
            ex.getResponseHeaders().set("Content-Location", "http://127.0.0.1:1/api/keys/abc");
        }
        if (path.endsWith("/cookie")) {
            ex.getResponseHeaders().set("Set-Cookie", "upstream=1; Path=/; HttpOnly");
        }
        int status = "POST".equals(r.method()) ? 201 : 200;
        if ("HEAD".equals(r.method())) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stream(HttpExchange ex) throws InterruptedException {
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(out, ": connected\n\n");
            while (true) {
                String event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    write(out, ": heartbeat\n\n");
                    heartbeats.incrementAndGet();
                } else if (event.equals(END)) {
                    out.close();
                    return;
                } else {
                    write(out, event);
                }
            }
        } catch (IOException e) {
            streamClosed = true;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        release.countDown();
        events.add(END);
        server.stop(0);
        executor.shutdownNow();
    }
}
