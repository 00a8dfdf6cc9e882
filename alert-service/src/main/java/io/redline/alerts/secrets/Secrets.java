package io.redline.alerts.secrets;

import io.redline.common.secrets.KeyRing;
import io.redline.common.secrets.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes the {@link SecretSealer} of this service from {@link SecretsConfig}; without a usable key the service does not
 * start (the subscription store needs it at start-up), rather than write credentials to Kafka in clear.
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class);

    @Produces
    @Singleton
    SecretSealer sealer(SecretsConfig config) {
        KeyRing keys = KeyRing.load(
                config.key(), config.keyFile(), config.previousKeys().orElse(List.of()));
        LOG.infof(
                "Secrets at rest are sealed with the key '%s'%s",
                keys.current().id(),
                keys.ids().size() > 1
                        ? "; older keys for opening only: "
                                + keys.ids().subList(1, keys.ids().size())
                        : "");
        return new SecretSealer(keys);
    }
}
