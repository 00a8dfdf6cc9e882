package io.redline.e2e.compose;

import io.redline.localstack.DockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the compose tests need before they start: a Docker engine and docker-compose (else one printed line and a
 * skip, or a failure when {@code redline.containers.required=true}, as in CI), and the local images.
 */
final class ContainerChecks {

    /** CI sets it: a container test that cannot run fails instead of being skipped. */
    static final String REQUIRED = "redline.containers.required";

    private ContainerChecks() {
    }

    /** The repository (the e2e pom passes it as {@code redline.root}). */
    static Path root() {
        return Path.of(System.getProperty("redline.root", "..")).toAbsolutePath().normalize();
    }

    /** Skips (or fails, when required) {@code test} unless a Docker engine and docker-compose answer. */
    static void assumeEngine(String test) {
        Optional<String> problem = DockerEngine.unavailableReason();
        if (problem.isEmpty() && Compose.execute(root(), Duration.ofSeconds(30),
                List.of("sh", "-c", "command -v docker-compose")).exit() != 0) {
            problem = Optional.of("docker-compose is not on the PATH (apt-get install docker-compose)");
        }
        if (problem.isPresent()) {
            String line = test + " skipped: " + problem.get() + ". To run it: bash deploy/images/prepare-docker-host.sh"
                    + " (as root), then ./mvnw -pl e2e-tests verify -Dit.test=" + test + " (README \"With Docker\")";
            if (Boolean.getBoolean(REQUIRED)) {
                throw new AssertionError(line.replace(" skipped: ", " cannot run (" + REQUIRED + "=true): "));
            }
            System.out.println(line);
            Assumptions.abort(line);
        }
    }

    /**
     * Runs {@code ./redline images}' script (it reuses images already built from the same content) and returns the
     * variables it wrote: REDLINE_JRE_IMAGE, REDLINE_KAFKA_IMAGE, REDLINE_ELASTICSEARCH_IMAGE.
     */
    static Map<String, String> localImages(Path workDir) {
        Path out = workDir.resolve("images");
        String log = Compose.exec(root(), Duration.ofMinutes(15), List.of("env", "REDLINE_DATA_DIR=" + out,
                "bash", root().resolve("deploy/images/build-images.sh").toString()));
        System.out.print(log);
        Map<String, String> images = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(out.resolve("images.env"), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    images.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("build-images.sh wrote no " + out.resolve("images.env"), e);
        }
        return images;
    }
}
