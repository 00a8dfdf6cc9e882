package io.redline.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.redline.common.rest.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
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
    public RateLimitFilter(CurrentIdentityAssociation identities, AuthConfig config) {
        AuthConfig.RateLimit c = config.rateLimit();
        this.identities = identities;
        this.unauthenticated = new RateLimiter.Limit(
                c.unauthenticated().perMinute(), c.unauthenticated().burst());
        this.limits = Map.of(
                Role.READER,
                new RateLimiter.Limit(c.reader().perMinute(), c.reader().burst()),
                Role.EDITOR,
                new RateLimiter.Limit(c.editor().perMinute(), c.editor().burst()),
                Role.ADMIN,
                new RateLimiter.Limit(c.admin().perMinute(), c.admin().burst()));
    }

    @ServerRequestFilter
    public Uni<Response> limit(HttpServerRequest request) {
        return identities
                .getDeferredIdentity()
                .onFailure()
                .recoverWithNull() // a bad credential: the security check answers 401 right after
                .map(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        SocketAddress address = request.remoteAddress();
                        RateLimiter.Decision d = limiter.tryAcquire(
                                "address:" + (address == null ? "unknown" : address.hostAddress()), unauthenticated);
                        return d.allowed()
                                ? null
                                : Problems.builder(
                                                429,
                                                "Too many requests",
                                                "Too many requests without a valid API key from this address; retry after "
                                                        + d.retryAfterSeconds() + " s")
                                        .header("Retry-After", Long.toString(d.retryAfterSeconds()))
                                        .build();
                    }
                    Caller caller = Caller.of(identity);
                    Role role = caller.role() == null ? Role.READER : caller.role();
                    RateLimiter.Decision d = limiter.tryAcquire(caller.rateLimitKey(), limits.get(role));
                    if (d.allowed()) {
                        return null;
                    }
                    return Problems.builder(
                                    429,
                                    "Too many requests",
                                    "This " + (caller.keyId() != null ? "API key" : "user") + " may make "
                                            + (long) limits.get(role).perMinute() + " requests a minute (role "
                                            + role.id()
                                            + "); retry after " + d.retryAfterSeconds() + " s")
                            .header("Retry-After", Long.toString(d.retryAfterSeconds()))
                            .build();
                });
    }
}
