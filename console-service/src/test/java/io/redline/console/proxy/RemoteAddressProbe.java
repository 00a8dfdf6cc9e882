package io.redline.console.proxy;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.redline.console.Browser;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Vert.x filter like api-security's {@code AccessGate} (same registration, same {@code ctx.request().remoteAddress()}
 * read), recording the address it sees for requests carrying {@code X-Probe: <id>}: what a service's failed-
 * authentication limit would count against.
 */
@ApplicationScoped
public class RemoteAddressProbe {

    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    /** What a request to the console on {@code port} with this X-Forwarded-For was seen as, and what it sent on. */
    record Probe(String id, int status, String seenAs) {}

    /** Sends {@code GET /api/articles} (forwarded to search) with {@code forwardedFor} and reports what was seen. */
    static Probe send(int port, String forwardedFor) {
        String id = UUID.randomUUID().toString();
        int status = Browser.send(Browser.request(port, "/api/articles?m=" + id)
                        .header("X-Probe", id)
                        .header("X-Forwarded-For", forwardedFor)
                        .build())
                .statusCode();
        return new Probe(id, status, SEEN.get(id));
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 150);
    }

    void handle(RoutingContext ctx) {
        String id = ctx.request().getHeader("X-Probe");
        if (id != null) {
            SocketAddress remote = ctx.request().remoteAddress();
            SEEN.put(id, remote == null ? "none" : remote.hostAddress());
        }
        ctx.next();
    }
}
