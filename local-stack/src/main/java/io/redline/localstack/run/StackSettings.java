package io.redline.localstack.run;

import io.redline.localstack.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ports, directories and intervals of {@code ./redline up}, from environment variables with defaults.
 *
 * @param root           the project root (where the built jars are)
 * @param dataDir        where Kafka, Elasticsearch, logs, run files and the development admin key live
 *                       ({@code REDLINE_DATA_DIR}, default .redline)
 * @param searchPort     search-service HTTP port ({@code REDLINE_SEARCH_PORT})
 * @param ingestPort     ingest-service HTTP port ({@code REDLINE_INGEST_PORT})
 * @param analysisPort   analysis-service HTTP port ({@code REDLINE_ANALYSIS_PORT})
 * @param alertPort      alert-service HTTP port ({@code REDLINE_ALERT_PORT})
 * @param consolePort    console-service HTTP port, the newsroom console's one URL ({@code REDLINE_CONSOLE_PORT})
 * @param demoPort       demo feed server port ({@code REDLINE_DEMO_PORT})
 * @param kafkaPort      Kafka client port ({@code REDLINE_KAFKA_PORT})
 * @param controllerPort Kafka KRaft controller port ({@code REDLINE_KAFKA_CONTROLLER_PORT})
 * @param esPort         Elasticsearch HTTP port ({@code REDLINE_ES_PORT})
 * @param demoInterval   how often the demo server publishes a new article ({@code REDLINE_DEMO_INTERVAL})
 * @param pollInterval   how often ingest-service polls each demo feed ({@code REDLINE_POLL_INTERVAL})
 */
public record StackSettings(
        Path root,
        Path dataDir,
        int searchPort,
        int ingestPort,
        int analysisPort,
        int alertPort,
        int consolePort,
        int demoPort,
        int kafkaPort,
        int controllerPort,
        int esPort,
        Duration demoInterval,
        Duration pollInterval) {

    /** Reads the settings from {@code env}, resolving relative paths against {@code root}. */
    public static StackSettings fromEnv(Path root, Map<String, String> env) {
        Path data = Path.of(env.getOrDefault("REDLINE_DATA_DIR", ".redline"));
        return new StackSettings(
                root.toAbsolutePath().normalize(),
                (data.isAbsolute() ? data : root.resolve(data)).toAbsolutePath().normalize(),
                port(env, "REDLINE_SEARCH_PORT", 8080),
                port(env, "REDLINE_INGEST_PORT", 8081),
                port(env, "REDLINE_ANALYSIS_PORT", 8082),
                port(env, "REDLINE_ALERT_PORT", 8083),
                port(env, "REDLINE_CONSOLE_PORT", 8084),
                port(env, "REDLINE_DEMO_PORT", 8090),
                port(env, "REDLINE_KAFKA_PORT", 9092),
                port(env, "REDLINE_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "REDLINE_ES_PORT", 9200),
                duration(env, "REDLINE_DEMO_INTERVAL", Duration.ofSeconds(20)),
                duration(env, "REDLINE_POLL_INTERVAL", Duration.ofSeconds(5)));
    }

    /**
     * Settings for a test's own stack: every port a free one and the data in {@code dataDir}, so that a running
     * {@code ./redline up} is left alone.
     */
    public static StackSettings onFreePorts(Path root, Path dataDir, Duration demoInterval, Duration pollInterval) {
        return new StackSettings(
                root,
                dataDir,
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                demoInterval,
                pollInterval);
    }

    /** Every port with the part that needs it, in start order. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", kafkaPort);
        ports.put("Kafka controller", controllerPort);
        ports.put("Elasticsearch", esPort);
        ports.put("demo feeds", demoPort);
        ports.put("search-service", searchPort);
        ports.put("ingest-service", ingestPort);
        ports.put("analysis-service", analysisPort);
        ports.put("alert-service", alertPort);
        ports.put("console-service", consolePort);
        return ports;
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a port number (1-65535)");
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a duration (e.g. 20s, 500ms, 2m)");
        }
    }
}
