package io.redline.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Turns a presented API key into an identity with the key owner's name and the key's role (and the roles below it). */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyStore store;

    public ApiKeyIdentityProvider(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        if (store.isLoaded()) {
            return Uni.createFrom().item(() -> identity(request.key()));
        }
        // Just after start-up the key table may still be loading: wait for it off the event loop rather than
        // refuse a valid key.
        return context.runBlocking(() -> {
            try {
                store.awaitLoaded(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return identity(request.key());
        });
    }

    private SecurityIdentity identity(String presented) {
        Optional<ApiKey> found = store.authenticate(presented);
        if (found.isEmpty()) {
            throw new AuthenticationFailedException("unknown or revoked API key");
        }
        ApiKey key = found.get();
        Role role = Role.parse(key.role());
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(key.owner()))
                .addRoles(role.grantedRoleNames())
                .addAttribute(Caller.KEY_ID, key.id())
                .addAttribute(Caller.AUTH_METHOD, ApiKeyStore.BOOTSTRAP_ID.equals(key.id()) ? "bootstrap" : "api-key")
                .build();
    }
}
