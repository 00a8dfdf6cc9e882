package io.redline.localstack;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives Quarkus tests a real Kafka broker and/or Elasticsearch node, started once per JVM on free ports (so it
 * never clashes with a running {@code ./redline up}) and stopped when the JVM exits.
 *
 * <p>Usage: {@code @QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name =
 * "elasticsearch", value = "false"))}. Init args {@code kafka} and {@code elasticsearch} are "true" or "false"
 * and both default to true. A later test class asking for a server not started yet gets it started then. Fault
 * tests reach the servers through {@link #kafka()} and {@link #elasticsearch()}.
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
        LocalStack.shared().ensureRunning(kafka, elasticsearch);
        Map<String, String> config = new HashMap<>();
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
    public void stop() {
    }

    /** This JVM's broker, started and ready (started again if a test stopped or killed it). */
    public static KafkaBroker kafka() {
        return LocalStack.shared().kafka();
    }

    /** This JVM's Elasticsearch node, started and ready (started again if a test stopped or killed it). */
    public static ElasticsearchNode elasticsearch() {
        return LocalStack.shared().elasticsearch();
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
