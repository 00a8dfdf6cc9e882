package io.redline.localstack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the tests' Kafka and Elasticsearch run: as local processes ({@link LocalStack}, the default) or as Docker
 * containers ({@link ContainerStack}), chosen with {@code -Dredline.stack=containers} or {@code REDLINE_STACK}.
 *
 * <p>{@link LocalStackTestResource} (the services' Quarkus tests) and the e2e tests' stack read this switch; fault
 * tests that stop or kill the servers need the local processes and are skipped under containers.
 */
public enum StackBackend {

    /** Kafka and Elasticsearch as child processes of the test JVM, from the Maven artifacts (no Docker needed). */
    LOCAL,
    /** Kafka and Elasticsearch as Docker containers (Testcontainers), from the images {@link ContainerImages} names. */
    CONTAINERS;

    /** System property choosing the backend: {@code local} or {@code containers}. */
    public static final String PROPERTY = "redline.stack";
    /** Environment variable read when the property is not set. */
    public static final String ENV = "REDLINE_STACK";

    /** The backend the property, else the environment variable, names; {@link #LOCAL} when neither is set. */
    public static StackBackend selected() {
        String value = System.getProperty(PROPERTY);
        String from = "-D" + PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            from = ENV;
        }
        return value == null || value.isBlank() ? LOCAL : parse(value, from);
    }

    /** The backend named {@code value} (any case), or an error naming where it came from and the valid names. */
    static StackBackend parse(String value, String from) {
        for (StackBackend backend : values()) {
            if (backend.key().equalsIgnoreCase(value.strip())) {
                return backend;
            }
        }
        throw new IllegalArgumentException(from + "=" + value + " is not a stack backend; use one of "
                + Arrays.stream(values()).map(StackBackend::key).collect(Collectors.joining(", ")));
    }

    /** The name the switch takes: {@code local} or {@code containers}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
