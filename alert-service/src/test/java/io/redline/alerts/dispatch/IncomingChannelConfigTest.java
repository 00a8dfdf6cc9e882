package io.redline.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.common.kafka.IncomingChannels;
import io.redline.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The service's effective configuration gives no incoming Kafka channel SmallRye's unprocessed-record age limit,
 * past which a stalled broker or a slow downstream would end the channel for good (until a restart).
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class IncomingChannelConfigTest {

    @Inject
    Config config;

    @Test
    void noIncomingChannelHasAnUnprocessedRecordAgeLimit() {
        assertThat(IncomingChannels.of(config))
                .isNotEmpty()
                .allSatisfy(channel -> assertThat(channel.unprocessedRecordMaxAgeMs())
                        .as("%s of channel %s", IncomingChannels.MAX_AGE, channel.name())
                        .isZero());
    }
}
