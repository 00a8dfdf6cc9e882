package io.redline.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives Quarkus tests a real Kafka broker and/or Elasticsearch node, started once per JVM on free ports (so it
 * never clashes with a running {@code ./redline up}) and stopped when the JVM exits.
 *
 * <p>Usage: {@code @QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name =
 * "elasticsearch", value = "false"))}. Init args {@code kafka} and {@code elasticsearch} are "true" or "false"
 * and both default to true. A later test class asking for a server not started yet gets it started then. Fault
 * tests reach the servers through {@link #kafka()} and {@link #elasticsearch()}.
 *
 * <p>With {@code -Dredline.stack=containers} (or {@code REDLINE_STACK=containers}, see {@link StackBackend}) the
 * servers are Docker containers of the JVM's shared {@link ContainerStack} instead, and the tests get the same two
 * settings pointing at them. {@link #kafka()} and {@link #elasticsearch()} then refuse: stopping and killing the
 * servers is what the local processes are for, so fault tests skip themselves under containers.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean kafka = true;
    private boolean elasticsearch = true;

    @Override
    public void init(Map<String, String> initArgs) {
        kafka = flag(initArgs, "kafka");
        elasticsearch = flag(initArgs, "elasticsearch");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (StackBackend.selected() == StackBackend.CONTAINERS) {
            ContainerStack containers = ContainerStack.shared();
            containers.ensureRunning(kafka, elasticsearch);
            if (kafka) {
                config.put("kafka.bootstrap.servers", containers.kafka().bootstrapServers());
            }
            if (elasticsearch) {
                config.put(
                        "quarkus.elasticsearch.hosts",
                        containers.elasticsearch().hostAndPort());
            }
            return config;
        }
        LocalStack.shared().ensureRunning(kafka, elasticsearch);
        if (kafka) {
            config.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        }
        if (elasticsearch) {
            config.put("quarkus.elasticsearch.hosts", elasticsearch().hostAndPort());
        }
        return config;
    }

    /** Leaves the servers running: the next test class (or Quarkus restart) of this JVM reuses them. */
    @Override
    public void stop() {}

    /**
     * This JVM's broker, started and ready (started again if a test stopped or killed it).
     *
     * @throws IllegalStateException under the container backend, where there is no local process to stop or kill
     */
    public static KafkaBroker kafka() {
        requireLocal("kafka()");
        return LocalStack.shared().kafka();
    }

    /**
     * This JVM's Elasticsearch node, started and ready (started again if a test stopped or killed it).
     *
     * @throws IllegalStateException under the container backend, where there is no local process to stop or kill
     */
    public static ElasticsearchNode elasticsearch() {
        requireLocal("elasticsearch()");
        return LocalStack.shared().elasticsearch();
    }

    /** True when the servers are local processes, which fault tests can stop and kill (the default backend). */
    public static boolean localProcesses() {
        return StackBackend.selected() == StackBackend.LOCAL;
    }

    private static void requireLocal(String method) {
        if (!localProcesses()) {
            throw new IllegalStateException(LocalStackTestResource.class.getSimpleName() + "." + method
                    + " gives the local process, but the servers run as containers (-D" + StackBackend.PROPERTY + "="
                    + StackBackend.selected().key() + "); skip this test unless localProcesses()");
        }
    }

    private static boolean flag(Map<String, String> initArgs, String name) {
        String value = initArgs.getOrDefault(name, "true").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(LocalStackTestResource.class.getSimpleName() + " init arg '" + name
                    + "' must be \"true\" or \"false\", not \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }
}
