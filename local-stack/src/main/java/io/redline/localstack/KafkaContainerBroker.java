package io.redline.localstack;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node Kafka broker (KRaft) in a Docker container, through Testcontainers' {@link KafkaContainer}, reached
 * from this machine on a published port: the container counterpart of {@link KafkaBroker}.
 *
 * <p>The image is {@code apache/kafka} or a stand-in honouring its contract ({@code /etc/kafka/docker/run}, every
 * {@code KAFKA_*} variable a server property), which is what {@link KafkaContainer} drives.
 */
public final class KafkaContainerBroker implements AutoCloseable {

    /** Heap of the broker JVM: a test broker holds little, and the machine is shared with the services. */
    public static final String HEAP_OPTS = "-Xms384m -Xmx384m";

    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private static final System.Logger LOG = System.getLogger(KafkaContainerBroker.class.getName());

    private final String image;
    private final KafkaContainer container;

    /** A broker from {@code image} on {@code network}, its container carrying {@code labels}; not started yet. */
    @SuppressWarnings("resource") // closed by close()
    KafkaContainerBroker(String image, Network network, Map<String, String> labels) {
        this.image = image;
        this.container = new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withLabels(labels)
                .withEnv("KAFKA_HEAP_OPTS", HEAP_OPTS)
                // As the local broker (KafkaBroker): the services create their topics, so a typo must not create one.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                // One node: the share-group state topic can only have one replica (KafkaContainer sets the others).
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withStartupTimeout(STARTUP_TIMEOUT);
    }

    /** Starts the container and returns once the broker logs that it runs; fails with the end of its log if not. */
    void start() {
        long t0 = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "The Kafka container (" + image + ") did not start: " + e.getMessage() + "; end of its log:\n"
                            + logTail(40),
                    e);
        }
        LOG.log(
                Level.INFO,
                "Kafka container {0} ({1}) ready on {2} in {3} s",
                container.getContainerId().substring(0, 12),
                image,
                bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    /** {@code HOST:PORT} of the published client port, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    public String image() {
        return image;
    }

    public boolean isRunning() {
        return container.isRunning();
    }

    /** The last {@code lines} lines of the container's output, for failure messages. */
    public String logTail(int lines) {
        return ContainerStack.logTail(container, lines);
    }

    /** Stops and removes the container (and its anonymous volumes). */
    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + image + (container.isRunning() ? " on " + bootstrapServers() : "");
    }
}
