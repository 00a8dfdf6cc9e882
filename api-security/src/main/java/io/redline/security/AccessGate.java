package io.redline.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.redline.common.rest.Problems;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The first thing every request to a protected path meets (everything but {@code redline.auth.public-paths}): a source
 * address that failed to authenticate too often is refused with 429, then the caller is authenticated (401 without a
 * valid credential), then held to its role's rate (429), all before content negotiation (415), body limits (413),
 * validation or the role check (403) of the REST layer, so an anonymous caller learns nothing about an endpoint.
 *
 * <p>A Vert.x filter between Quarkus's authentication handler (priority 200, which only prepares the deferred identity
 * as authentication is not proactive) and its authorization and body handling.
 */
@ApplicationScoped
public class AccessGate {

    /** Below Quarkus's authentication handler (200), above its HTTP authorization (100). */
    static final int PRIORITY = 150;

    private static final Logger LOG = Logger.getLogger(AccessGate.class);
    private static final String CHALLENGE = "Bearer realm=\"redline\"";

    private final IdentityProviderManager identities;
    private final List<String> publicPaths;
    /** Failed authentications per source address. */
    private final RateLimiter failures;
    /** Requests per key (or OIDC user) by role. */
    private final RateLimiter callers;

    private final RateLimiter.Limit failureLimit;
    private final Map<Role, RateLimiter.Limit> roleLimits;
    private final long loadingRetryAfterSeconds;

    public AccessGate(IdentityProviderManager identities, AuthConfig config) {
        this.identities = identities;
        AuthConfig.RateLimit c = config.rateLimit();
        this.publicPaths = List.copyOf(config.publicPaths());
        this.failures = new RateLimiter(System::nanoTime, c.maxCallers());
        this.callers = new RateLimiter(System::nanoTime, c.maxCallers());
        this.failureLimit = new RateLimiter.Limit(
                c.unauthenticated().perMinute(), c.unauthenticated().burst());
        this.roleLimits = Map.of(
                Role.READER,
                new RateLimiter.Limit(c.reader().perMinute(), c.reader().burst()),
                Role.EDITOR,
                new RateLimiter.Limit(c.editor().perMinute(), c.editor().burst()),
                Role.ADMIN,
                new RateLimiter.Limit(c.admin().perMinute(), c.admin().burst()));
        this.loadingRetryAfterSeconds = Math.max(1, config.keyTable().loadWait().toSeconds());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    /** Whether {@code path} (normalised) is open to anyone: health, metrics and the OpenAPI document by default. */
    boolean isPublic(String path) {
        for (String p : publicPaths) {
            if (p.endsWith("/") ? path.startsWith(p) || path.equals(p.substring(0, p.length() - 1)) : path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    void handle(RoutingContext ctx) {
        if (isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String address = addressKey(ctx.request());
        // A blocked address is refused before its credential is even looked at: otherwise each refused guess would
        // still cost a hash, and a valid key would not make a guessing address welcome again within the window.
        RateLimiter.Decision blocked = failures.peek(address, failureLimit);
        if (!blocked.allowed()) {
            addressBlocked(ctx, blocked);
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .subscribe()
                .with(
                        identity -> {
                            if (identity == null || identity.isAnonymous()) {
                                failed(
                                        ctx,
                                        address,
                                        "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                                        CHALLENGE);
                            } else {
                                authenticated(ctx, identity);
                            }
                        },
                        failure -> {
                            if (loading(failure)) {
                                write(
                                        ctx,
                                        503,
                                        "Service Unavailable",
                                        failure.getMessage(),
                                        Map.of("Retry-After", Long.toString(loadingRetryAfterSeconds)));
                            } else if (failure instanceof AuthenticationFailedException) {
                                failed(
                                        ctx,
                                        address,
                                        "The API key or token is not valid (unknown, revoked or expired)",
                                        CHALLENGE + ", error=\"invalid_token\"");
                            } else {
                                LOG.warnf("Authentication failed unexpectedly: %s", failure.toString());
                                ctx.fail(failure);
                            }
                        });
    }

    /** Whether {@code failure} (or what it wraps) says the key table is still loading. */
    private static boolean loading(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeyTableLoadingException) {
                return true;
            }
        }
        return false;
    }

    private void failed(RoutingContext ctx, String address, String detail, String challenge) {
        RateLimiter.Decision d = failures.tryAcquire(address, failureLimit);
        if (!d.allowed()) {
            addressBlocked(ctx, d);
            return;
        }
        write(ctx, 401, "Unauthorized", detail, Map.of("WWW-Authenticate", challenge));
    }

    private void addressBlocked(RoutingContext ctx, RateLimiter.Decision d) {
        write(
                ctx,
                429,
                "Too many requests",
                "Too many requests without a valid API key from this address; every request from it is refused for "
                        + d.retryAfterSeconds() + " s",
                Map.of("Retry-After", Long.toString(d.retryAfterSeconds())));
    }

    private void authenticated(RoutingContext ctx, SecurityIdentity identity) {
        Caller caller = Caller.of(identity);
        Role role = caller.role() == null ? Role.READER : caller.role();
        RateLimiter.Limit limit = roleLimits.get(role);
        RateLimiter.Decision d = callers.tryAcquire(caller.rateLimitKey(), limit);
        if (d.allowed()) {
            ctx.next();
            return;
        }
        write(
                ctx,
                429,
                "Too many requests",
                "This " + (caller.keyId() != null ? "API key" : "user") + " may make " + (long) limit.perMinute()
                        + " requests a minute (role " + role.id() + "); retry after " + d.retryAfterSeconds() + " s",
                Map.of("Retry-After", Long.toString(d.retryAfterSeconds())));
    }

    private static void write(
            RoutingContext ctx, int status, String title, String detail, Map<String, String> headers) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE);
        headers.forEach(ctx.response()::putHeader);
        ctx.response().end(new JsonObject(Problems.body(status, title, detail, Map.of())).encode());
    }

    /**
     * What failures are counted against: the source address, or its /64 for IPv6, since one host usually holds a whole
     * /64 and could otherwise change address with each guess. Behind a proxy this is the proxy's address unless
     * {@code quarkus.http.proxy.proxy-address-forwarding} is on (and the proxy trusted).
     */
    static String addressKey(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        if (host == null) {
            return "address:unknown";
        }
        if (host.indexOf(':') >= 0) {
            try {
                InetAddress parsed = InetAddress.getByName(host);
                if (parsed instanceof Inet6Address) {
                    byte[] b = parsed.getAddress();
                    StringBuilder prefix = new StringBuilder("address:");
                    for (int i = 0; i < 8; i += 2) {
                        prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)))
                                .append(':');
                    }
                    return prefix.append(":/64").toString();
                }
            } catch (UnknownHostException e) {
                // a literal that does not parse: count it as it is
            }
        }
        return "address:" + host;
    }
}
