package io.redline.search.story;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import io.redline.search.index.ArticleIndex;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Through the real indexer on the broker: a wire text, its copy on another outlet and an independent rewrite of the
 * same event form one story of two independent outlets; an unrelated report with the same actors stays apart; the
 * figure is written on the documents and answered on hits, articles and stories, filtered and sorted on.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CorroborationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    ElasticsearchClient client;

    @Test
    void wireCopiesCountOnceAndAnIndependentRewriteJoinsTheStory() throws Exception {
        String feed = "corroboration-" + Fixtures.newId();
        // A made-up town per run: the same-event look-up is index-wide, so no other test's article may match.
        String town = "Vel" + Fixtures.newId().replaceAll("[0-9]", "").substring(0, 6);
        String wireText = "Attack drones struck a thermal power station outside " + town + " overnight, leaving about "
                + "40,000 households without electricity, the regional governor said. Repair crews were sent at dawn "
                + "and the grid operator expected partial supply by the evening.";
        ArticleSpec wire = spec(
                feed,
                "www.wire.example",
                "Russian drones hit power station near " + town + ", cutting electricity to thousands",
                wireText,
                "2026-11-26T06:00:00Z");
        ArticleSpec copy = spec(
                feed,
                "m.copy.example",
                "Russian drones hit power station near " + town + ", cutting electricity to thousands",
                wireText,
                "2026-11-26T07:00:00Z");
        ArticleSpec rewrite = spec(
                feed,
                "own.example",
                town + " power plant struck by drones overnight, 40,000 homes without electricity",
                "The city of " + town + " lost power for tens of thousands of homes after drones launched by Russia "
                        + "hit a thermal power plant on its outskirts, local authorities reported.",
                "2026-11-26T09:00:00Z");
        ArticleSpec other = spec(
                feed,
                "other.example",
                "Russian missiles strike Odesa port grain terminal",
                "Russian missiles struck a grain terminal in the port of Odesa overnight, destroying storage "
                        + "facilities and injuring three workers, the regional governor said.",
                "2026-11-26T10:00:00Z");
        for (ArticleSpec s : List.of(wire, copy, rewrite, other)) {
            send(s);
        }

        IndexedArticle last = client.get(g -> g.index(ArticleIndex.ALIAS).id(rewrite.id), IndexedArticle.class)
                .source();
        assertThat(last.derived().storyId()).isEqualTo(wire.id);
        assertThat(last.derived().outlets()).isEqualTo(2);
        assertThat(last.derived().firstSeen()).isEqualTo(wire.published);
        assertThat(last.derived().firstOutlet()).isEqualTo("wire.example");
        IndexedArticle unrelated = client.get(g -> g.index(ArticleIndex.ALIAS).id(other.id), IndexedArticle.class)
                .source();
        assertThat(unrelated.derived().storyId()).isEqualTo(other.id);
        assertThat(unrelated.derived().outlets()).isEqualTo(1);

        JsonPath page = given().queryParam("feed", feed)
                .get("/api/articles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getList("items.id")).containsExactly(other.id, rewrite.id, copy.id, wire.id);
        for (int i = 1; i < 4; i++) {
            assertThat(page.getInt("items[" + i + "].corroboration.outlets")).isEqualTo(2);
            assertThat(page.getInt("items[" + i + "].corroboration.copies")).isEqualTo(3);
            assertThat(page.getString("items[" + i + "].corroboration.firstOutlet"))
                    .isEqualTo("wire.example");
            assertThat(page.getString("items[" + i + "].corroboration.firstSeen"))
                    .isEqualTo("2026-11-26T06:00:00Z");
            assertThat(page.getList("items[" + i + "].corroboration.outletDomains"))
                    .containsExactly("wire.example", "copy.example", "own.example");
        }
        assertThat(page.getInt("items[0].corroboration.outlets")).isEqualTo(1);

        given().queryParam("feed", feed)
                .queryParam("minOutlets", 2)
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(rewrite.id, copy.id, wire.id)));
        given().queryParam("feed", feed)
                .queryParam("minOutlets", 3)
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().queryParam("feed", feed)
                .queryParam("minOutlets", 2)
                .queryParam("interval", "day")
                .get("/api/timeline")
                .then()
                .statusCode(200)
                .body("total", equalTo(3));
        for (String bad : List.of("0", "1001", "two")) {
            given().queryParam("minOutlets", bad)
                    .get("/api/articles")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body(containsString("minOutlets"));
        }
        // Most outlets first (the rewrite was indexed with 2, the copy with 1 as a copy of the wire text).
        given().queryParam("feed", feed)
                .queryParam("sort", "outlets")
                .get("/api/articles")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(rewrite.id));

        given().get("/api/articles/" + copy.id)
                .then()
                .statusCode(200)
                .body("article.id", equalTo(copy.id))
                .body("corroboration.outlets", equalTo(2))
                .body("corroboration.copies", equalTo(3));
        given().get("/api/stories/" + wire.id)
                .then()
                .statusCode(200)
                .body("count", equalTo(3))
                .body("corroboration.outlets", equalTo(2))
                .body("corroboration.firstOutlet", equalTo("wire.example"));
    }

    @Test
    void copiesAndOutletDomainsAreWrittenOnTheDocumentAndPublishedForAlerts() throws Exception {
        String feed = "corroboration-" + Fixtures.newId();
        String town = "Tor" + Fixtures.newId().replaceAll("[0-9]", "").substring(0, 6);
        String wireText = "Attack drones struck a thermal power station outside " + town + " overnight, leaving about "
                + "40,000 households without electricity, the regional governor said. Repair crews were sent at dawn "
                + "and the grid operator expected partial supply by the evening.";
        String wireTitle = "Russian drones hit power station near " + town + ", cutting electricity to thousands";
        // Two copies of one wire text (one source) and two independent rewrites: 4 articles, 3 outlets. Weeks away
        // from the other test's near-identical texts, which would otherwise take the same-event look-up's few hits
        // (the best 5 within 36 h) and leave the rewrites out.
        ArticleSpec wire = spec(feed, "www.wire.example", wireTitle, wireText, "2026-10-13T06:00:00Z");
        ArticleSpec copy = spec(feed, "m.copy.example", wireTitle, wireText, "2026-10-13T07:00:00Z");
        ArticleSpec rewrite = spec(
                feed,
                "own.example",
                town + " power plant struck by drones overnight, 40,000 homes without electricity",
                "The city of " + town + " lost power for tens of thousands of homes after drones launched by Russia "
                        + "hit a thermal power plant on its outskirts, local authorities reported.",
                "2026-10-13T09:00:00Z");
        // The rewrite's facts in other words: the same event to SameEvent, not a copy to SimHash (20 bits apart).
        ArticleSpec second = spec(
                feed,
                "fourth.example",
                "Overnight drone strike on " + town + " power plant leaves 40,000 homes without electricity",
                "Local authorities reported that drones launched by Russia hit a thermal power plant on the outskirts "
                        + "of " + town + ", and tens of thousands of homes in the city lost power.",
                "2026-10-13T10:00:00Z");
        List<ArticleSpec> all = List.of(wire, copy, rewrite, second);
        for (ArticleSpec s : all) {
            send(s);
        }

        Map<String, IndexedArticle> published =
                published(all.stream().map(s -> s.id).toList());
        assertThat(all.stream().map(s -> published.get(s.id).derived().storyId()))
                .as("story of the wire, its copy, the rewrite and the second rewrite")
                .containsExactly(wire.id, wire.id, wire.id, wire.id);
        IndexedArticle.Derived last = published.get(second.id).derived();
        assertThat(last.storyId()).isEqualTo(wire.id);
        assertThat(last.outlets()).isEqualTo(3);
        assertThat(last.copies()).isEqualTo(4);
        assertThat(last.firstOutlet()).isEqualTo("wire.example");
        assertThat(last.outletDomains())
                .containsExactly("wire.example", "copy.example", "own.example", "fourth.example");
        // Each document holds the figure when it was indexed, itself counted: the copy joined one source.
        IndexedArticle.Derived copied = published.get(copy.id).derived();
        assertThat(copied.outlets()).isEqualTo(1);
        assertThat(copied.copies()).isEqualTo(2);
        assertThat(copied.outletDomains()).containsExactly("wire.example", "copy.example");
        IndexedArticle.Derived first = published.get(wire.id).derived();
        assertThat(first.copies()).isEqualTo(1);
        assertThat(first.outletDomains()).containsExactly("wire.example");
        for (ArticleSpec s : all) {
            IndexedArticle stored = client.get(g -> g.index(ArticleIndex.INDEX).id(s.id), IndexedArticle.class)
                    .source();
            assertThat(stored).as("document of %s", s.source).isEqualTo(published.get(s.id));
        }
        // The story's search answer has the same figure as the last document.
        given().get("/api/stories/" + wire.id)
                .then()
                .statusCode(200)
                .body("corroboration.outlets", equalTo(3))
                .body("corroboration.copies", equalTo(4))
                .body(
                        "corroboration.outletDomains",
                        equalTo(List.of("wire.example", "copy.example", "own.example", "fourth.example")));
    }

    /** The last record of each id on redline.articles.indexed, read from the beginning until all are there. */
    private Map<String, IndexedArticle> published(List<String> ids) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "corroboration-test-" + Fixtures.newId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"));
        // Unknown fields fail, as a reader of indexed-article/1 that knows the contract would.
        ObjectMapper strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Map<String, IndexedArticle> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ARTICLES_INDEXED.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (ids.contains(r.key())) {
                        found.put(r.key(), strict.readValue(r.value(), IndexedArticle.class));
                    }
                }
                return found.keySet().containsAll(ids);
            });
        }
        return found;
    }

    /** Sends one analysed article to the indexer and waits until it is searchable. */
    private void send(ArticleSpec spec) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(
                            Topic.ARTICLES_ANALYZED.topicName(), spec.id, json.writeValueAsString(spec.build())))
                    .get();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/articles/" + spec.id).statusCode() == 200);
        client.indices().refresh(r -> r.index(ArticleIndex.INDEX));
    }

    private static ArticleSpec spec(String feed, String source, String title, String text, String published) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = source;
        s.title = title;
        s.text = text;
        s.actors = List.of("RUS", "UKR");
        s.published = Instant.parse(published);
        return s;
    }
}
