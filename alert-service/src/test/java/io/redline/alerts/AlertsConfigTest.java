package io.redline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code redline.alerts} keys deployments, compose files and application.properties set keep their names and
 * documented defaults (README table), now that {@link AlertsConfig} declares them.
 */
class AlertsConfigTest {

    private static AlertsConfig config(Map<String, String> properties) {
        // Quarkus's converter, as in the service: "10s", "30d" rather than ISO-8601 "PT10S".
        return new SmallRyeConfigBuilder()
                .withMapping(AlertsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(AlertsConfig.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AlertsConfig c = config(Map.of());
        assertThat(c.enabled()).isTrue();
        assertThat(c.apiBaseUrl()).isEqualTo("http://localhost:8080");
        assertThat(c.maxSubscriptions()).isEqualTo(100_000);
        assertThat(c.secretOverlap()).isEqualTo(Duration.ofHours(24));
        assertThat(c.allow()).isEmpty();
        assertThat(c.allowHttp()).isFalse();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxAttempts()).isEqualTo(8);
        assertThat(c.backoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofHours(1));
        assertThat(c.maxRetryAfter()).isEqualTo(Duration.ofHours(6));
        assertThat(c.digestDailyAt()).isEqualTo(LocalTime.of(8, 0));
        assertThat(c.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.deliveryThreads()).isEqualTo(8);
        assertThat(c.schedulerInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.log().writeRetry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.stream().maxClients()).isEqualTo(200);
        assertThat(c.stream().pollInterval()).isEqualTo(Duration.ofMillis(400));
        assertThat(c.stream().overlap()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.stream().heartbeat()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyKeyIsReadUnderItsOwnName() {
        AlertsConfig c = config(Map.ofEntries(
                Map.entry("redline.alerts.enabled", "false"),
                Map.entry("redline.alerts.api-base-url", "https://news.example/"),
                Map.entry("redline.alerts.max-subscriptions", "7"),
                Map.entry("redline.alerts.secret-overlap", "1h"),
                Map.entry("redline.alerts.allow", "127.0.0.0/8,::1"),
                Map.entry("redline.alerts.allow-http", "true"),
                Map.entry("redline.alerts.connect-timeout", "1s"),
                Map.entry("redline.alerts.timeout", "2s"),
                Map.entry("redline.alerts.max-attempts", "4"),
                Map.entry("redline.alerts.backoff", "300ms"),
                Map.entry("redline.alerts.max-backoff", "2s"),
                Map.entry("redline.alerts.max-retry-after", "3s"),
                Map.entry("redline.alerts.digest-daily-at", "06:30"),
                Map.entry("redline.alerts.lease", "20s"),
                Map.entry("redline.alerts.delivery-threads", "2"),
                Map.entry("redline.alerts.scheduler-interval", "200ms"),
                Map.entry("redline.alerts.retention", "7d"),
                Map.entry("redline.alerts.log.write-retry", "5s"),
                Map.entry("redline.alerts.stream.max-clients", "3"),
                Map.entry("redline.alerts.stream.poll-interval", "100ms"),
                Map.entry("redline.alerts.stream.overlap", "4s"),
                Map.entry("redline.alerts.stream.heartbeat", "6s")));
        assertThat(c.enabled()).isFalse();
        assertThat(c.apiBaseUrl()).isEqualTo("https://news.example/");
        assertThat(c.maxSubscriptions()).isEqualTo(7);
        assertThat(c.secretOverlap()).isEqualTo(Duration.ofHours(1));
        assertThat(c.allow()).hasValueSatisfying(a -> assertThat(a).containsExactly("127.0.0.0/8", "::1"));
        assertThat(c.allowHttp()).isTrue();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxAttempts()).isEqualTo(4);
        assertThat(c.backoff()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxRetryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.digestDailyAt()).isEqualTo(LocalTime.of(6, 30));
        assertThat(c.lease()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.deliveryThreads()).isEqualTo(2);
        assertThat(c.schedulerInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.log().writeRetry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.stream().maxClients()).isEqualTo(3);
        assertThat(c.stream().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.stream().overlap()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.stream().heartbeat()).isEqualTo(Duration.ofSeconds(6));
    }
}
