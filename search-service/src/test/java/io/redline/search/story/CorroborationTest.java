package io.redline.search.story;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
