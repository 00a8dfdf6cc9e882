package io.redline.alerts.subscription;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.security.ApiKey;
import io.redline.security.ApiKeyStore;
import io.redline.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes revocation bite in alert-service: a stream's key is re-checked while it streams, and the subscriptions of an
 * owner whose API keys are all revoked (a departed editor) deliver nothing and show as suspended until the owner
 * gets a key again ({@link ApiKeyStore#ownerSuspended}).
 */
@ApplicationScoped
public class OwnerKeys {

    /** What a suspended subscription's view says. */
    public static final String SUSPENDED_REASON = "owner has no active API key";

    private final ApiKeyStore keys;
    private final Counter skipped;

    public OwnerKeys(ApiKeyStore keys, MeterRegistry registry) {
        this.keys = keys;
        this.skipped = Counter.builder("redline.alerts.owner.suspended")
                .description("Alerts not delivered because the subscription's owner has no active API key")
                .register(registry);
    }

    /** Whether {@code owner}'s subscriptions are suspended: they had API keys and have no active one. */
    public boolean suspended(String owner) {
        return keys.ownerSuspended(owner);
    }

    /** True (and counted) when an alert of {@code s} must not be delivered because its owner is suspended. */
    public boolean skips(Subscription s) {
        if (s != null && suspended(s.owner())) {
            skipped.increment();
            return true;
        }
        return false;
    }

    /** The view with its delivery status: suspended while its owner has no active key. */
    public SubscriptionView show(SubscriptionView view) {
        return view != null && suspended(view.owner()) ? view.suspended(SUSPENDED_REASON) : view;
    }

    /**
     * Whether the API key {@code caller} authenticated with is still active (revoked or gone: false). An OIDC
     * caller has no key to re-check here: its token was checked when the stream opened.
     */
    public boolean keyActive(Caller caller) {
        if (caller.keyId() == null) {
            return true;
        }
        return keys.get(caller.keyId()).map(ApiKey::active).orElse(false);
    }
}
