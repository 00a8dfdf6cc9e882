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

    private ContainerChecks() {}

    /** The repository (the e2e pom passes it as {@code redline.root}). */
    static Path root() {
        return Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** Skips (or fails, when required) {@code test} unless a Docker engine and docker-compose answer. */
    static void assumeEngine(String test) {
        Optional<String> problem = DockerEngine.unavailableReason();
        if (problem.isEmpty()
                && Compose.execute(root(), Duration.ofSeconds(30), List.of("sh", "-c", "command -v docker-compose"))
                                .exit()
                        != 0) {
            problem = Optional.of("docker-compose is not on the PATH (apt-get install docker-compose)");
        }
        problem.ifPresent(reason -> skip(test, reason));
    }

    /** One printed line and a skip, or a failure when {@value #REQUIRED} is true. */
    private static void skip(String test, String reason) {
        String line = test + " skipped: " + reason + ". To run it: bash deploy/images/prepare-docker-host.sh (as root)"
                + " and ./redline images, then ./mvnw -q install -DskipTests && ./mvnw -pl e2e-tests verify -Dit.test="
                + test + " (README \"With Docker\")";
        if (Boolean.getBoolean(REQUIRED)) {
            throw new AssertionError(line.replace(" skipped: ", " cannot run (" + REQUIRED + "=true): "));
        }
        System.out.println(line);
        Assumptions.abort(line);
    }

    /**
     * The images for a compose test: REDLINE_JRE_IMAGE, REDLINE_KAFKA_IMAGE and REDLINE_ELASTICSEARCH_IMAGE from the
     * environment when all three are set (the official images, where a registry answers), else the local stand-ins
     * of {@code ./redline images}' script, which reuses those already built from the same content. Skips {@code test}
     * (or fails it, when required) when the stand-ins cannot be built here: the first build of their base needs root
     * and debootstrap.
     */
    static Map<String, String> images(String test, Path workDir) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String name : List.of("REDLINE_JRE_IMAGE", "REDLINE_KAFKA_IMAGE", "REDLINE_ELASTICSEARCH_IMAGE")) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                images.put(name, value.strip());
            }
        }
        if (images.size() == 3) {
            System.out.println(test + ": images from the environment " + images.values());
            return images;
        }
        Path out = workDir.resolve("images");
        Compose.Result built = Compose.execute(
                root(),
                Duration.ofMinutes(15),
                List.of(
                        "env",
                        "REDLINE_DATA_DIR=" + out,
                        "bash",
                        root().resolve("deploy/images/build-images.sh").toString()));
        System.out.print(built.output());
        if (built.exit() == BASE_NOT_BUILDABLE) {
            skip(
                    test,
                    "the local images cannot be built here ("
                            + built.output().strip().lines().reduce((a, b) -> b).orElse("")
                            + ") and REDLINE_JRE_IMAGE, REDLINE_KAFKA_IMAGE and "
                            + "REDLINE_ELASTICSEARCH_IMAGE do not all name images");
        }
        if (built.exit() != 0) {
            throw new AssertionError("deploy/images/build-images.sh exited " + built.exit() + ":\n" + built.output());
        }
        try {
            for (String line : Files.readAllLines(out.resolve("images.env"), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    images.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("build-images.sh wrote no " + out.resolve("images.env"), e);
        }
        return images;
    }

    /** build-images.sh's exit status when the base image is missing and cannot be built (not root, no debootstrap). */
    static final int BASE_NOT_BUILDABLE = 3;
}
