package io.redline.alerts.subscription;

import io.redline.alerts.AlertsConfig;
import io.redline.alerts.match.SubscriptionMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** Makes the application's one {@link SubscriptionMatcher}, which {@link SubscriptionStore} keeps current. */
@ApplicationScoped
public class MatcherProducer {

    /** Singleton, not application-scoped: the matcher is a final class and needs no client proxy. */
    @Produces
    @Singleton
    SubscriptionMatcher matcher(AlertsConfig config) {
        return new SubscriptionMatcher(config.maxSubscriptions());
    }

    void close(@Disposes SubscriptionMatcher matcher) throws IOException {
        matcher.close(); // stops the Monitor's background cache purge
    }
}
