package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redline.localstack.ManagedProcess;
import io.redline.localstack.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/** Runs the built service jars as processes of their own against one broker, and awaits them with their logs at hand. */
final class ServiceLauncher {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final Path runDir;
    private final Supplier<String> bootstrapServers;
    private final List<ManagedProcess> started = new ArrayList<>();

    /**
     * Services of the checkout at {@code root}, logging under {@code runDir/logs}; the broker address is asked for
     * at each start.
     */
    ServiceLauncher(Path root, Path runDir, Supplier<String> bootstrapServers) {
        this.root = root;
        this.runDir = runDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Runs {@code <module>/target/quarkus-app/quarkus-run.jar} as {@code instance} (also its log file's name) on
     * {@code port}, talking to our broker, accepting {@link TestKeys#ADMIN} as the admin's key, plus {@code env}.
     */
    ManagedProcess start(String module, String instance, int port, Map<String, String> env) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("build it with ./mvnw install -DskipTests").isRegularFile();
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers.get());
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // The API needs a key; every service (and every generation of it) accepts this one as the admin's.
        all.put("REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY", TestKeys.ADMIN);
        // The same pepper everywhere, or a key made on one service would not be accepted by the others.
        all.put("REDLINE_AUTH_KEY_PEPPER", TestKeys.KEY_PEPPER);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Small serial-GC heaps and C1 only: several JVMs share a busy two-core machine.
        ManagedProcess process = ManagedProcess.start(
                instance,
                List.of(
                        java,
                        "-Xms64m",
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString()),
                all,
                root,
                runDir.resolve("logs/" + instance + ".log"));
        started.add(process);
        return process;
    }

    /**
     * What every alert-service of these tests is given: Elasticsearch at {@code esHosts}, article links pointing at
     * search-service on {@code searchPort}, and plain-http receivers on loopback allowed (the tests' own webhook
     * receivers), the test secrets key; each test adds its retry and lease settings.
     */
    static Map<String, String> alertServiceEnv(String esHosts, int searchPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_ELASTICSEARCH_HOSTS", esHosts);
        env.put("REDLINE_ALERTS_API_BASE_URL", "http://127.0.0.1:" + searchPort);
        env.put("REDLINE_ALERTS_ALLOW_HTTP", "true");
        env.put("REDLINE_ALERTS_ALLOW", "127.0.0.0/8,::1");
        // The same key for every alert-service of a test (restarts included): the stored subscriptions are sealed with
        // it.
        env.put("REDLINE_SECRETS_KEY", TestKeys.SECRETS_KEY);
        return env;
    }

    /** Every process started so far, killed or not, in start order. */
    List<ManagedProcess> started() {
        return List.copyOf(started);
    }

    /** Stops every process started, each on its own so that one failure does not keep the others running. */
    void stopAll(Duration timeout) {
        for (ManagedProcess service : started) {
            quietly(() -> service.stop(timeout));
        }
    }

    /** Waits up to 3 min for {@code /q/health/ready} on {@code port} to say 200, failing early if the process dies. */
    static void awaitHealthy(ManagedProcess service, int port) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(service.isAlive())
                            .as("%s exited:%n%s", service.name(), service.logTail(30))
                            .isTrue();
                    assertThat(status(port, "/q/health/ready")).isEqualTo(200);
                });
    }

    /**
     * Awaits the assertion; on time-out the failure also shows the end of each started service's log and whatever
     * {@code more} adds (the broker's log, say).
     */
    void awaitWithLogs(Duration patience, ThrowingRunnable assertion, Supplier<String> more) {
        try {
            await().atMost(patience).pollInterval(Duration.ofSeconds(1)).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            String logs = started.stream()
                    .map(s -> "--- " + s.name() + " ---\n" + s.logTail(30))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(e.getMessage() + "\n" + logs + more.get(), e);
        }
    }

    /** The last {@code lines} lines of a file, or why it cannot be read; for failure messages. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** GET on a local service with the admin's key. */
    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST of a JSON body to a local service with the admin's key. */
    static HttpResponse<String> post(int port, String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Status of a GET, or -1 when the service does not answer (not up yet, or gone). */
    static int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Runs a clean-up step, reporting rather than throwing its failure so the steps after it still run. */
    static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("e2e clean-up: " + e);
        }
    }
}
