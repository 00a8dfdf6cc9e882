package io.redline.ingest.feed;

import static io.redline.ingest.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Topic;
import io.redline.ingest.normalize.ArticleNormalizer;
import io.redline.ingest.normalize.UrlCanonicalizer;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Feeds registered through the API on three loopback hosts, polled onto the real broker: a feed cannot take over an
 * article on another outlet's host, while an admin-declared outlet still merges into it.
 */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
@WithTestResource(value = OutletFeedsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ArticleIdentityTest {

    private static final Duration ASYNC = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aFeedPublishingAnotherOutletsLinkFirstDoesNotTakeOverItsArticle() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String link = OutletFeedsResource.wire.url("/world/" + run);
        String legacyId = ArticleNormalizer.sha256("url:" + UrlCanonicalizer.canonicalize(link))
                .substring(0, 32);
        String title = "Drones hit Kyiv overnight " + run;
        String text = "Dozens of drones struck the capital overnight, officials said, in the largest attack in weeks.";
        try (RawTopic raw = new RawTopic(bootstrap)) {
            // The hostile feed copies the wire's entry byte for byte and is polled first.
            String hostileId = create(OutletFeedsResource.serve(
                    OutletFeedsResource.hostile, "/" + run + "/copy.xml", OutletFeedsResource.rss(title, link, text)));
            awaitPublished(hostileId, 1);
            String wireId = create(OutletFeedsResource.serve(
                    OutletFeedsResource.wire, "/" + run + "/wire.xml", OutletFeedsResource.rss(title, link, text)));
            JsonPath wireFeed = awaitPolled(wireId);

            List<JsonNode> articles = raw.readToEnd().stream()
                    .filter(a -> link.equals(a.path("url").asText()))
                    .toList();
            assertThat(articles)
                    .as("the real feed's entry must be published, not skipped as unchanged")
                    .anySatisfy(a -> assertThat(a.path("feedId").asText()).isEqualTo(wireId));
            assertThat(wireFeed.getLong("articlesPublished")).isEqualTo(1);
            JsonNode real = only(articles, wireId);
            JsonNode forged = only(articles, hostileId);
            assertThat(real.path("id").asText())
                    .as("the wire's article keeps today's id")
                    .isEqualTo(legacyId);
            assertThat(real.path("sourceDomain").asText()).isEqualTo("127.0.0.1");
            assertThat(real.path("revision").asInt()).isEqualTo(1);
            assertThat(forged.path("id").asText()).isNotEqualTo(legacyId);
            assertThat(forged.path("sourceDomain").asText())
                    .as("the forged entry's source is the feed that published it")
                    .isEqualTo("127.0.0.2");
            assertThat(forged.path("url").asText()).isEqualTo(link);

            // The hostile feed rewrites its copy: a new revision of its own article, never of the wire's.
            OutletFeedsResource.serve(
                    OutletFeedsResource.hostile,
                    "/" + run + "/copy.xml",
                    OutletFeedsResource.rss(title, link, "Officials deny any attack took place."));
            given().post("/api/feeds/" + hostileId + "/refresh").then().statusCode(202);
            awaitPublished(hostileId, 2);
            List<JsonNode> later = raw.readToEnd();
            assertThat(later)
                    .filteredOn(a -> link.equals(a.path("url").asText()))
                    .singleElement()
                    .satisfies(a -> {
                        assertThat(a.path("id").asText())
                                .isEqualTo(forged.path("id").asText());
                        assertThat(a.path("revision").asInt()).isEqualTo(2);
                    });
        }
    }

    @Test
    void anAggregatorAnAdminDeclaresPartOfTheOutletMergesIntoItsArticle() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String link = OutletFeedsResource.wire.url("/world/" + run);
        String legacyId = ArticleNormalizer.sha256("url:" + UrlCanonicalizer.canonicalize(link))
                .substring(0, 32);
        try (RawTopic raw = new RawTopic(bootstrap)) {
            String aggregatorId = create(
                    OutletFeedsResource.serve(
                            OutletFeedsResource.aggregator,
                            "/" + run + "/wire-mirror.xml",
                            OutletFeedsResource.rss(
                                    "Ceasefire talks resume " + run,
                                    link,
                                    "Negotiators met again in Istanbul on Tuesday after a week-long pause.")),
                    "outlet",
                    "127.0.0.1");
            given().get("/api/feeds/" + aggregatorId).then().statusCode(200);
            awaitPublished(aggregatorId, 1);
            JsonNode article = only(
                    raw.readToEnd().stream()
                            .filter(a -> link.equals(a.path("url").asText()))
                            .toList(),
                    aggregatorId);
            assertThat(article.path("id").asText()).isEqualTo(legacyId);
            assertThat(article.path("sourceDomain").asText()).isEqualTo("127.0.0.1");
            String outlet =
                    given().get("/api/feeds/" + aggregatorId).then().extract().path("outlet");
            assertThat(outlet).isEqualTo("127.0.0.1");
        }
    }

    private static JsonNode only(List<JsonNode> articles, String feedId) {
        List<JsonNode> of = articles.stream()
                .filter(a -> feedId.equals(a.path("feedId").asText()))
                .toList();
        assertThat(of).as("articles of feed " + feedId).hasSize(1);
        return of.get(0);
    }

    private static String create(String url, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/feeds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Waits until the feed was polled and its state saved (so what it published is acknowledged); its view. */
    private static JsonPath awaitPolled(String feedId) {
        List<JsonPath> last = new ArrayList<>(List.of(new JsonPath("{}")));
        await().atMost(ASYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last.set(
                    0,
                    given().get("/api/feeds/" + feedId)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath());
            assertThat(last.get(0).getString("status")).isEqualTo("ok");
            assertThat(last.get(0).getLong("articlesSeen")).isPositive();
        });
        return last.get(0);
    }

    /** Waits until the feed has published {@code count} articles in all. */
    private static void awaitPublished(String feedId, long count) {
        await().atMost(ASYNC)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(given().get("/api/feeds/" + feedId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getLong("articlesPublished"))
                        .isEqualTo(count));
    }

    /** The raw topic from the moment it is opened: {@link #readToEnd()} returns what arrived since the last call. */
    private static final class RawTopic implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;

        RawTopic(String bootstrap) {
            Properties p = new Properties();
            p.putAll(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "test-" + UUID.randomUUID(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "false"));
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ARTICLES_RAW.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes the start now, before anything is registered
        }

        /** Every record written since the last read, up to the end offsets as of now. */
        List<JsonNode> readToEnd() throws Exception {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            List<JsonNode> out = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = JSON.readTree(r.value());
                    assertThat(value.path("id").asText()).isEqualTo(r.key());
                    out.add(value);
                }
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
