package io.redline.alerts.subscription;

import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.common.secrets.KeyRing;
import io.redline.common.secrets.SecretSealer;
import io.redline.localstack.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Second store instances on the test broker, as another (or a restarted) alert-service would run them. */
final class SecretsFixtures {

    private SecretsFixtures() {}

    /** The sealer of the test profile ({@code %test.redline.secrets.key}). */
    static SecretSealer testSealer() {
        return new SecretSealer(KeyRing.of(TestKeys.SECRETS_KEY, List.of()));
    }

    /** A store with its own clients and matcher, configured as the test profile is; call start(). */
    static SubscriptionStore store(String bootstrap) {
        return store(bootstrap, testSealer());
    }

    /** A store sealing with {@code sealer}; call start(). */
    static SubscriptionStore store(String bootstrap, SecretSealer sealer) {
        return new SubscriptionStore(
                Map.of("bootstrap.servers", bootstrap),
                "test-secrets-" + UUID.randomUUID(),
                new SubscriptionMatcher(),
                new SubscriptionValidator(false),
                Duration.ofHours(24),
                1000,
                Clock.systemUTC(),
                sealer);
    }
}
