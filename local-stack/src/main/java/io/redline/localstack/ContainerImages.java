package io.redline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker images the container backend runs, each named by a system property, else an environment variable,
 * else the project's {@code .redline/images.env} (written by {@code ./redline images}), else the official image.
 *
 * <p>Why a file as well: where no registry answers, {@code ./redline images} builds local stand-ins tagged by their
 * content and records their names there, so that a plain {@code ./mvnw verify} afterwards uses them with no flags.
 *
 * @param kafka             the Kafka image, one honouring {@code apache/kafka}'s contract
 * @param elasticsearch     the Elasticsearch image, one honouring the official image's contract
 * @param kafkaFrom         where the Kafka image name came from, for log lines and messages
 * @param elasticsearchFrom where the Elasticsearch image name came from
 */
public record ContainerImages(String kafka, String elasticsearch, String kafkaFrom, String elasticsearchFrom) {

    public static final String KAFKA_PROPERTY = "redline.containers.kafka-image";
    public static final String KAFKA_ENV = "REDLINE_KAFKA_IMAGE";
    public static final String ELASTICSEARCH_PROPERTY = "redline.containers.elasticsearch-image";
    public static final String ELASTICSEARCH_ENV = "REDLINE_ELASTICSEARCH_IMAGE";
    /** The file {@code ./redline images} writes, relative to the project root: {@code NAME=image} lines. */
    public static final Path IMAGES_ENV = Path.of(".redline", "images.env");

    /** The official Kafka image of the broker version the local stack runs. */
    public static String defaultKafka() {
        return "apache/kafka:" + StackArtifacts.load().kafkaVersion();
    }

    /** The official Elasticsearch image of the server version the local stack runs. */
    public static String defaultElasticsearch() {
        return "docker.elastic.co/elasticsearch/elasticsearch:"
                + StackArtifacts.load().elasticsearchVersion();
    }

    /** The images for this JVM: its system properties and environment, and the project's images file if any. */
    public static ContainerImages resolve() {
        return resolve(System.getProperties(), System.getenv(), findImagesFile(projectSearchStart()));
    }

    /** The images named by {@code properties}, else {@code env}, else the images file, else the official ones. */
    static ContainerImages resolve(Map<?, ?> properties, Map<String, String> env, Optional<Path> imagesFile) {
        Map<String, String> file = imagesFile.map(ContainerImages::readEnvFile).orElse(Map.of());
        String fileName = imagesFile.map(Path::toString).orElse(null);
        String[] kafka = pick(properties, env, file, fileName, KAFKA_PROPERTY, KAFKA_ENV, defaultKafka());
        String[] es = pick(
                properties, env, file, fileName, ELASTICSEARCH_PROPERTY, ELASTICSEARCH_ENV, defaultElasticsearch());
        return new ContainerImages(kafka[0], es[0], kafka[1], es[1]);
    }

    /** True when both names are the official defaults, which a registry must supply. */
    public boolean official() {
        return kafka.equals(defaultKafka()) && elasticsearch.equals(defaultElasticsearch());
    }

    @Override
    public String toString() {
        return "Kafka " + kafka + " (" + kafkaFrom + "), Elasticsearch " + elasticsearch + " (" + elasticsearchFrom
                + ")";
    }

    private static String[] pick(
            Map<?, ?> properties,
            Map<String, String> env,
            Map<String, String> file,
            String fileName,
            String property,
            String variable,
            String fallback) {
        Object fromProperty = properties.get(property);
        if (fromProperty != null && !fromProperty.toString().isBlank()) {
            return new String[] {fromProperty.toString().strip(), "-D" + property};
        }
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new String[] {fromEnv.strip(), variable};
        }
        String fromFile = file.get(variable);
        if (fromFile != null && !fromFile.isBlank()) {
            return new String[] {fromFile.strip(), fileName};
        }
        return new String[] {fallback, "official image, the default"};
    }

    /**
     * Where to look for the project: {@code redline.root} when the build sets it (the e2e tests), else the working
     * directory, which is a module folder or the project root under Maven.
     */
    private static Path projectSearchStart() {
        String root = System.getProperty("redline.root");
        return Path.of(root != null && !root.isBlank() ? root : System.getProperty("user.dir"))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * The images file of the project {@code start} is in: the first {@link #IMAGES_ENV} found going up from
     * {@code start}, stopping at the project root (the first folder holding {@code mvnw}).
     */
    static Optional<Path> findImagesFile(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(IMAGES_ENV);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve("mvnw"))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * {@code NAME=value} lines as a shell would source them: blank lines and {@code #} comments skipped, an
     * {@code export } prefix and one pair of surrounding quotes dropped.
     */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2
                        && (value.startsWith("\"") && value.endsWith("\"")
                                || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the image names in " + file, e);
        }
        return values;
    }
}
