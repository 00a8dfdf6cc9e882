package io.redline.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.redline.common.rest.Problems;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers refused requests with RFC 9457 problem details: 401 (no or bad credential) and 403 (role too low). */
public class SecurityProblems {

    private static final String CHALLENGE = "Bearer realm=\"redline\"";

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Problems.builder(
                        401, "Unauthorized", "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
                .header("WWW-Authenticate", CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return Problems.builder(401, "Unauthorized", "The API key or token is not valid (unknown, revoked or expired)")
                .header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        Role role = null;
        try {
            role = Role.highest(identity.getRoles());
        } catch (RuntimeException ignored) {
            // no identity to name
        }
        return Problems.response(
                403,
                "Forbidden",
                "Your role (" + (role == null ? "none" : role.id()) + ") does not allow this; reader < editor < admin");
    }
}
