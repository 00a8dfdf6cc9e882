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
import java.util.concurrent.Semaphore;

/**
 * Turns a presented API key into an identity with the key owner's name and the key's role (and the roles below it).
 *
 * <p>While the key table is still being read at start-up, an {@code rlk_} key waits for it briefly
 * ({@code redline.auth.key-table.load-wait}), at most {@code max-load-waiters} requests at once; the rest, and those
 * still waiting at the end, fail with {@link KeyTableLoadingException} (503): a flood of guesses cannot hold workers.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyStore store;
    private final Duration loadWait;
    private final Semaphore waiters;

    public ApiKeyIdentityProvider(ApiKeyStore store, AuthConfig config) {
        this.store = store;
        this.loadWait = config.keyTable().loadWait();
        this.waiters = new Semaphore(Math.max(0, config.keyTable().maxLoadWaiters()));
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        if (store.isLoaded() || !store.needsTable(request.key())) {
            return Uni.createFrom().item(() -> identity(request.key()));
        }
        if (!waiters.tryAcquire()) {
            return Uni.createFrom().failure(new KeyTableLoadingException());
        }
        // Just after start-up the key table may still be loading: wait for it briefly, off the event loop, rather
        // than refuse a valid key.
        return context.runBlocking(() -> {
            try {
                if (!store.awaitLoaded(loadWait)) {
                    throw new KeyTableLoadingException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyTableLoadingException();
            } finally {
                waiters.release();
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
