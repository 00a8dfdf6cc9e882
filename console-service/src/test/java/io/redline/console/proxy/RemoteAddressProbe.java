package io.redline.console.proxy;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Vert.x filter like api-security's {@code AccessGate} (same registration, same {@code ctx.request().remoteAddress()}
 * read), recording the address it sees for requests carrying {@code X-Probe: <id>}: what a service's failed-
 * authentication limit would count against.
 */
@ApplicationScoped
public class RemoteAddressProbe {

    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

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
