package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test resource starts each server once per JVM, on free ports, and leaves it running on stop(). */
class LocalStackTestResourceTest {

    @Test
    void startsKafkaOnceAndElasticsearchWhenFirstAskedFor() throws Exception {
        assumeTrue(LocalStackTestResource.localProcesses(), "checks the local processes (-Dredline.stack=local)");
        LocalStackTestResource kafkaOnly = new LocalStackTestResource();
        kafkaOnly.init(Map.of("elasticsearch", "false"));
        Map<String, String> first = kafkaOnly.start();
        KafkaBroker broker = LocalStackTestResource.kafka();
        kafkaOnly.stop();

        assertThat(first).containsOnlyKeys("kafka.bootstrap.servers");
        assertThat(first.get("kafka.bootstrap.servers"))
                .isEqualTo(broker.bootstrapServers())
                .isNotEqualTo("127.0.0.1:9092");
        assertThat(broker.isRunning())
                .as("still running after the lifecycle manager's stop()")
                .isTrue();

        LocalStackTestResource both = new LocalStackTestResource();
        both.init(Map.of());
        Map<String, String> second = both.start();

        assertThat(second)
                .containsEntry("kafka.bootstrap.servers", broker.bootstrapServers())
                .containsEntry(
                        "quarkus.elasticsearch.hosts",
                        LocalStackTestResource.elasticsearch().hostAndPort());
        assertThat(second.get("quarkus.elasticsearch.hosts")).isNotEqualTo("127.0.0.1:9200");
        assertThat(LocalStackTestResource.kafka()).isSameAs(broker);
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + second.get("quarkus.elasticsearch.hosts") + "/_cluster/health"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"cluster_name\":\"redline-local\"");
    }

    @Test
    void rejectsAnInitArgThatIsNotABoolean() {
        LocalStackTestResource resource = new LocalStackTestResource();

        assertThatThrownBy(() -> resource.init(Map.of("kafka", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka'");
    }
}
