package io.redline.localstack;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node Elasticsearch in a Docker container, with security off, reached from this machine on a published
 * port: the container counterpart of {@link ElasticsearchNode}.
 *
 * <p>A plain {@link GenericContainer}: all it needs is a handful of settings, given as dotted environment variables
 * (which the official image, and the local stand-in, turn into settings), and the cluster-health wait the local node
 * uses too.
 */
public final class ElasticsearchContainerNode implements AutoCloseable {

    public static final int HTTP_PORT = 9200;
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private static final System.Logger LOG = System.getLogger(ElasticsearchContainerNode.class.getName());

    private final String image;
    private final GenericContainer<?> container;

    /** A node from {@code image} on {@code network}, its container carrying {@code labels}; not started yet. */
    @SuppressWarnings("resource") // closed by close()
    ElasticsearchContainerNode(String image, Network network, Map<String, String> labels) {
        this.image = image;
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases("elasticsearch")
                .withLabels(labels)
                .withExposedPorts(HTTP_PORT)
                .withEnv("discovery.type", "single-node")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("cluster.name", "redline-containers")
                // As the local node: a nearly full disk would otherwise make every index read-only mid-test.
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("ES_JAVA_OPTS", LocalStack.ELASTICSEARCH_JAVA_OPTS)
                .waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=5s")
                        .forPort(HTTP_PORT)
                        .forStatusCode(200))
                .withStartupTimeout(STARTUP_TIMEOUT);
    }

    /** Starts the container and returns once the cluster is at least yellow; fails with the end of its log if not. */
    void start() {
        long t0 = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "The Elasticsearch container (" + image + ") did not start: " + e.getMessage()
                            + "; end of its log:\n" + logTail(40),
                    e);
        }
        LOG.log(
                Level.INFO,
                "Elasticsearch container {0} ({1}) ready on {2} in {3} s",
                container.getContainerId().substring(0, 12),
                image,
                httpUrl(),
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    /** {@code http://HOST:PORT} */
    public String httpUrl() {
        return "http://" + hostAndPort();
    }

    /** {@code HOST:PORT} of the published HTTP port, for {@code quarkus.elasticsearch.hosts}. */
    public String hostAndPort() {
        return container.getHost() + ":" + container.getMappedPort(HTTP_PORT);
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
        return "Elasticsearch container " + image + (container.isRunning() ? " on " + httpUrl() : "");
    }
}
