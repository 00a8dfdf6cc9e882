package io.redline.analysis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.common.kafka.IncomingChannels;
import io.redline.common.kafka.lag.ConsumerLagHealthCheck;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The service's effective configuration gives no incoming Kafka channel SmallRye's unprocessed-record age limit,
 * past which a stalled broker or a slow downstream would end the channel for good (until a restart); a stuck
 * consumer shows instead as consumer lag, in the metrics and in readiness.
 */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
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

    @Test
    void consumerLagIsAMetricAndAReadinessCheck() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(RestAssured.get("/q/metrics").asString())
                        .contains("redline_kafka_consumer_lag{")
                        .contains("channel=\"articles-raw\""));
        RestAssured.get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem(ConsumerLagHealthCheck.NAME));
    }
}
