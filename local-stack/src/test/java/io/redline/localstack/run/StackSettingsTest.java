package io.redline.localstack.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ports and folders of {@code ./redline up}: README's defaults, and each REDLINE_* variable taking over. */
class StackSettingsTest {

    private static final Path ROOT = Path.of("/srv/redline");

    @Test
    void defaultsAreTheReadmePorts() {
        StackSettings settings = StackSettings.fromEnv(ROOT, Map.of());

        assertThat(settings.ports())
                .containsExactly(
                        Map.entry("Kafka", 9092),
                        Map.entry("Kafka controller", 9093),
                        Map.entry("Elasticsearch", 9200),
                        Map.entry("demo feeds", 8090),
                        Map.entry("search-service", 8080),
                        Map.entry("ingest-service", 8081),
                        Map.entry("analysis-service", 8082),
                        Map.entry("alert-service", 8083),
                        Map.entry("console-service", 8084));
        assertThat(settings.dataDir()).isEqualTo(ROOT.resolve(".redline"));
        assertThat(settings.logDir()).isEqualTo(ROOT.resolve(".redline/logs"));
        assertThat(settings.demoInterval()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void everyPortHasItsVariable() {
        StackSettings settings = StackSettings.fromEnv(
                ROOT,
                Map.ofEntries(
                        Map.entry("REDLINE_SEARCH_PORT", "18080"),
                        Map.entry("REDLINE_INGEST_PORT", "18081"),
                        Map.entry("REDLINE_ANALYSIS_PORT", "18082"),
                        Map.entry("REDLINE_ALERT_PORT", " 18083 "),
                        Map.entry("REDLINE_CONSOLE_PORT", "18084"),
                        Map.entry("REDLINE_DEMO_PORT", "18090"),
                        Map.entry("REDLINE_KAFKA_PORT", "19092"),
                        Map.entry("REDLINE_KAFKA_CONTROLLER_PORT", "19093"),
                        Map.entry("REDLINE_ES_PORT", "19200"),
                        Map.entry("REDLINE_DATA_DIR", "/var/tmp/rl"),
                        Map.entry("REDLINE_DEMO_INTERVAL", "500ms")));

        assertThat(settings.alertPort()).isEqualTo(18083);
        assertThat(settings.ports().values())
                .containsExactly(19092, 19093, 19200, 18090, 18080, 18081, 18082, 18083, 18084);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/tmp/rl"));
        assertThat(settings.demoInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesWhatIsNoPort() {
        assertThatThrownBy(() -> StackSettings.fromEnv(ROOT, Map.of("REDLINE_ALERT_PORT", "80830")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REDLINE_ALERT_PORT=80830 is not a port number (1-65535)");
        assertThatThrownBy(() -> StackSettings.fromEnv(ROOT, Map.of("REDLINE_ALERT_PORT", "alerts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("REDLINE_ALERT_PORT=alerts");
    }
}
