package io.redline.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads an API key from {@code X-API-Key} or {@code Authorization: Bearer}.
 *
 * <p>When OIDC is on, a bearer token that is not shaped like a Redline key ({@code rlk_...}) is left to the OIDC
 * mechanism (this one returns no identity and the next is tried) unless it is the configured bootstrap key; with OIDC off every bearer token is taken as a key,
 * so a wrong one is refused as such. Runs before the OIDC mechanism (higher priority).
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The header that carries a key on its own. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final String BEARER = "bearer ";

    private final boolean oidcEnabled;
    private final ApiKeyStore store;

    public ApiKeyAuthenticationMechanism(
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidcEnabled,
            ApiKeyStore store) {
        this.oidcEnabled = oidcEnabled;
        this.store = store;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = context.request().getHeader(API_KEY_HEADER);
        if (key == null) {
            String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization == null
                    || authorization.length() <= BEARER.length()
                    || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().nullItem(); // no credentials: anonymous, refused by @RolesAllowed with 401
            }
            key = authorization.substring(BEARER.length()).trim();
            if (oidcEnabled && !key.startsWith(ApiKeyFormat.PREFIX) && !store.isBootstrapKey(key)) {
                return Uni.createFrom().nullItem(); // an identity provider's token: the OIDC mechanism's turn
            }
        }
        return identityProviderManager.authenticate(new ApiKeyAuthenticationRequest(key.trim()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"redline\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, API_KEY_HEADER));
    }

    @Override
    public int getPriority() {
        // Above the default (and OIDC's), so Redline keys are recognised before a JWT parser sees them.
        return DEFAULT_PRIORITY + 500;
    }
}
