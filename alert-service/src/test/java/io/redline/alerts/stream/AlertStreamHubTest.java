package io.redline.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stream cap: slots are reserved up to redline.alerts.stream.max-clients and given back. */
class AlertStreamHubTest {

    @Test
    void capsConcurrentStreams() {
        AlertStreamHub hub = new AlertStreamHub(
                null, new ObjectMapper(), 2, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(15));
        try {
            assertThat(hub.tryReserve()).isTrue();
            assertThat(hub.tryReserve()).isTrue();
            assertThat(hub.tryReserve()).isFalse();
            assertThat(hub.openStreams()).isEqualTo(2);
            hub.release();
            assertThat(hub.tryReserve()).isTrue();
        } finally {
            hub.shutdown();
        }
    }
}
