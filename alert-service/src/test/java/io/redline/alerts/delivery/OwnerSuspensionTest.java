package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.as;
import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions of a departed editor stop delivering: an editor's subscription delivers to a real loopback receiver;
 * once the editor's only API key is revoked (through the real broker), the next matching article is not delivered
 * and the subscription shows as suspended; a new key for the editor resumes it.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OwnerSuspensionTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String MATCHER_GROUP = "redline-alert-matcher";
    private static final String DISPATCHER_GROUP = "redline-alert-dispatcher";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    ApiKeyStore keys;

    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aDepartedEditorsSubscriptionStopsDeliveringAndSaysSo() throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        receiver = new Receiver((request, exchange) -> Receiver.send(exchange, 204, Map.of(), ""));
        String word = "quorvax" + Fixtures.newId().substring(0, 6);
        String owner = "departed-" + Fixtures.newId();
        ApiKeyStore.Created key = keys.create("editor key", owner, Role.EDITOR, "test");
        String sub = as(key.value())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "departed editor",
                        "query",
                        word,
                        "channels",
                        List.of(Map.of("type", "webhook", "url", receiver.url("/hook")))))
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/subscriptions/" + sub)
                .then()
                .statusCode(200)
                .body("status", equalTo("active"))
                .body("statusReason", nullValue());

        publish(article(word + " artillery moved"));
        await().atMost(WAIT).until(() -> receiver.requests.size() == 1);

        keys.revoke(key.key().id(), "test");
        given().get("/api/subscriptions/" + sub)
                .then()
                .statusCode(200)
                .body("status", equalTo("suspended"))
                .body("statusReason", equalTo("owner has no active API key"));
        RecordMetadata second = publish(article(word + " artillery fired"));
        awaitMatchedAndDispatched(second);
        assertThat(receiver.requests)
                .as("deliveries after the owner's last key was revoked")
                .hasSize(1);

        // The editor gets a key again: the subscription delivers again.
        keys.create("new editor key", owner, Role.EDITOR, "test");
        given().get("/api/subscriptions/" + sub).then().statusCode(200).body("status", equalTo("active"));
        publish(article(word + " artillery withdrawn"));
        await().atMost(WAIT).until(() -> receiver.requests.size() == 2);
    }

    private static ArticleSpec article(String title) {
        ArticleSpec s = new ArticleSpec();
        s.title = title;
        s.text = title + ". Officials said the situation was escalating. " + Fixtures.newId();
        s.score = 40;
        s.published = Instant.now().minusSeconds(60);
        s.signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS");
        return s;
    }

    /** Publishes the article as search-service does once it is indexed, as a story of its own. */
    private RecordMetadata publish(ArticleSpec spec) throws Exception {
        return Fixtures.publish(bootstrap, json, spec.build(), "story-" + spec.id);
    }

    /**
     * Waits until the matcher has acknowledged {@code record} (its alerts are on redline.alerts by then) and the
     * dispatcher has acknowledged everything on redline.alerts: whatever the article caused has been decided.
     */
    private void awaitMatchedAndDispatched(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(MATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
            });
            await().atMost(WAIT).until(() -> {
                List<TopicPartition> partitions = admin
                        .describeTopics(List.of(Topic.ALERTS.topicName()))
                        .allTopicNames()
                        .get()
                        .get(Topic.ALERTS.topicName())
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(Topic.ALERTS.topicName(), p.partition()))
                        .toList();
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(
                                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                        .all()
                        .get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(DISPATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return partitions.stream()
                        .allMatch(p -> ends.get(p).offset() == 0
                                || (committed.get(p) != null
                                        && committed.get(p).offset()
                                                >= ends.get(p).offset()));
            });
        }
    }
}
