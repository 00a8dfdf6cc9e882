package io.redline.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The Kafka broker and Elasticsearch node shared by every test in one JVM: each is started on free ports in a
 * throw-away directory the first time it is asked for, and stopped (and its directory deleted) when the JVM exits.
 *
 * <p>Fault tests may {@code kill()} or {@code stop()} the servers through {@link #kafka()} and
 * {@link #elasticsearch()} and {@code start()} them again; whoever asks for a server next gets it running again,
 * with the same port and data.
 */
public final class LocalStack {

    public static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration ELASTICSEARCH_READY_TIMEOUT = Duration.ofSeconds(120);

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
    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka"));
        }
        if (!kafka.isRunning()) {
            kafka.start().awaitReady(KAFKA_READY_TIMEOUT);
        }
        return kafka;
    }

    /** The Elasticsearch node, started and ready; started (again) if it never ran or was stopped or killed. */
    public synchronized ElasticsearchNode elasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"));
        }
        if (!elasticsearch.isRunning()) {
            elasticsearch.start().awaitReady(ELASTICSEARCH_READY_TIMEOUT);
        }
        return elasticsearch;
    }

    /** True once the broker has been asked for (it may have been killed since). */
    public synchronized boolean hasKafka() {
        return kafka != null;
    }

    /** True once Elasticsearch has been asked for (it may have been killed since). */
    public synchronized boolean hasElasticsearch() {
        return elasticsearch != null;
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
        CompletableFuture.allOf(stopKafka, stopElasticsearch).exceptionally(failure -> null).join();
        StackDirs.deleteRecursively(runDir);
    }
}
