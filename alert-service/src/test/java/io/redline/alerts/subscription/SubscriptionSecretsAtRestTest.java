package io.redline.alerts.subscription;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.common.secrets.KeyRing;
import io.redline.common.secrets.SecretSealer;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook secrets and channel URLs are sealed in {@code redline.subscriptions} (checked on the raw bytes the real
 * broker holds) and write-only in the API: responses show channel URLs masked, and an update that does not resend a
 * URL keeps the stored one.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionSecretsAtRestTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SubscriptionStore store;

    /** Distinct per run, so one run's records cannot satisfy (or spoil) another's assertions. */
    private final String token = UUID.randomUUID().toString().replace("-", "");

    private final String slackUrl = "https://hooks.slack.com/services/T0RED/B0LINE/" + token + "Ab12";
    private final String teamsUrl = "https://prod-07.westeurope.logic.azure.com:443/workflows/" + token
            + "/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Sig"
            + token + "Zz98";
    private final String webhookUrl = "https://hooks.example.org/catch/" + token + "/x";

    private Map<String, Object> body(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("query", "frigates");
        b.put(
                "channels",
                List.of(
                        Map.of("type", "webhook", "url", webhookUrl),
                        Map.of("type", "slack", "url", slackUrl),
                        Map.of("type", "teams", "url", teamsUrl),
                        Map.of("type", "email", "to", List.of("desk@example.org"))));
        return b;
    }

    @BeforeEach
    void loaded() {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @Test
    void secretsAndChannelUrlsNeverReachTheTopicInClear() throws Exception {
        Response created = given().contentType(ContentType.JSON)
                .body(body("sealed at rest"))
                .post("/api/subscriptions");
        created.then().statusCode(201);
        String id = created.path("id");
        String first = created.path("webhookSecret");
        String second = given().post("/api/subscriptions/" + id + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("webhookSecret");
        // Delivery still gets them in clear.
        Subscription inMemory = store.find(id);
        assertThat(inMemory.activeWebhookSecrets(Instant.now())).containsExactly(second, first);
        assertThat(inMemory.channels()).extracting(Channel::url).contains(slackUrl, teamsUrl, webhookUrl);

        List<byte[]> records = rawRecords(id);
        assertThat(records).as("records of %s in the topic", id).hasSizeGreaterThanOrEqualTo(2);
        for (byte[] value : records) {
            String raw = new String(value, StandardCharsets.ISO_8859_1);
            assertThat(raw)
                    .doesNotContain(first.substring("whsec_".length()))
                    .doesNotContain(second.substring("whsec_".length()))
                    .doesNotContain(token) // in every URL
                    .doesNotContain("hooks.slack.com")
                    .contains("sealed:v1:")
                    .contains("desk@example.org"); // an address is not a credential: it stays readable
        }
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void channelUrlsAreWriteOnlyInTheApi() {
        Response created = given().contentType(ContentType.JSON)
                .body(body("write-only urls"))
                .post("/api/subscriptions");
        created.then()
                .statusCode(201)
                .body("channels[1].url", equalTo("https://hooks.slack.com/services/...Ab12"))
                .body("channels[2].url", equalTo("https://prod-07.westeurope.logic.azure.com:443/workflows/...Zz98"));
        String id = created.path("id");
        List<String> responses = new ArrayList<>();
        responses.add(created.asString());
        responses.add(given().get("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        responses.add(given().get("/api/subscriptions")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        Map<String, Object> renamed = body("renamed");
        responses.add(given().contentType(ContentType.JSON)
                .body(renamed)
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        for (String response : responses) {
            assertThat(response).doesNotContain(token).doesNotContain(slackUrl).doesNotContain(teamsUrl);
        }
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void anUpdateThatDoesNotResendTheUrlKeepsTheStoredOne() {
        Response created = given().contentType(ContentType.JSON)
                .body(body("keeps its urls"))
                .post("/api/subscriptions");
        created.then().statusCode(201);
        String id = created.path("id");
        List<Map<String, Object>> shown = created.path("channels");

        // What a client GETs, edited and sent back: the masked URLs (or none at all) stand for the stored ones.
        Map<String, Object> edit = body("keeps its urls, renamed");
        edit.put(
                "channels",
                List.of(
                        Map.of(
                                "id",
                                shown.get(0).get("id"),
                                "type",
                                "webhook",
                                "url",
                                shown.get(0).get("url")),
                        Map.of("id", shown.get(1).get("id"), "type", "slack"),
                        Map.of(
                                "id",
                                shown.get(2).get("id"),
                                "type",
                                "teams",
                                "url",
                                shown.get(2).get("url")),
                        Map.of("type", "email", "to", List.of("desk@example.org"))));
        given().contentType(ContentType.JSON)
                .body(edit)
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("keeps its urls, renamed"))
                .body("channels[1].id", equalTo(shown.get(1).get("id")));
        assertThat(store.find(id).channels())
                .extracting(Channel::url)
                .containsExactly(webhookUrl, slackUrl, teamsUrl, null);

        // A new channel has no stored URL to keep: it must send one.
        Map<String, Object> missing = body("no url");
        missing.put("channels", List.of(Map.of("type", "slack")));
        given().contentType(ContentType.JSON)
                .body(missing)
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(400)
                .body("parameter", equalTo("channels[0].url"));
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void recordsStoredInClearBeforeSealingAreSealedOnStartUp() throws Exception {
        String id = "sub_clear" + token.substring(0, 7);
        String secret = "whsec_" + token;
        Subscription old = new Subscription(
                id,
                "stored in clear by an older version",
                null,
                "frigates",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new Channel("ch_slack1", ChannelType.SLACK, slackUrl, null, true, null)),
                List.of(new WebhookSecret(secret, Instant.now(), null)),
                Instant.now(),
                Instant.now(),
                true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topic.SUBSCRIPTIONS.topicName(), id, SubscriptionStore.JSON.writeValueAsString(old)))
                    .get();
        }

        // A restarted instance: a new store reading the topic from the start.
        try (SubscriptionStore restarted = SecretsFixtures.store(bootstrap)) {
            restarted.start();
            assertThat(restarted.awaitCaughtUp(WAIT)).isTrue();
            assertThat(restarted.find(id).channels().get(0).url()).isEqualTo(slackUrl);
            assertThat(restarted.find(id).webhookSecrets().get(0).secret()).isEqualTo(secret);
        }
        List<byte[]> records = rawRecords(id);
        String latest = new String(records.get(records.size() - 1), StandardCharsets.UTF_8);
        assertThat(latest).contains("sealed:v1:").doesNotContain(token);
        assertThat(store.awaitCaughtUp(WAIT)).isTrue();
        assertThat(store.find(id).channels().get(0).url()).isEqualTo(slackUrl);
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void recordsSealedWithAnOlderKeyAreSealedAgainWithTheCurrentOne() throws Exception {
        String id = "sub_rotated" + token.substring(0, 7);
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String oldKey = "old:" + Base64.getEncoder().encodeToString(raw);
        Subscription s = new Subscription(
                id,
                "sealed before a key rotation",
                null,
                "frigates",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new Channel("ch_slack1", ChannelType.SLACK, slackUrl, null, true, null)),
                List.of(new WebhookSecret("whsec_" + token, Instant.now(), null)),
                Instant.now(),
                Instant.now(),
                true);
        Subscription sealedWithOld = new SubscriptionSealing(new SecretSealer(KeyRing.of(oldKey, List.of()))).seal(s);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            Topic.SUBSCRIPTIONS.topicName(),
                            id,
                            SubscriptionStore.JSON.writeValueAsString(sealedWithOld)))
                    .get();
        }
        // This instance has only the current key: the record does not open, so it is not served.
        assertThat(store.awaitCaughtUp(WAIT)).isTrue();
        assertThat(store.find(id)).isNull();

        // Rotation step 2: an instance with the current key and the old one for opening seals it again.
        SecretSealer rotating = new SecretSealer(KeyRing.of(TestKeys.SECRETS_KEY, List.of(oldKey)));
        try (SubscriptionStore restarted = SecretsFixtures.store(bootstrap, rotating)) {
            restarted.start();
            assertThat(restarted.awaitCaughtUp(WAIT)).isTrue();
            assertThat(restarted.find(id)).isEqualTo(s);
        }
        List<byte[]> records = rawRecords(id);
        String latest = new String(records.get(records.size() - 1), StandardCharsets.UTF_8);
        assertThat(latest).contains("sealed:v1:test:").doesNotContain("sealed:v1:old:");
        // Step 3: the old key is no longer needed.
        assertThat(store.awaitCaughtUp(WAIT)).isTrue();
        assertThat(store.find(id)).isEqualTo(s);
        given().delete("/api/subscriptions/" + id).then().statusCode(204);
    }

    /** Every value the topic holds for {@code key}, oldest first, read with a plain consumer. */
    private List<byte[]> rawRecords(String key) {
        List<byte[]> out = new ArrayList<>();
        Map<String, Object> config = Map.of(
                "bootstrap.servers", bootstrap, "group.id", "raw-" + UUID.randomUUID(), "enable.auto.commit", "false");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.SUBSCRIPTIONS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key()) && r.value() != null) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }
}
