package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.alerts.channel.GreenMailTestResource;
import io.redline.alerts.channel.InjectGreenMail;
import io.redline.alerts.channel.StandardWebhooks;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.contracts.Alert;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.contracts.Topic;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole alert path on the real broker and Elasticsearch: an indexed article on {@code redline.articles.indexed}
 * (published here as search-service publishes it, with the story id its story grouping would give) is matched,
 * published to {@code redline.alerts}, deduplicated per story and delivered to a real loopback receiver that verifies
 * the Standard Webhooks signature; retries, Retry-After, 410, the DLQ, quiet hours, digests, crash take-over, replay
 * and the test send each have a case. Every case uses its own made-up word so subscriptions of other cases never
 * match its articles, and every article is a story of its own unless a case says otherwise.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AlertDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The consumer group of redline.articles.indexed (application.properties). */
    private static final String MATCHER_GROUP = "redline-alert-matcher";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    DeliveryLog log;

    @InjectGreenMail
    GreenMail greenMail;

    @Inject
    AlertRetention retention;

    @Inject
    DeliveryService deliveries;

    @Inject
    io.redline.alerts.subscription.SubscriptionStore store;

    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void aStoryAlertsOnceWithAValidSignatureAndAgainOnlyWhenItsLevelRises() throws Exception {
        Map<String, String> secret = new HashMap<>();
        AtomicInteger bad = new AtomicInteger();
        Receiver r = receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(secret.get("s"), request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                bad.incrementAndGet();
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        Response created = subscribe("zorblak escalation", "zorblak", Map.of(), r.url("/hook"));
        secret.put("s", created.path("webhookSecret"));
        String sub = created.path("id");

        ArticleSpec a = article("Zorblak artillery crosses the red line", 30);
        send(a);
        await().atMost(WAIT).until(() -> r.requests.size() == 1);
        JsonNode first = body(r, 0);
        assertThat(first.path("type").asText()).isEqualTo("alert.created");
        assertThat(first.at("/data/article/id").asText()).isEqualTo(a.id);
        assertThat(first.at("/data/level").asText()).isEqualTo("ELEVATED");
        assertThat(first.at("/data/signals/0/evidence/sentence").asText()).isNotBlank();
        assertThat(first.at("/data/highlights/0").asText()).contains("<em>Zorblak</em>");
        assertThat(first.at("/data/matchedTerms/0").asText()).isEqualTo("zorblak");
        assertThat(first.at("/data/storyLink").asText()).contains("/api/stories/");
        assertThat(r.requests.get(0).headers().get("webhook-id")).startsWith("alt_");
        // The same article again, and another article of the same story at the same level: no alert.
        String story = storyOf(a);
        send(a, story);
        ArticleSpec sameStory = article(a.title, 30);
        sameStory.text = a.text;
        RecordMetadata copy = send(sameStory, story);
        // The copy has another key, so maybe another partition: wait until it has been matched (its alerts are on
        // redline.alerts, in the story's partition) before the next revision, so the dispatcher sees it first.
        awaitMatched(copy);
        // The story's level rises (a new revision of the first article): one update alert.
        a.revision = 2;
        a.score = 60;
        send(a, story);
        await().atMost(WAIT).until(() -> r.requests.size() >= 2);
        JsonNode update = body(r, 1);
        assertThat(update.path("type").asText()).isEqualTo("alert.updated");
        assertThat(update.at("/data/previousLevel").asText()).isEqualTo("ELEVATED");
        assertThat(update.at("/data/level").asText()).isEqualTo("HIGH");
        // And rises again: only now do we know the repeats above were processed (same key, same partition) and
        // made nothing: exactly three deliveries, three distinct webhook-ids, all signatures valid.
        a.revision = 3;
        a.score = 85;
        send(a, story);
        await().atMost(WAIT).until(() -> r.requests.size() >= 3);
        assertThat(r.requests).hasSize(3);
        assertThat(r.requests.stream().map(q -> q.headers().get("webhook-id")).distinct())
                .hasSize(3);
        assertThat(bad.get()).isZero();

        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .statusCode(200)
                        .body("size()", org.hamcrest.Matchers.equalTo(3))
                        .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("delivered")))
                        .body("attempts", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(1)))
                        .body("latencyMs", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue())));
    }

    @Test
    void aBusyReceiverIsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        List<Instant> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        Receiver r = receiver((request, exchange) -> {
            arrivals.add(Instant.now());
            if (arrivals.size() <= 2) {
                Receiver.send(exchange, 429, Map.of("Retry-After", "2"), "slow down");
            } else {
                Receiver.send(exchange, 200, Map.of(), "ok");
            }
        });
        String sub =
                subscribe("quillop retry", "quillop", Map.of(), r.url("/hook")).path("id");
        send(article("Quillop brigade shells the port", 55));
        await().atMost(WAIT).until(() -> r.requests.size() == 3);
        assertThat(r.requests.stream().map(q -> q.headers().get("webhook-id")).distinct())
                .hasSize(1);
        // Retry-After: 2 is a lower bound on each wait, whatever the jitter.
        assertThat(Duration.between(arrivals.get(0), arrivals.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(Duration.between(arrivals.get(1), arrivals.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("delivered"))
                        .body("[0].attempts", org.hamcrest.Matchers.equalTo(3)));
    }

    @Test
    void aGoneReceiverDisablesItsChannelAndSaysWhy() throws Exception {
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, 410, Map.of(), "gone"));
        String sub =
                subscribe("vantrel gone", "vantrel", Map.of(), r.url("/hook")).path("id");
        send(article("Vantrel drones strike depot", 55));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub)
                        .then()
                        .body("channels[0].enabled", org.hamcrest.Matchers.equalTo(false))
                        .body("channels[0].disabledReason", org.hamcrest.Matchers.containsString("410")));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("gone"))
                        .body("[0].lastStatus", org.hamcrest.Matchers.equalTo(410)));
        // A later article of another story is not sent to the disabled channel.
        send(article("Vantrel navy blockades strait, another story entirely", 60));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("size()", org.hamcrest.Matchers.equalTo(1)));
        assertThat(r.requests).hasSize(1);
    }

    @Test
    void aDeliveryThatKeepsFailingGoesToTheDeadLetterTopicAfterMaxAttempts() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, up.get() ? 204 : 503, Map.of(), "down"));
        String sub = subscribe("mirrox dlq", "mirrox", Map.of(), r.url("/hook")).path("id");
        send(article("Mirrox missile test condemned", 55));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("failed"))
                        .body("[0].attempts", org.hamcrest.Matchers.equalTo(4))
                        .body("[0].lastError", org.hamcrest.Matchers.containsString("gave up after 4 attempts")));
        assertThat(r.requests).hasSize(4);
        String deliveryId =
                given().get("/api/subscriptions/" + sub + "/deliveries").path("[0].id");
        JsonNode dead = json.readTree(dlqValue(deliveryId));
        assertThat(dead.path("reason").asText()).contains("HTTP 503");
        assertThat(dead.at("/delivery/subscriptionId").asText()).isEqualTo(sub);
        assertThat(dead.at("/delivery/alert/article/title").asText()).isEqualTo("Mirrox missile test condemned");

        // Replay once the receiver is back: the same alert, with the same webhook-id, is delivered.
        up.set(true);
        given().post("/api/deliveries/" + deliveryId + "/replay")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("delivered"))
                .body("attempts", org.hamcrest.Matchers.equalTo(1));
        assertThat(r.requests).hasSize(5);
        assertThat(r.requests.get(4).headers().get("webhook-id"))
                .isEqualTo(r.requests.get(0).headers().get("webhook-id"));
        given().post("/api/deliveries/dlv_nosuchthing/replay")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void quietHoursHoldAnAlertUntilTheyEnd() throws Exception {
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, 204, Map.of(), ""));
        // Quiet from an hour ago to an hour from now, in UTC.
        java.time.LocalTime now = java.time.LocalTime.now(ZoneOffset.UTC);
        Map<String, Object> quiet =
                Map.of("quietHours", Map.of("start", hhmm(now.minusHours(1)), "end", hhmm(now.plusHours(1))));
        String sub =
                subscribe("plenthor quiet", "plenthor", quiet, r.url("/hook")).path("id");
        send(article("Plenthor troops mass at border", 55));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("scheduled")));
        String next = given().get("/api/subscriptions/" + sub + "/deliveries").path("[0].nextAttemptAt");
        assertThat(Instant.parse(next)).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(r.requests).isEmpty();
    }

    @Test
    void aDigestSubscriptionQueuesItsAlertsAndSendsThemAsOneMessageWhenDue() throws Exception {
        Map<String, String> secret = new HashMap<>();
        Receiver r = receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(secret.get("s"), request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        Response created = subscribe("grendavi digest", "grendavi", Map.of("mode", "DIGEST_HOURLY"), r.url("/hook"));
        secret.put("s", created.path("webhookSecret"));
        String sub = created.path("id");
        send(article("Grendavi parliament votes on mobilisation", 55));
        send(article("Grendavi rockets hit refinery in separate story", 70));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("size()", org.hamcrest.Matchers.equalTo(2))
                        .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("queued"))));
        List<String> due =
                given().get("/api/subscriptions/" + sub + "/deliveries").path("nextAttemptAt");
        for (String d : due) {
            // The next full hour (UTC here), never now: nothing was sent yet.
            assertThat(Instant.parse(d))
                    .isAfter(Instant.now())
                    .isBefore(Instant.now().plus(Duration.ofMinutes(61)));
        }
        assertThat(r.requests).isEmpty();

        // Let the hour pass: move the queued alerts' digest time to a moment just ahead, the same for both, as the
        // clock would; the scheduler must not see one due before the other is moved too.
        log.refresh();
        Instant dueSoon = Instant.now().plusSeconds(5);
        for (Delivery d : log.forSubscription(sub, Status.QUEUED, 10)) {
            Versioned v = log.get(d.id());
            log.replace(
                    v,
                    new Delivery(
                            d.id(),
                            d.kind(),
                            d.subscriptionId(),
                            d.channelId(),
                            d.channelType(),
                            d.status(),
                            d.attempts(),
                            d.lastStatus(),
                            d.lastError(),
                            d.createdAt(),
                            d.matchedAt(),
                            d.nextAttemptAt(),
                            d.leaseUntil(),
                            d.deliveredAt(),
                            d.latencyMs(),
                            dueSoon,
                            d.digestId(),
                            d.alert(),
                            d.digest()));
        }
        await().atMost(WAIT).until(() -> r.requests.size() == 1);
        JsonNode digest = body(r, 0);
        assertThat(digest.path("type").asText()).isEqualTo("alert.digest");
        assertThat(digest.at("/data/alerts").size()).isEqualTo(2);
        assertThat(r.requests.get(0).headers().get("webhook-id")).startsWith("dig_");
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("kind", org.hamcrest.Matchers.hasItem("digest"))
                        .body(
                                "findAll { it.kind == 'alert' }.status",
                                org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("digested")))
                        .body(
                                "findAll { it.kind == 'digest' }.status",
                                org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("delivered"))));
        assertThat(r.requests).hasSize(1);
    }

    @Test
    void aDeliveryLeftBehindByACrashedInstanceIsTakenOverOnceItsLeaseEnds() throws Exception {
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, 204, Map.of(), ""));
        String sub = subscribe("crashov takeover", "crashov", Map.of(), r.url("/hook"))
                .path("id");
        String channel = given().get("/api/subscriptions/" + sub).path("channels[0].id");
        // What a process that died right after writing the delivery (before sending it) leaves behind: pending,
        // leased until a moment ago.
        Alert alert = new AlertFactory("http://localhost")
                .build(
                        store.find(sub),
                        io.redline.query.IndexedArticles.of(
                                article("Crashov barrage", 55).build(), "story-crashov"),
                        null,
                        Instant.now());
        Instant now = Instant.now();
        Delivery orphan = new Delivery(
                Delivery.idFor(alert.id(), channel),
                Delivery.ALERT,
                sub,
                channel,
                io.redline.alerts.subscription.Subscription.ChannelType.WEBHOOK,
                Status.PENDING,
                0,
                null,
                null,
                now,
                now,
                now,
                now.minusMillis(1),
                null,
                null,
                null,
                null,
                alert,
                null);
        assertThat(log.create(orphan)).isNotNull();
        await().atMost(WAIT).until(() -> r.requests.size() == 1);
        assertThat(r.requests.get(0).headers().get("webhook-id")).isEqualTo(alert.id());
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(log.get(orphan.id()).delivery().status()).isEqualTo(Status.DELIVERED));
        assertThat(r.requests).hasSize(1);
        assertThat(alert.level()).isEqualTo(EscalationLevel.HIGH);
    }

    @Test
    void theTestSendReachesEveryChannelAndReportsTheAnswers() throws Exception {
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, 204, Map.of(), ""));
        String sub =
                subscribe("testsend", "testsendword", Map.of(), r.url("/hook")).path("id");
        given().post("/api/subscriptions/" + sub + "/test")
                .then()
                .statusCode(200)
                .body("[0].result", org.hamcrest.Matchers.equalTo("success"))
                .body("[0].status", org.hamcrest.Matchers.equalTo(204));
        assertThat(r.requests).hasSize(1);
        assertThat(r.requests.get(0).headers().get("webhook-id")).startsWith("test_");
        given().post("/api/subscriptions/sub_nosuchthing/test").then().statusCode(404);
        given().get("/api/subscriptions/" + sub + "/deliveries?status=bogus")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/subscriptions/" + sub + "/deliveries?limit=0").then().statusCode(400);
    }

    @Test
    void anEmailChannelGetsTheAlertThroughTheRealSmtpServer() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "ostravek desk");
        b.put("query", "ostravek");
        b.put("channels", List.of(Map.of("type", "email", "to", List.of("ostravek@newsroom.test"))));
        String sub = given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        send(article("Ostravek garrison placed on high alert", 55));
        await().atMost(WAIT)
                .until(() -> java.util.Arrays.stream(greenMail.getReceivedMessages())
                        .anyMatch(m -> {
                            try {
                                return m.getSubject().contains("Ostravek garrison");
                            } catch (jakarta.mail.MessagingException e) {
                                return false;
                            }
                        }));
        jakarta.mail.internet.MimeMessage mail = java.util.Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().contains("Ostravek garrison");
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(mail.getHeader(io.redline.alerts.channel.EmailSender.ALERT_ID_HEADER)[0])
                .startsWith("alt_");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ostravek@newsroom.test");
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("delivered"))
                        .body("[0].channelType", org.hamcrest.Matchers.equalTo("email")));
    }

    @Test
    void retentionDeletesOnlyWhatIsOlderThanTheCutoffAndNeverOpenDeliveries() throws Exception {
        Receiver r = receiver((request, exchange) -> Receiver.send(exchange, 204, Map.of(), ""));
        String sub = subscribe("retenko", "retenko", Map.of(), r.url("/hook")).path("id");
        send(article("Retenko convoy crosses river", 55));
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .body("[0].status", org.hamcrest.Matchers.equalTo("delivered")));
        String id = given().get("/api/subscriptions/" + sub + "/deliveries").path("[0].id");
        // An open delivery, made an hour "ago": retention must keep it whatever its age.
        Delivery open = log.get(id).delivery();
        Delivery retrying = new Delivery(
                "dlv_retention_open_" + Fixtures.newId(),
                open.kind(),
                sub,
                open.channelId(),
                open.channelType(),
                Status.RETRYING,
                1,
                503,
                "HTTP 503",
                Instant.now().minusSeconds(3600),
                open.matchedAt(),
                Instant.now().plusSeconds(3600),
                Instant.now().plusSeconds(3600),
                null,
                null,
                null,
                null,
                open.alert(),
                null);
        log.create(retrying);
        log.refresh();
        assertThat(retention.sweep(Instant.now().minus(Duration.ofDays(1)))).isZero();
        assertThat(log.get(id)).isNotNull();
        // The sweep searches the refreshed index: the delivered record goes once its last write is searchable.
        await().atMost(WAIT).until(() -> {
            retention.sweep(Instant.now().plusSeconds(1));
            return log.get(id) == null;
        });
        assertThat(log.get(retrying.id())).isNotNull();
    }

    @Test
    void aDeliveryQueuedPastItsLeaseIsSentOnlyByTheWorkerHoldingIt() {
        Instant now = Instant.now();
        // A lease an hour long: the scheduler never takes this delivery over while the test runs.
        Delivery d = new Delivery(
                "dlv_lease_" + Fixtures.newId(),
                Delivery.ALERT,
                "sub_lease_" + Fixtures.newId(),
                "ch_lease",
                io.redline.alerts.subscription.Subscription.ChannelType.WEBHOOK,
                Status.PENDING,
                0,
                null,
                null,
                now,
                now,
                now,
                now.plusSeconds(3600),
                null,
                null,
                null,
                null,
                null,
                null);
        Versioned held = log.create(d);
        assertThat(held).isNotNull();
        // More than half the lease left: held as it is, nothing written.
        assertThat(deliveries.renewIfRunningOut(held)).isSameAs(held);

        // The lease ran out while the attempt waited in the pool, and another worker took the delivery over.
        Versioned queued = new Versioned(d.leased(now.minusSeconds(1)), held.seqNo(), held.primaryTerm());
        Versioned takenOver = log.replace(held, d.leased(now.plusSeconds(7200)));
        assertThat(takenOver).isNotNull();
        assertThat(deliveries.renewIfRunningOut(queued))
                .as("the queued attempt must not send")
                .isNull();

        // The worker that holds it, with its lease nearly out, renews it before sending.
        Versioned nearlyOut = new Versioned(
                takenOver.delivery().leased(Instant.now().plusMillis(50)), takenOver.seqNo(), takenOver.primaryTerm());
        Versioned renewed = deliveries.renewIfRunningOut(nearlyOut);
        assertThat(renewed).isNotNull();
        assertThat(renewed.delivery().leaseUntil())
                .isAfter(Instant.now().plus(deliveries.lease().dividedBy(2)));
        assertThat(log.get(d.id()).seqNo()).isEqualTo(renewed.seqNo());
    }

    @Test
    void aPoisonRecordOnTheAlertTopicIsDeadLetteredWithItsReason() throws Exception {
        String key = "poison-" + Fixtures.newId();
        produce(Topic.ALERTS.topicName(), key, "{not json");
        String reason = dlqReason(key);
        assertThat(reason).contains("not an alert/1 record");
    }

    // --- helpers

    private Receiver receiver(Receiver.Answer answer) throws Exception {
        Receiver r = new Receiver(answer);
        receivers.add(r);
        return r;
    }

    private static ArticleSpec article(String title, int score) {
        ArticleSpec s = new ArticleSpec();
        s.title = title;
        s.text = title + ". Officials said the situation was escalating after the announcement.";
        s.score = score;
        s.published = Instant.now().minusSeconds(60);
        s.signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS");
        return s;
    }

    private static Map<String, Object> request(String name, String q, Map<String, Object> extra, String url) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("query", q);
        b.put("channels", List.of(Map.of("type", "webhook", "url", url)));
        b.putAll(extra);
        return b;
    }

    private static Response subscribe(String name, String q, Map<String, Object> extra, String url) {
        Response r = given().contentType(ContentType.JSON)
                .body(request(name, q, extra, url))
                .post("/api/subscriptions");
        r.then().log().ifValidationFails().statusCode(201);
        return r;
    }

    private static String hhmm(java.time.LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    private JsonNode body(Receiver r, int i) throws Exception {
        return json.readTree(new String(r.requests.get(i).body(), StandardCharsets.UTF_8));
    }

    /** The story id search-service's story grouping gives an article that starts a story of its own. */
    private static String storyOf(ArticleSpec spec) {
        return "story-" + spec.id;
    }

    /** Publishes the article as search-service does once it is indexed, as a story of its own. */
    private RecordMetadata send(ArticleSpec spec) throws Exception {
        return send(spec, storyOf(spec));
    }

    /** Publishes the article as search-service does once it is indexed, in story {@code storyId}. */
    private RecordMetadata send(ArticleSpec spec, String storyId) throws Exception {
        return Fixtures.publish(bootstrap, json, spec.build(), storyId);
    }

    /** Waits until alert-service's matcher has acknowledged the record: its alerts are on redline.alerts by then. */
    private void awaitMatched(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(MATCHER_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    private void produce(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private ConsumerRecord<String, String> dlqRecord(String key) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + Fixtures.newId(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"));
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topic.ALERTS_DLQ.topicName()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> rec : c.poll(Duration.ofSeconds(1))) {
                    if (key.equals(rec.key())) {
                        return rec;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + Topic.ALERTS_DLQ.topicName());
    }

    private String dlqValue(String key) {
        return dlqRecord(key).value();
    }

    private String dlqReason(String key) {
        var h = dlqRecord(key).headers().lastHeader("dead-letter-reason");
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
