package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Topic;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.LocalStackTestResource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The key table's readiness on the real broker: DOWN while loading, UP once read, DOWN while the broker is gone (the
 * table cannot know of revocations), UP again once it is back and the table caught up.
 */
class ApiKeyTableReadinessTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void downWhileLoadingOrBehindAndUpWhenCaughtUp() throws Exception {
        Assumptions.assumeTrue(LocalStackTestResource.localProcesses(), "stops the broker: local processes only");
        LocalStackTestResource stack = new LocalStackTestResource();
        stack.init(Map.of("elasticsearch", "false"));
        Map<String, Object> kafka = Map.of("bootstrap.servers", stack.start().get("kafka.bootstrap.servers"));
        createKeysTopic(kafka);

        try (ApiKeyStore store =
                new ApiKeyStore(kafka, "readiness-" + UUID.randomUUID(), null, "admin", 10_000, Clock.systemUTC())) {
            ApiKeyTableReadiness readiness = new ApiKeyTableReadiness(store, Duration.ofSeconds(3), Clock.systemUTC());
            assertThat(readiness.call().getStatus()).as("not started").isEqualTo(HealthCheckResponse.Status.DOWN);

            store.start();
            assertThat(store.awaitLoaded(WAIT)).isTrue();
            awaitStatus(readiness, HealthCheckResponse.Status.UP);

            KafkaBroker broker = LocalStackTestResource.kafka();
            broker.stop();
            try {
                HealthCheckResponse down = awaitStatus(readiness, HealthCheckResponse.Status.DOWN);
                assertThat(down.getData().orElseThrow().get("state").toString()).startsWith("behind");
            } finally {
                broker.start();
                broker.awaitReady(WAIT);
            }
            awaitStatus(readiness, HealthCheckResponse.Status.UP);
        }
    }

    /** Polls until the check says {@code status}; fails after a generous deadline (a hang, not a slow machine). */
    private static HealthCheckResponse awaitStatus(ApiKeyTableReadiness readiness, HealthCheckResponse.Status status)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HealthCheckResponse last;
        do {
            last = readiness.call();
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness never became " + status + "; last: " + last.getStatus() + " "
                + last.getData().orElse(Map.of()));
    }

    static void createKeysTopic(Map<String, Object> kafka) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(Set.of(new NewTopic(Topic.API_KEYS.topicName(), 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
