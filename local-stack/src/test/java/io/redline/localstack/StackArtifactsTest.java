package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The build-time artifact paths are read, and a resource Maven did not filter fails clearly. */
class StackArtifactsTest {

    @Test
    void readsWhatMavenWrote() {
        StackArtifacts artifacts = StackArtifacts.load();

        assertThat(artifacts.kafkaVersion()).isEqualTo("4.1.2");
        assertThat(artifacts.kafkaClasspath()).contains("kafka_2.13-4.1.2.jar").contains("log4j-slf4j2-impl");
        assertThat(artifacts.elasticsearchVersion()).isEqualTo("8.19.21");
        assertThat(Files.isRegularFile(artifacts.elasticsearchZip())).isTrue();
    }

    @Test
    void namesAValueMavenDidNotFilter() {
        Properties unfiltered = new Properties();
        unfiltered.setProperty("kafka.version", "${kafka.version}");
        StackArtifacts artifacts = new StackArtifacts(unfiltered);

        assertThatThrownBy(artifacts::kafkaVersion)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'kafka.version'")
                .hasMessageContaining("not filtered by Maven");
        assertThatThrownBy(artifacts::elasticsearchZip)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'elasticsearch.zip'");
    }
}
