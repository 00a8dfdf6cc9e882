package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.localstack.ContainerImages;
import io.redline.localstack.ContainerStack;
import io.redline.localstack.DockerEngine;
import io.redline.localstack.StackBackend;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/**
 * The walking skeleton (a demo article fetched, analysed and searchable, and one alert round trip), with Kafka and
 * Elasticsearch as Docker containers: run inside {@code ./mvnw verify} whenever a Docker engine answers and has the
 * images, skipped with one printed line otherwise.
 *
 * <p>The images are those {@link ContainerImages} names: {@code -Dredline.containers.kafka-image} and
 * {@code -Dredline.containers.elasticsearch-image} (or {@code REDLINE_KAFKA_IMAGE} and
 * {@code REDLINE_ELASTICSEARCH_IMAGE}), else the ones {@code ./redline images} recorded in {@code .redline/images.env}, else the official images.
 */
class ContainerStackIT extends WalkingSkeletonIT {

    /** Set (as in CI) to make these tests fail rather than skip when they cannot run. */
    static final String REQUIRED = "redline.containers.required";

    @Override
    protected StackBackend backend() {
        return StackBackend.CONTAINERS;
    }

    /**
     * Skipped, with one printed line saying why and how to run it, when no engine answers or an image is missing;
     * failed instead when {@code -Dredline.containers.required=true} (CI, where they must run).
     */
    @Override
    protected Optional<String> skipReason() {
        ContainerImages images = ContainerImages.resolve();
        Optional<String> problem = DockerEngine.unavailableReason(images);
        if (problem.isPresent()) {
            String how = "To run it: start a Docker engine, build the images with ./redline images (README \"With "
                    + "Docker\"), then ./mvnw -q install -DskipTests && "
                    + "./mvnw -pl e2e-tests verify -Dit.test=ContainerStackIT";
            if (Boolean.getBoolean(REQUIRED)) {
                throw new AssertionError(
                        "ContainerStackIT cannot run (" + REQUIRED + "=true): " + problem.get() + ". " + how);
            }
            // The one line a build without Docker prints about these tests; the report counts them as skipped.
            System.out.println("ContainerStackIT skipped: " + problem.get() + ". " + how);
        } else {
            System.out.println("ContainerStackIT runs on containers: " + images);
        }
        return problem;
    }

    /** Closes the stack, then checks that no container or network of this JVM is left on the engine. */
    @Override
    @AfterAll
    void stopStack() {
        boolean started = stack != null;
        super.stopStack();
        if (started) {
            assertThat(ContainerStack.remainingOfThisJvm())
                    .as("containers and networks left behind")
                    .isEmpty();
        }
    }
}
