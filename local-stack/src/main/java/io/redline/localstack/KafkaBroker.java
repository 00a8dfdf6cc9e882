package io.redline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one JVM) on 127.0.0.1, run from the broker's jars in
 * a JVM of its own, keeping its data in a directory of ours across restarts.
 *
 * <p>Layout of the data directory: {@code server.properties} and {@code log4j2.properties} (rewritten at each
 * start), {@code cluster-id}, {@code kraft/} (the partition and metadata logs) and {@code broker.log} (the JVM's
 * output).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private String javaOpts = "-Xms256m -Xmx512m";
    private ManagedProcess process;

    /** A broker listening on {@code port} for clients and on {@code controllerPort} for its KRaft controller. */
    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on two free ports. */
    public static KafkaBroker onFreePorts(Path dataDir) {
        return new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next());
    }

    /** JVM options of the broker, space-separated; default {@code -Xms256m -Xmx512m}. Applies from the next start. */
    public synchronized KafkaBroker javaOpts(String javaOpts) {
        this.javaOpts = javaOpts;
        return this;
    }

    /**
     * Formats the storage if this data directory has never been formatted, then starts the broker; returns without
     * waiting for it to be ready (see {@link #awaitReady}).
     */
    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Kafka broker already running: " + process);
        }
        try {
            Files.createDirectories(logDir());
            Files.writeString(dataDir.resolve("server.properties"), serverProperties(), StandardCharsets.UTF_8);
            Files.writeString(dataDir.resolve("log4j2.properties"), LOG4J2_PROPERTIES, StandardCharsets.UTF_8);
            if (!Files.exists(logDir().resolve("meta.properties"))) {
                format();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka data directory " + dataDir, e);
        }
        process = ManagedProcess.start(
                "kafka",
                java(
                        List.of(javaOpts.trim().split("\\s+")),
                        "kafka.Kafka",
                        dataDir.resolve("server.properties").toString()),
                Map.of(),
                dataDir,
                logFile());
        return this;
    }

    /**
     * Waits until the broker answers a describeCluster request, failing early (with the end of its log) if it
     * exits, and logs one line saying where it runs.
     */
    public void awaitReady(Duration timeout) {
        ManagedProcess current = requireStarted();
        long deadline = System.nanoTime() + timeout.toNanos();
        // Probing the port first keeps the admin client from logging a connection warning per attempt.
        while (!portOpen()) {
            failIfExited(current);
            checkDeadline(deadline, timeout, current);
            pause();
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "redline-local-stack-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(config)) {
            while (true) {
                failIfExited(current);
                checkDeadline(deadline, timeout, current);
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        break;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
                pause();
            }
        }
        LOG.log(
                Level.INFO,
                "Kafka {0} broker ready on {1} (pid {2,number,#}, data {3})",
                StackArtifacts.load().kafkaVersion(),
                bootstrapServers(),
                current.pid(),
                dataDir);
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker JVM's output. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Pid of the broker JVM. */
    public synchronized long pid() {
        return requireStarted().pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully (controlled shutdown), waiting up to 30 s before killing it. */
    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    public synchronized void stop(Duration timeout) {
        if (process != null) {
            process.stop(timeout);
        }
    }

    /** SIGKILLs the broker, as a crash would; {@link #start()} brings it back with the same data and port. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Kafka broker on " + bootstrapServers() + " (data " + dataDir + ")";
    }

    private Path logDir() {
        return dataDir.resolve("kraft");
    }

    private void format() throws IOException {
        // The cluster id is kept so that a reformat (after someone deleted kraft/) does not change it needlessly.
        Path idFile = dataDir.resolve("cluster-id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString(), StandardCharsets.UTF_8);
        }
        String clusterId = Files.readString(idFile, StandardCharsets.UTF_8).trim();
        List<String> format = java(
                List.of("-Xmx256m"),
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "--ignore-formatted",
                "-t",
                clusterId,
                "-c",
                dataDir.resolve("server.properties").toString());
        ManagedProcess tool = ManagedProcess.start("kafka-storage-format", format, Map.of(), dataDir, logFile());
        Integer exit = tool.waitFor(Duration.ofSeconds(60));
        tool.kill(); // no-op when it exited; ends it if it hung
        if (exit == null || exit != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir() + " failed (exit code " + exit
                    + "); end of " + logFile() + ":\n" + tool.logTail(30));
        }
    }

    /** A command running {@code mainClass} from the broker's jars on the JVM we run on. */
    private List<String> java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
        command.add("-cp");
        command.add(StackArtifacts.load().kafkaClasspath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private String serverProperties() {
        String controller = "127.0.0.1:" + controllerPort;
        return String.join(
                "\n",
                "# Written by io.redline.localstack.KafkaBroker at each start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://" + controller,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir(),
                "num.partitions=1",
                // Topics are created explicitly by the services; a typo must not silently create a topic.
                "auto.create.topics.enable=false",
                // One node: every internal topic can only have one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers join without the default 3 s wait for more members, which only slows tests down.
                "group.initial.rebalance.delay.ms=0",
                // After a kill, the restarted broker cannot register until the dead one's session expires (default
                // 9 s); heartbeats on loopback are cheap, so a shorter session makes crash-and-restart tests faster.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=3000",
                "");
    }

    private static final String LOG4J2_PROPERTIES = String.join(
            "\n",
            "# Written by io.redline.localstack.KafkaBroker: INFO to the console, which goes to broker.log.",
            "appender.out.type = Console",
            "appender.out.name = STDOUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = STDOUT",
            "logger.statechange.name = state.change.logger",
            "logger.statechange.level = WARN",
            "");

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized ManagedProcess requireStarted() {
        if (process == null) {
            throw new IllegalStateException("Kafka broker not started: " + this);
        }
        return process;
    }

    private void failIfExited(ManagedProcess current) {
        Integer exit = current.exitCode();
        if (exit != null) {
            throw new IllegalStateException("Kafka broker exited with code " + exit + " while starting; end of "
                    + logFile() + ":\n" + current.logTail(40));
        }
    }

    private void checkDeadline(long deadline, Duration timeout, ManagedProcess current) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready within "
                    + timeout.toSeconds() + " s; end of " + logFile() + ":\n" + current.logTail(40));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }
}
