package io.redline.safehttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/** A real HTTP server on 127.0.0.1 and a free port for client and poller tests (shared as a test-jar); plain lambdas. */
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
    private final String scheme;
    private final List<String> sniNames = new CopyOnWriteArrayList<>();

    public LoopbackServer() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server on {@code address} (a loopback one, e.g. 127.0.0.2 on Linux). */
    public LoopbackServer(InetAddress address) {
        this(address, null);
    }

    /** An HTTPS server on the loopback address presenting the key and certificate of {@code tls}. */
    public static LoopbackServer https(SSLContext tls) {
        return new LoopbackServer(InetAddress.getLoopbackAddress(), tls);
    }

    private LoopbackServer(InetAddress address, SSLContext tls) {
        this.host = address.getHostAddress();
        this.scheme = tls == null ? "http" : "https";
        try {
            if (tls == null) {
                server = HttpServer.create(new InetSocketAddress(address, 0), 50);
            } else {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(address, 0), 50);
                https.setHttpsConfigurator(recordingSni(tls));
                server = https;
            }
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

    /** {@code http://<address>:<port><path>} ({@code https} for an HTTPS server). */
    public String url(String path) {
        return scheme + "://" + host + ":" + port() + path;
    }

    /** The SNI host names clients sent in TLS handshakes, in order (empty for plain HTTP or no SNI). */
    public List<String> sniNames() {
        return List.copyOf(sniNames);
    }

    /** Accepts any SNI name but records it, so tests can see which name the client asked for. */
    private HttpsConfigurator recordingSni(SSLContext tls) {
        return new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sniNames.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
                        return true;
                    }
                }));
                params.setSSLParameters(ssl);
            }
        };
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
