package io.redline.localstack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

/**
 * Kafka and Elasticsearch as Docker containers on a network of their own, started when first asked for and always
 * removed again: the container counterpart of {@link LocalStack}, used when {@link StackBackend#CONTAINERS} is chosen.
 *
 * <p>Why it cleans up itself: Testcontainers' reaper (Ryuk) is off, because its image cannot be pulled where no
 * registry answers. So {@link #close()} removes the containers (with their anonymous volumes) and the network, a JVM
 * shutdown hook does the same for a stack nobody closed, and since a SIGKILLed JVM runs no hook, every stack first
 * removes what stacks of dead JVMs on this machine left behind (found by the labels below).
 */
public final class ContainerStack implements AutoCloseable {

    /** Label on every container and network a stack makes; its value is the owning JVM's host and pid. */
    public static final String OWNER_LABEL = "io.redline.stack.owner";

    private static final System.Logger LOG = System.getLogger(ContainerStack.class.getName());
    private static final String HOST = hostName();

    private static ContainerStack shared;
    private static boolean swept;

    private final ContainerImages images;
    private final Map<String, String> labels;
    private final Thread shutdownHook;
    private Network network;
    private KafkaContainerBroker kafka;
    private ElasticsearchContainerNode elasticsearch;
    private boolean closed;

