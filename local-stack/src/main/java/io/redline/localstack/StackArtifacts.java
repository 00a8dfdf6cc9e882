package io.redline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the Kafka broker's jars and the Elasticsearch zip are, as Maven wrote them into local-stack.properties. */
public final class StackArtifacts {

    static final String RESOURCE = "local-stack.properties";

    private static volatile StackArtifacts loaded;

    private final Properties properties;

    StackArtifacts(Properties properties) {
        this.properties = properties;
    }

    /** The artifacts of this build, read once from the classpath resource. */
    public static StackArtifacts load() {
        StackArtifacts result = loaded;
        if (result == null) {
            Properties properties = new Properties();
            try (InputStream in = StackArtifacts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the classpath: build the local-stack module "
                            + "with Maven (./mvnw -pl local-stack install), which writes it");
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
            result = new StackArtifacts(properties);
            loaded = result;
        }
        return result;
    }

    public String kafkaVersion() {
        return value("kafka.version");
    }

    /** The broker's full runtime classpath: absolute jar paths joined with the path separator. */
    public String kafkaClasspath() {
        return value("kafka.classpath");
    }

    public String elasticsearchVersion() {
        return value("elasticsearch.version");
    }

    /** The Elasticsearch integ-test-zip in the local Maven repository. */
    public Path elasticsearchZip() {
        Path zip = Path.of(value("elasticsearch.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("The Elasticsearch zip named in " + RESOURCE + " does not exist: " + zip
                    + " (was the local Maven repository cleaned? rebuild with ./mvnw -pl local-stack install)");
        }
        return zip;
    }

    private String value(String key) {
        String value = properties.getProperty(key);
        // An unfiltered resource (built by something other than Maven, e.g. an IDE) still holds "${...}".
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no usable value for '" + key + "' (found: " + value
                    + "): the resource was not filtered by Maven; rebuild with ./mvnw -pl local-stack install");
        }
        return value.trim();
    }
}
