package io.redline.security;

import io.redline.common.kafka.CompactedTopicTail;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the API key table on every service: DOWN until {@code redline.api-keys} has been read once, and DOWN
 * again while the table has not stood at the topic's end for {@code redline.auth.key-table.max-staleness} (broker
 * unreachable, reader behind), since a revocation may then not be in force here; UP once caught up.
 */
@Readiness
@ApplicationScoped
public class ApiKeyTableReadiness implements HealthCheck {

    static final String NAME = "api-keys";

    private final ApiKeyStore store;
    private final Duration maxStaleness;
    private final Clock clock;

    public ApiKeyTableReadiness(ApiKeyStore store, AuthConfig config) {
        this(store, config.keyTable().maxStaleness(), Clock.systemUTC());
    }

    ApiKeyTableReadiness(ApiKeyStore store, Duration maxStaleness, Clock clock) {
        this.store = store;
        this.maxStaleness = maxStaleness;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME);
        if (!store.isLoaded()) {
            return r.down().withData("state", "loading").build();
        }
        CompactedTopicTail.Freshness f = store.freshness();
        Instant at = f.lastCaughtUp();
        r.withData("lag", f.lag());
        if (at != null) {
            r.withData("lastCaughtUp", at.toString());
        }
        Instant now = clock.instant();
        if (at == null || Duration.between(at, now).compareTo(maxStaleness) > 0) {
            return r.down()
                    .withData(
                            "state",
                            "behind: not at the end of redline.api-keys for more than " + maxStaleness.toSeconds()
                                    + " s (revocations may not be in force)")
                    .build();
        }
        return r.up().withData("state", "caught up").build();
    }
}
