package io.redline.console.forward;

import io.netty.channel.ConnectTimeoutException;
import io.redline.console.config.ConsoleConfig;
import io.redline.console.config.UpstreamUrl;
import io.redline.console.web.ProblemResponse;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Forwards every {@code /api/...} request to the service the {@link RouteTable} names, streaming the body both ways
 * as it arrives (the alert stream flows event by event), so the browser talks to one origin and no service opens
 * CORS. The console authenticates nothing: the caller's {@code Authorization} goes through untouched and each service
 * checks it.
 *
 * <p>Never logged: headers (so no credential) and bodies; logs name the method, the path without its query and the
 * service.
 */
@ApplicationScoped
public class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);

    /** The context key Quarkus's HTTP server metrics take the request's URI tag from. */
    static final String METRICS_URI_KEY = "UrlPathTemplate";

    /**
     * Request headers never forwarded: those that describe one connection, not the message (RFC 9110 7.6.1), those the
     * console sets itself, and cookies (the console uses none; what the browser sends are other apps' on the same
     * host, e.g. localhost, none of the services' business). {@code Expect} is answered here (100 Continue once the
     * service is connected).
     */
    static final Set<String> NOT_FORWARDED = Set.of(
            "cookie",
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings",
            "expect",
            "host",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "x-forwarded-port",
            "x-forwarded-prefix",
            "x-forwarded-server",
            "x-forwarded-ssl",
            "x-real-ip");

    /**
     * Response headers the service's own answer may not pass: the console's hop and the browser's, and cookies (the
     * console uses none, and a cookie a service set would be the console's origin's: every app on that host's).
     */
    static final Set<String> NOT_RETURNED = Set.of(
            "set-cookie",
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings");

    private final ConsoleConfig config;
    private final HttpClient client;
    private final long maxBodySize;

    public Forwarder(Vertx vertx, ConsoleConfig config) {
        this.config = config;
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(
                                Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                        .setKeepAlive(true)
                        // Bodies pass through as the service encoded them (the browser asked for the encoding).
                        .setDecompressionSupported(false)
                        .setVerifyHost(true),
                new PoolOptions()
                        .setHttp1MaxSize(config.maxConnectionsPerUpstream())
                        .setMaxWaitQueueSize(-1));
    }

    void routes(@Observes Router router) {
        router.route("/api/*").handler(this::forward);
        router.route("/api").handler(this::forward);
    }

    /** Forwards one request, or answers it with a problem when it cannot be forwarded. */
    void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String path = request.path();
        metricsUri(path);
        if (path == null || !path.startsWith("/api/")) {
            notFound(response);
            return;
        }
        Optional<String> refusal = ApiPath.refusal(path);
        if (refusal.isPresent()) {
            ProblemResponse.send(response, 400, "Bad Request", "The path cannot be forwarded: " + refusal.get() + ".");
            return;
        }
        Optional<Service> routed = RouteTable.route(path);
        if (routed.isEmpty()) {
            notFound(response);
            return;
        }
        Service service = routed.get();
        String declaredLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null) {
            long length;
            try {
                length = Long.parseLong(declaredLength.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                ProblemResponse.send(response, 400, "Bad Request", "The Content-Length header is not a number.", true);
                return;
            }
            if (length > maxBodySize) {
                drain(request);
                tooLarge(response);
                return;
            }
        }
        // Nothing of the body is read until the service is connected; then it flows through as it arrives.
        request.pause();
        new Exchange(request, response, service).start();
    }

    /**
     * Names the request in the HTTP server metrics by its route prefix ({@code /api/articles/*}), not its path: one
     * series per article id or subscription would grow without bound. Quarkus's Micrometer binder reads this context
     * key, which is where REST endpoints put their path template.
     */
    private static void metricsUri(String path) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return;
        }
        String template = "/api/*";
        if (path != null && path.startsWith("/api/") && ApiPath.refusal(path).isEmpty()) {
            for (String prefix : RouteTable.ROUTES.keySet()) {
                if (path.equals(prefix)) {
                    template = prefix;
                    break;
                }
                if (path.startsWith(prefix + "/")) {
                    template = prefix + "/*";
                    break;
                }
            }
        }
        context.putLocal(METRICS_URI_KEY, template);
    }

    private static void notFound(HttpServerResponse response) {
        ProblemResponse.send(
                response,
                404,
                "Not Found",
                "No Redline API answers this path; the console forwards " + String.join(", ", prefixes()) + ".");
    }

    private static Set<String> prefixes() {
        return new TreeSet<>(RouteTable.ROUTES.keySet());
    }

    private void tooLarge(HttpServerResponse response) {
        ProblemResponse.send(
                response,
                413,
                "Content Too Large",
                "The request body is larger than the console passes on (" + maxBodySize + " bytes).");
    }

    /**
     * Reads and drops the rest of a request that was answered early, so the answer reaches the browser (closing a
     * socket with unread data makes the kernel reset it, and the browser sees an error instead of the problem), and
     * the connection can serve the next request; a body that goes on for more than another limit's worth is cut off.
     */
    private void drain(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > maxBodySize) {
                request.handler(null);
                request.connection().close();
            }
        });
        request.endHandler(null);
        request.exceptionHandler(e -> {});
        request.resume();
    }

    /** One forwarded request: the browser's request and response, and the service's. */
    private final class Exchange {

        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final Service service;
        private HttpClientRequest upstream;
        private long received;
        /** Set once the exchange is over for either side's reason, so late events change nothing. */
        private boolean aborted;

        Exchange(HttpServerRequest request, HttpServerResponse response, Service service) {
            this.request = request;
            this.response = response;
            this.service = service;
        }

        void start() {
            UpstreamUrl url = service.url(config);
            String query = request.query();
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method())
                    .setHost(url.host())
                    .setPort(url.port())
                    .setSsl(url.ssl())
                    .setURI(url.basePath() + request.path() + (query == null ? "" : "?" + query))
                    .setConnectTimeout(config.connectTimeout().toMillis())
                    .setIdleTimeout(config.idleTimeout().toMillis());
            response.closeHandler(closed -> browserGone());
            client.request(options).onComplete(connected -> {
                if (connected.failed()) {
                    failed(connected.cause());
                    return;
                }
                if (aborted) {
                    connected.result().reset();
                    return;
                }
                upstream = connected.result();
                // Failures reach the answer's future (below); without a handler Vert.x would log each reset as an
                // error.
                upstream.exceptionHandler(ignored -> {});
                upstream.headers().setAll(requestHeaders());
                upstream.response().onComplete(answer -> {
                    if (answer.failed()) {
                        failed(answer.cause());
                    } else {
                        respond(answer.result());
                    }
                });
                sendBody();
            });
        }

        private MultiMap requestHeaders() {
            MultiMap in = request.headers();
            Set<String> skip = connectionNamed(in);
            MultiMap out = MultiMap.caseInsensitiveMultiMap();
            for (Map.Entry<String, String> h : in) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(name) && !skip.contains(name)) {
                    out.add(h.getKey(), h.getValue());
                }
            }
            // One address, never the browser's own X-Forwarded-For: services take the first entry of the list as the
            // client, so appending to what a browser sent would let any browser choose its address. remoteAddress()
            // is already the real client when the console itself sits behind a proxy it trusts
            // (quarkus.http.proxy.*).
            SocketAddress remote = request.remoteAddress();
            if (remote != null && remote.hostAddress() != null) {
                out.set("X-Forwarded-For", remote.hostAddress());
            }
            out.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
            HostAndPort authority = request.authority();
            if (authority != null) {
                out.set(
                        "X-Forwarded-Host",
                        authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port());
            }
            return out;
        }

        private void sendBody() {
            boolean chunkedIn = request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
            if (chunkedIn
                    || (request.version() == HttpVersion.HTTP_2
                            && !request.headers().contains(HttpHeaders.CONTENT_LENGTH))) {
                upstream.setChunked(true);
            }
            if (request.isEnded()) {
                upstream.end();
                return;
            }
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                response.writeContinue();
            }
            request.handler(this::bodyChunk);
            request.endHandler(end -> {
                if (!aborted) {
                    upstream.end();
                }
            });
            request.exceptionHandler(e -> browserGone());
            request.resume();
        }

        private void bodyChunk(Buffer chunk) {
            if (aborted) {
                return;
            }
            received += chunk.length();
            if (received > maxBodySize) {
                aborted = true;
                upstream.reset();
                drain(request);
                tooLarge(response);
                return;
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                request.pause();
                upstream.drainHandler(drained -> request.resume());
            }
        }

        private void respond(HttpClientResponse answer) {
            if (aborted || response.ended()) {
                return;
            }
            response.setStatusCode(answer.statusCode());
            if (answer.statusMessage() != null) {
                response.setStatusMessage(answer.statusMessage());
            }
            MultiMap headers = answer.headers();
            Set<String> skip = connectionNamed(headers);
            UpstreamUrl url = service.url(config);
            for (Map.Entry<String, String> h : headers) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (NOT_RETURNED.contains(name) || skip.contains(name)) {
                    continue;
                }
                String value = h.getValue();
                if (UpstreamLinks.HEADERS.contains(name)) {
                    // The service's absolute URLs name a host only the console can reach.
                    value = UpstreamLinks.rewrite(url, name, value);
                }
                response.headers().add(h.getKey(), value);
            }
            // API answers are per caller (they depend on the key): no cache keeps them unless the service says so.
            if (!headers.contains(HttpHeaders.CACHE_CONTROL)) {
                response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            int status = answer.statusCode();
            boolean bodyless = request.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
            if (!bodyless
                    && !headers.contains(HttpHeaders.CONTENT_LENGTH)
                    && request.version() != HttpVersion.HTTP_1_0) {
                response.setChunked(true);
            }
            LOG.debugf("%s %s -> %s %d", request.method(), request.path(), service.serviceName(), status);
            answer.handler(chunk -> {
                if (aborted) {
                    return;
                }
                response.write(chunk);
                if (response.writeQueueFull()) {
                    answer.pause();
                    response.drainHandler(drained -> answer.resume());
                }
            });
            answer.exceptionHandler(e -> {
                if (!aborted) {
                    aborted = true;
                    LOG.warnf(
                            "%s broke off its answer to %s %s: %s",
                            service.serviceName(), request.method(), request.path(), describe(e));
                    // The status is out; a cut connection is how the browser learns the body is incomplete.
                    response.reset();
                }
            });
            answer.endHandler(end -> {
                if (!aborted) {
                    response.end();
                }
            });
        }

        /** The browser closed its connection first: stop the service's side too (an alert stream would go on). */
        private void browserGone() {
            if (aborted) {
                return;
            }
            aborted = true;
            if (upstream != null) {
                upstream.reset();
            }
        }

        private void failed(Throwable cause) {
            if (aborted) {
                return;
            }
            aborted = true;
            boolean timeout = isTimeout(cause);
            LOG.warnf(
                    "%s %s for %s %s: %s",
                    service.serviceName(),
                    timeout ? "timed out" : "unreachable",
                    request.method(),
                    request.path(),
                    describe(cause));
            if (upstream != null) {
                upstream.reset();
            }
            drain(request);
            if (timeout) {
                ProblemResponse.send(
                        response,
                        504,
                        "Gateway Timeout",
                        service.serviceName() + " did not answer in time; try again shortly.");
            } else {
                ProblemResponse.send(
                        response, 502, "Bad Gateway", service.serviceName() + " is unreachable; try again shortly.");
            }
        }
    }

    /** Header names listed in a {@code Connection} header: hop-by-hop for that message (RFC 9110 7.6.1). */
    private static Set<String> connectionNamed(MultiMap headers) {
        Set<String> names = new HashSet<>();
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return names;
    }

    /** Whether {@code cause} (or what it wraps) is a connect or idle timeout rather than a refused connection. */
    public static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The failure's kind and message, for the log only (it may name hosts, which callers never see). */
    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