    private ContainerStack(ContainerImages images) {
        this.images = images;
        this.labels = Map.of(OWNER_LABEL, HOST + "/" + ProcessHandle.current().pid());
        this.shutdownHook = new Thread(this::closeAtExit, "redline-container-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The stack every test of this JVM shares (the Quarkus test resource's); removed when the JVM exits. */
    public static synchronized ContainerStack shared() {
        if (shared == null) {
            shared = new ContainerStack(ContainerImages.resolve());
        }
        return shared;
    }

    /** A stack of the caller's own, on the images this JVM is configured with; the caller closes it. */
    public static ContainerStack create() {
        return create(ContainerImages.resolve());
    }

    /** A stack of the caller's own on {@code images}; starts nothing yet; the caller closes it. */
    public static ContainerStack create(ContainerImages images) {
        return new ContainerStack(images);
    }

    /** The broker, started and ready. */
    public KafkaContainerBroker kafka() {
        ensureRunning(true, false);
        return kafka;
    }

    /** The Elasticsearch node, started and ready. */
    public ElasticsearchContainerNode elasticsearch() {
        ensureRunning(false, true);
        return elasticsearch;
    }

    public ContainerImages images() {
        return images;
    }

    /**
     * Starts the requested containers that are not running yet, side by side, and waits until they are ready.
     *
     * @throws IllegalStateException when no Docker engine answers or an image cannot be had (saying why), or a
     *                               container does not become ready (with the end of its log)
     */
    public synchronized void ensureRunning(boolean withKafka, boolean withElasticsearch) {
        if (closed) {
            throw new IllegalStateException("This container stack is closed");
        }
        boolean startKafka = withKafka && (kafka == null || !kafka.isRunning());
        boolean startElasticsearch = withElasticsearch && (elasticsearch == null || !elasticsearch.isRunning());
        if (!startKafka && !startElasticsearch) {
            return;
        }
        Optional<String> problem = DockerEngine.unavailableReason(images);
        if (problem.isPresent()) {
            throw new IllegalStateException("Cannot run Kafka and Elasticsearch as containers (-D"
                    + StackBackend.PROPERTY + "=" + StackBackend.CONTAINERS.key() + "): " + problem.get()
                    + ". Start a Docker engine and build "
                    + "the local images with ./redline images (README \"With Docker\"), or use the local processes.");
        }
        sweepLeftovers();
        if (network == null) {
            network = Network.builder()
                    .createNetworkCmdModifier(cmd -> cmd.withLabels(labels))
                    .build();
        }
        LOG.log(Level.INFO, "Starting containers: {0}", images);
        if (startKafka) {
            closeQuietly(kafka);
            kafka = new KafkaContainerBroker(images.kafka(), network, labels);
        }
        if (startElasticsearch) {
            closeQuietly(elasticsearch);
            elasticsearch = new ElasticsearchContainerNode(images.elasticsearch(), network, labels);
        }
        // Both boot at once: Elasticsearch's start-up dominates, and the broker's is hidden in it.
        CompletableFuture<Void> k =
                startKafka ? CompletableFuture.runAsync(kafka::start) : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> e = startElasticsearch
                ? CompletableFuture.runAsync(elasticsearch::start)
                : CompletableFuture.completedFuture(null);
        try {
            CompletableFuture.allOf(k, e).join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /** Removes both containers (with their anonymous volumes) and the network; the stack cannot start again. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs or ran, and finds nothing left to do
        }
    }

    private void closeAtExit() {
        stopAll();
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        if (kafka == null && elasticsearch == null && network == null) {
            return;
        }
        long t0 = System.nanoTime();
        // Side by side: each takes a few seconds to stop, and a JVM may be waiting to exit.
        CompletableFuture<Void> k = CompletableFuture.runAsync(() -> closeQuietly(kafka));
        CompletableFuture<Void> e = CompletableFuture.runAsync(() -> closeQuietly(elasticsearch));
        CompletableFuture.allOf(k, e).join();
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException failure) {
                LOG.log(Level.WARNING, "Cannot remove the container network " + network.getId(), failure);
            }
        }
        LOG.log(
                Level.INFO,
                "Removed the Kafka and Elasticsearch containers and their network in {0} ms",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    private static void closeQuietly(AutoCloseable container) {
        if (container == null) {
            return;
        }
        try {
            container.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Cannot remove " + container, e);
        }
    }

    /** Containers and networks this JVM's stacks made that still exist, as "container NAME" / "network NAME". */
    public static List<String> remainingOfThisJvm() {
        DockerClient client = DockerClientFactory.instance().client();
        String owner = OWNER_LABEL + "=" + HOST + "/" + ProcessHandle.current().pid();
        List<String> left = new ArrayList<>();
        client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(owner))
                .exec()
                .forEach(c -> left.add("container " + String.join(",", c.getNames())));
        client.listNetworksCmd()
                .withFilter("label", List.of(owner))
                .exec()
                .forEach(n -> left.add("network " + n.getName()));
        return left;
    }

    /**
     * Removes containers and networks that stacks of JVMs on this machine left when they were killed: labelled with
     * this host, owned by a pid that no longer runs. Once per JVM.
     */
    private static synchronized void sweepLeftovers() {
        if (swept) {
            return;
        }
        swept = true;
        try {
            DockerClient client = DockerClientFactory.instance().client();
            for (Container c : client.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(List.of(OWNER_LABEL))
                    .exec()) {
                if (deadOwner(c.getLabels().get(OWNER_LABEL))) {
                    LOG.log(
                            Level.INFO,
                            "Removing container {0} left by a killed test JVM ({1})",
                            Arrays.toString(c.getNames()),
                            c.getLabels().get(OWNER_LABEL));
                    client.removeContainerCmd(c.getId())
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec();
                }
            }
            client.listNetworksCmd()
                    .withFilter("label", List.of(OWNER_LABEL))
                    .exec()
                    .forEach(n -> {
                        if (deadOwner(n.getLabels().get(OWNER_LABEL))) {
                            LOG.log(Level.INFO, "Removing network {0} left by a killed test JVM", n.getName());
                            client.removeNetworkCmd(n.getId()).exec();
                        }
                    });
        } catch (RuntimeException e) {
            // Only housekeeping: the stack starts without it.
            LOG.log(Level.WARNING, "Cannot remove what killed test JVMs left on the Docker engine", e);
        }
    }

    private static boolean deadOwner(String owner) {
        if (owner == null || !owner.startsWith(HOST + "/")) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(HOST.length() + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of a container's output, or why they cannot be read; for failure messages. */
    static String logTail(ContainerState container, int lines) {
        try {
            List<String> all = container.getLogs().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (RuntimeException e) {
            return "(cannot read the container's log: " + e.getMessage() + ")";
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown-host";
            }
        }
    }

    @Override
    public String toString() {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("kafka", kafka);
        parts.put("elasticsearch", elasticsearch);
        return "ContainerStack" + parts;
    }
}
