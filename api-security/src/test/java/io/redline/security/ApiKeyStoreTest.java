package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.common.kafka.RecordJson;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key store on the real broker: bootstrap key strength, revocation that stays, and peppered hashes. */
class ApiKeyStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Map<String, Object> kafka;
    private final List<ApiKeyStore> opened = new ArrayList<>();

    @BeforeAll
    static void broker() throws Exception {
        LocalStackTestResource stack = new LocalStackTestResource();
        stack.init(Map.of("elasticsearch", "false"));
        kafka = Map.of("bootstrap.servers", stack.start().get("kafka.bootstrap.servers"));
        try (Admin admin = Admin.create(kafka)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topic.API_KEYS.topicName())) {
                admin.createTopics(Set.of(new NewTopic(Topic.API_KEYS.topicName(), 1, (short) 1)
                                .configs(Map.of("cleanup.policy", "compact"))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @AfterEach
    void close() {
        opened.forEach(ApiKeyStore::close);
    }

    private ApiKeyStore store(String bootstrapKey) throws InterruptedException {
        return store(bootstrapKey, "a-test-pepper-9f8Q!x2#Lm7$Vb4&Zr1*".getBytes(StandardCharsets.UTF_8));
    }

    private ApiKeyStore store(String bootstrapKey, byte[] pepper) throws InterruptedException {
        ApiKeyStore s = new ApiKeyStore(
                kafka, "test-" + UUID.randomUUID(), bootstrapKey, "admin", 10_000, Clock.systemUTC(), pepper);
        opened.add(s);
        s.start();
        assertThat(s.awaitLoaded(WAIT)).isTrue();
        return s;
    }

    private static void sendRaw(String key, String json) throws Exception {
        try (KafkaProducer<String, String> p =
                new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topic.API_KEYS.topicName(), key, json)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLongButGuessableBootstrapKeyIsRefusedAtStartUp() {
        for (String weak : List.of("a".repeat(32), "rlk_test_bootstrap_admin_key_0123456789abcdef")) {
            assertThatThrownBy(() -> store(weak))
                    .as(weak)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("redline.auth.bootstrap-admin-key")
                    .hasMessageContaining("bits");
        }
    }

    @Test
    void aRevokedKeyStaysRevokedWhenAnOlderActiveRecordIsReadAfterTheRevocation() throws Exception {
        ApiKeyStore here = store(null);
        ApiKeyStore.Created made = here.create("replayed", "rita", Role.ADMIN, "test");
        String activeJson = RecordJson.MAPPER.writeValueAsString(made.key());
        here.revoke(made.key().id(), "test");
        assertThat(here.authenticate(made.value())).isEmpty();

        // What a re-read from offset 0 after a reconnect does, or a late write of the old version: the active record
        // comes after the revocation.
        sendRaw(made.key().id(), activeJson);
        assertThat(here.awaitCaughtUp(WAIT)).isTrue();
        assertThat(here.authenticate(made.value()))
                .as("a live store revived a revoked key")
                .isEmpty();
        assertThat(here.get(made.key().id()))
                .hasValueSatisfying(k -> assertThat(k.active()).isFalse());

        ApiKeyStore fresh = store(null);
        assertThat(fresh.authenticate(made.value()))
                .as("a store reading the topic from the start revived a revoked key")
                .isEmpty();
        assertThat(fresh.get(made.key().id()))
                .hasValueSatisfying(k -> assertThat(k.active()).isFalse());
    }

    @Test
    void aCopyOfTheTopicIsNotEnoughToCheckAGuess() throws Exception {
        ApiKeyStore here = store(null);
        ApiKeyStore.Created made = here.create("peppered", "pia", Role.READER, "test");
        String secret = ApiKeyFormat.parse(made.value()).secret();
        assertThat(made.key().hash())
                .as("the stored hash can be recomputed from the record's salt and a guess")
                .isNotEqualTo(ApiKeyFormat.hash(made.key().salt(), secret));
    }

    @Test
    void aPepperedKeyIsCheckedOnlyWithThePepper() throws Exception {
        byte[] pepper = ("pepper-" + UUID.randomUUID() + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ApiKeyStore peppered = store(null, pepper);
        ApiKeyStore.Created made = peppered.create("peppered", "pia", Role.READER, "test");
        assertThat(made.key().hashVersion()).isEqualTo(ApiKey.PEPPERED);
        assertThat(peppered.authenticate(made.value())).isPresent();

        ApiKeyStore samePepper = store(null, pepper.clone());
        assertThat(samePepper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(samePepper.authenticate(made.value()))
                .as("another instance with the same pepper")
                .isPresent();
        ApiKeyStore noPepper = store(null, null);
        assertThat(noPepper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(noPepper.authenticate(made.value()))
                .as("an instance without the pepper")
                .isEmpty();
        ApiKeyStore otherPepper = store(null, "another-pepper-Zq8#xT2!vL9@kW4$".getBytes(StandardCharsets.UTF_8));
        assertThat(otherPepper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(otherPepper.authenticate(made.value()))
                .as("an instance with another pepper")
                .isEmpty();
    }

    @Test
    void keysMadeBeforeThePepperStillWork() throws Exception {
        ApiKeyStore before = store(null, null);
        ApiKeyStore.Created old = before.create("from before the pepper", "olga", Role.EDITOR, "test");
        assertThat(old.key().hashVersion()).isEqualTo(ApiKey.UNPEPPERED);

        ApiKeyStore after =
                store(null, ("pepper-" + UUID.randomUUID() + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertThat(after.awaitCaughtUp(WAIT)).isTrue();
        assertThat(after.authenticate(old.value())).isPresent();
    }
}
