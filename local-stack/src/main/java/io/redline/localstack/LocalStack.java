package io.redline.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The Kafka broker and Elasticsearch node shared by every test in one JVM: each is started on free ports in a
 * throw-away directory the first time it is asked for, and stopped (and its directory deleted) when the JVM exits.
 *
 * <p>Fault tests may {@code kill()} or {@code stop()} the servers got from {@link #kafka()} and
 * {@link #elasticsearch()} and {@code start()} them again. Those two methods restart a server that is down, with
 * the same port and data, so that the next test class finds it running: while a test wants a server down, it keeps
 * the object it got rather than asking again.
 */
public final class LocalStack {

    public static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration ELASTICSEARCH_READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * JVM options of the test servers. C1 only: a test run is dominated by start-up, and on two cores the C2
     * compiler threads slow it down by a third, more than its faster code gains back in a short test.
     */
    public static final String KAFKA_JAVA_OPTS = "-Xms256m -Xmx512m -XX:TieredStopAtLevel=1";

    public static final String ELASTICSEARCH_JAVA_OPTS = "-Xms512m -Xmx512m -XX:TieredStopAtLevel=1";

    private static LocalStack shared;

    private final Path runDir;
    private KafkaBroker kafka;
    private ElasticsearchNode elasticsearch;

    private LocalStack(Path runDir) {
        this.runDir = runDir;
    }

    /** The stack of this JVM; starts nothing by itself. */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            LocalStack stack = new LocalStack(StackDirs.newRunDir("test-stack"));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::shutdown, "redline-local-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    /** The broker, started and ready; started (again) if it never ran or was stopped or killed. */
    public KafkaBroker kafka() {
        ensureRunning(true, false);
        return kafka;
    }

    /** The Elasticsearch node, started and ready; started (again) if it never ran or was stopped or killed. */
    public ElasticsearchNode elasticsearch() {
        ensureRunning(false, true);
        return elasticsearch;
    }

    /** Makes sure the requested servers run, starting those that do not at the same time, and waits for them. */
    public synchronized void ensureRunning(boolean withKafka, boolean withElasticsearch) {
        if (withKafka && kafka == null) {
            kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts(KAFKA_JAVA_OPTS);
        }
        if (withElasticsearch && elasticsearch == null) {
            elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                    .javaOpts(ELASTICSEARCH_JAVA_OPTS);
        }
        // Both boot while we wait for the first: on a cold start that saves the broker's whole start-up time.
        boolean startKafka = withKafka && !kafka.isRunning();
        boolean startElasticsearch = withElasticsearch && !elasticsearch.isRunning();
        if (startKafka) {
            kafka.start();
        }
        if (startElasticsearch) {
            elasticsearch.start();
        }
        if (startKafka) {
            kafka.awaitReady(KAFKA_READY_TIMEOUT);
        }
        if (startElasticsearch) {
            elasticsearch.awaitReady(ELASTICSEARCH_READY_TIMEOUT);
        }
    }

    /** Where this JVM's servers keep their data. */
    public Path runDir() {
        return runDir;
    }

    private void shutdown() {
        KafkaBroker broker;
        ElasticsearchNode node;
        synchronized (this) {
            broker = kafka;
            node = elasticsearch;
        }
        // Both at once: each takes a few seconds to shut down cleanly, and the JVM is waiting to exit.
        CompletableFuture<Void> stopKafka = CompletableFuture.runAsync(() -> {
            if (broker != null) {
                broker.stop(Duration.ofSeconds(15));
            }
        });
        CompletableFuture<Void> stopElasticsearch = CompletableFuture.runAsync(() -> {
            if (node != null) {
                node.stop(Duration.ofSeconds(15));
            }
        });
        CompletableFuture.allOf(stopKafka, stopElasticsearch)
                .exceptionally(failure -> null)
                .join();
        StackDirs.deleteRecursively(runDir);
    }
}
