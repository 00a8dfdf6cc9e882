package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image names come from the property, else the environment, else .redline/images.env, else the official images. */
class ContainerImagesTest {

    @TempDir
    Path project;

    @Test
    void officialImagesOfTheLocalStackVersionsByDefault() {
        ContainerImages images = ContainerImages.resolve(Map.of(), Map.of(), Optional.empty());

        assertThat(images.kafka())
                .isEqualTo("apache/kafka:" + StackArtifacts.load().kafkaVersion());
        assertThat(images.elasticsearch())
                .isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:"
                        + StackArtifacts.load().elasticsearchVersion());
        assertThat(images.official()).isTrue();
    }

    @Test
    void propertyBeatsEnvironmentWhichBeatsTheImagesFile() throws IOException {
        Path file = imagesFile("""
                # written by ./redline images
                REDLINE_JRE_IMAGE=redline/jre:17-bookworm-aaa
                export REDLINE_KAFKA_IMAGE="redline/kafka:4.1.2-bbb"
                REDLINE_ELASTICSEARCH_IMAGE='redline/elasticsearch:8.19.21-ccc'
                """);

        ContainerImages fromFile = ContainerImages.resolve(Map.of(), Map.of(), Optional.of(file));
        ContainerImages fromEnv =
                ContainerImages.resolve(Map.of(), Map.of(ContainerImages.KAFKA_ENV, "env/kafka:1"), Optional.of(file));
        ContainerImages fromProperty = ContainerImages.resolve(
                Map.of(ContainerImages.KAFKA_PROPERTY, "prop/kafka:1"),
                Map.of(ContainerImages.KAFKA_ENV, "env/kafka:1"),
                Optional.of(file));

        assertThat(fromFile.kafka()).isEqualTo("redline/kafka:4.1.2-bbb");
        assertThat(fromFile.elasticsearch()).isEqualTo("redline/elasticsearch:8.19.21-ccc");
        assertThat(fromFile.kafkaFrom()).isEqualTo(file.toString());
        assertThat(fromFile.official()).isFalse();
        assertThat(fromEnv.kafka()).isEqualTo("env/kafka:1");
        assertThat(fromEnv.kafkaFrom()).isEqualTo(ContainerImages.KAFKA_ENV);
        assertThat(fromProperty.kafka()).isEqualTo("prop/kafka:1");
        assertThat(fromProperty.kafkaFrom()).isEqualTo("-D" + ContainerImages.KAFKA_PROPERTY);
        assertThat(fromProperty.elasticsearch())
                .as("each image on its own")
                .isEqualTo("redline/elasticsearch:8.19.21-ccc");
    }

    @Test
    void theImagesFileIsFoundFromAModuleFolderButNotAboveTheProjectRoot() throws IOException {
        Path file = imagesFile("REDLINE_KAFKA_IMAGE=redline/kafka:x\n");
        Files.writeString(project.resolve("mvnw"), "");
        Path module = Files.createDirectories(project.resolve("search-service/target"));
        Path nested = Files.createDirectories(project.resolve("inner/project"));
        Files.writeString(nested.resolve("mvnw"), "");

        assertThat(ContainerImages.findImagesFile(module)).contains(file);
        assertThat(ContainerImages.findImagesFile(project)).contains(file);
        assertThat(ContainerImages.findImagesFile(nested))
                .as("another project's root stops the search")
                .isEmpty();
    }

    private Path imagesFile(String content) throws IOException {
        Path file = project.resolve(ContainerImages.IMAGES_ENV);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
