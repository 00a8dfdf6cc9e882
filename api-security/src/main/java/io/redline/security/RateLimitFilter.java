package io.redline.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Holds each authenticated caller to its role's request rate (token bucket, {@link RateLimiter}); beyond it, 429 with
 * {@code Retry-After} and a problem-details body. Requests without a valid credential count against their source
 * address instead, so key guessing and floods of refused requests are slowed down too.
 */
public class RateLimitFilter {

    private final RateLimiter limiter = new RateLimiter(System::nanoTime);
    private final Map<Role, RateLimiter.Limit> limits;
    private final RateLimiter.Limit unauthenticated;
    private final CurrentIdentityAssociation identities;

    @Inject
    public RateLimitFilter(CurrentIdentityAssociation identities,
            @ConfigProperty(name = "redline.auth.rate-limit.reader.per-minute", defaultValue = "600") double readerRate,
            @ConfigProperty(name = "redline.auth.rate-limit.reader.burst", defaultValue = "60") int readerBurst,
            @ConfigProperty(name = "redline.auth.rate-limit.editor.per-minute", defaultValue = "600") double editorRate,
            @ConfigProperty(name = "redline.auth.rate-limit.editor.burst", defaultValue = "60") int editorBurst,
            @ConfigProperty(name = "redline.auth.rate-limit.admin.per-minute", defaultValue = "1200") double adminRate,
            @ConfigProperty(name = "redline.auth.rate-limit.admin.burst", defaultValue = "120") int adminBurst,
            @ConfigProperty(name = "redline.auth.rate-limit.unauthenticated.per-minute", defaultValue = "120") double anonRate,
            @ConfigProperty(name = "redline.auth.rate-limit.unauthenticated.burst", defaultValue = "60") int anonBurst) {
        this.identities = identities;
        this.unauthenticated = new RateLimiter.Limit(anonRate, anonBurst);
        this.limits = Map.of(Role.READER, new RateLimiter.Limit(readerRate, readerBurst),
                Role.EDITOR, new RateLimiter.Limit(editorRate, editorBurst),
                Role.ADMIN, new RateLimiter.Limit(adminRate, adminBurst));
    }

    @ServerRequestFilter
    public Uni<Response> limit(HttpServerRequest request) {
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull() // a bad credential: the security check answers 401 right after
                .map(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        SocketAddress address = request.remoteAddress();
                        RateLimiter.Decision d = limiter.tryAcquire(
                                "address:" + (address == null ? "unknown" : address.hostAddress()), unauthenticated);
                        return d.allowed() ? null : SecurityProblems.problem(429, "Too many requests",
                                "Too many requests without a valid API key from this address; retry after "
                                        + d.retryAfterSeconds() + " s")
                                .header("Retry-After", Long.toString(d.retryAfterSeconds())).build();
                    }
                    Caller caller = Caller.of(identity);
                    Role role = caller.role() == null ? Role.READER : caller.role();
                    RateLimiter.Decision d = limiter.tryAcquire(caller.rateLimitKey(), limits.get(role));
                    if (d.allowed()) {
                        return null;
                    }
                    return SecurityProblems.problem(429, "Too many requests",
                            "This " + (caller.keyId() != null ? "API key" : "user") + " may make "
                                    + (long) limits.get(role).perMinute() + " requests a minute (role " + role.id()
                                    + "); retry after " + d.retryAfterSeconds() + " s")
                            .header("Retry-After", Long.toString(d.retryAfterSeconds())).build();
                });
    }
}
