package io.redline.alerts.delivery;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.alerts.brief.BriefClaims;
import io.redline.alerts.brief.BriefFixtures;
import io.redline.alerts.brief.BriefScheduler;
import io.redline.alerts.brief.BriefSender;
import io.redline.alerts.channel.BriefMessages;
import io.redline.alerts.channel.GreenMailTestResource;
import io.redline.alerts.channel.InjectGreenMail;
import io.redline.alerts.channel.StandardWebhooks;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Morning briefs delivered on the real broker, Elasticsearch, a loopback webhook receiver that verifies the Standard
 * Webhooks signature and a GreenMail SMTP server: the scheduled brief goes out once for its local date however many
 * scheduler passes run (each pass is run for a chosen instant, so the brief's time need not be waited for), a
 * send-now goes out besides it, and bad {@code brief} settings are refused.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = GreenMailTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BriefDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ZONE = "America/New_York";

    @Inject
    ElasticsearchClient client;

    @Inject
    ObjectMapper json;

    @Inject
    BriefScheduler scheduler;

    @InjectGreenMail
    GreenMail greenMail;

    private final List<Receiver> receivers = new ArrayList<>();

    @BeforeEach
    void loaded() throws Exception {
        BriefFixtures.ensureCorroborationFields(client);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    @AfterEach
    void stop() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void theScheduledBriefGoesOutOnceAtItsLocalTimeAndSendNowBesidesIt() throws Exception {
        Map<String, String> secret = new HashMap<>();
        AtomicInteger bad = new AtomicInteger();
        Receiver r = new Receiver((request, exchange) -> {
            try {
                StandardWebhooks.verify(secret.get("s"), request.headers(), request.body(), Instant.now());
                Receiver.send(exchange, 204, Map.of(), "");
            } catch (StandardWebhooks.VerificationException e) {
                bad.incrementAndGet();
                Receiver.send(exchange, 401, Map.of(), e.getMessage());
            }
        });
        receivers.add(r);
        String feed = "brief-delivery-" + Fixtures.newId();
        String mailbox = "brief-" + Fixtures.newId().substring(0, 8) + "@newsroom.test";
        // Two hours ahead in the subscription's zone: the real once-a-minute scheduler cannot reach it during the
        // test, so only the passes run below decide.
        ZoneId zone = ZoneId.of(ZONE);
        ZonedDateTime local =
                Instant.now().plus(Duration.ofHours(2)).atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        LocalTime at = local.toLocalTime();
        LocalDate date = local.toLocalDate();
        Instant due = local.toInstant();
        ArticleSpec critical = BriefFixtures.spec(
                feed, "Carrier group redeployed", Instant.now().minusSeconds(3600), 85);
        String story = "story-brief-" + Fixtures.newId();
        BriefFixtures.index(client, critical, story, null);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Brief " + feed);
        body.put("filters", Map.of("feed", List.of(feed)));
        body.put("timeZone", ZONE);
        // Quiet all day: a brief is sent at the time its subscriber chose all the same.
        body.put("quietHours", Map.of("start", "00:00", "end", "23:59"));
        body.put("brief", Map.of("at", String.format("%02d:%02d", at.getHour(), at.getMinute()), "hours", 6));
        body.put(
                "channels",
                List.of(
                        Map.of("type", "webhook", "url", r.url("/brief")),
                        Map.of("type", "email", "to", List.of(mailbox))));
        Response created = given().contentType(ContentType.JSON).body(body).post("/api/subscriptions");
        created.then().log().ifValidationFails().statusCode(201);
        secret.put("s", created.path("webhookSecret"));
        String sub = created.path("id");
        assertThat((String) created.path("brief.at"))
                .isEqualTo(String.format("%02d:%02d", at.getHour(), at.getMinute()));
        assertThat((Integer) created.path("brief.hours")).isEqualTo(6);

        assertThat(mine(scheduler.runDue(due.minusSeconds(60)), sub))
                .as("a minute early")
                .isEmpty();
        List<BriefSender.Sent> first = mine(scheduler.runDue(due.plusSeconds(30)), sub);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).briefId()).isEqualTo(BriefClaims.scheduledId(sub, date));
        assertThat(first.get(0).to()).isEqualTo(due);
        assertThat(first.get(0).from()).isEqualTo(due.minus(Duration.ofHours(6)));
        // A second pass (or another instance, or one after a restart) finds the date claimed.
        assertThat(mine(scheduler.runDue(due.plusSeconds(90)), sub)).isEmpty();

        await().atMost(WAIT).until(() -> r.requests.size() >= 1);
        JsonNode scheduled = body(r, 0);
        assertThat(scheduled.path("type").asText()).isEqualTo("brief.created");
        assertThat(scheduled.at("/data/hours").asInt()).isEqualTo(6);
        assertThat(Instant.parse(scheduled.at("/data/to").asText())).isEqualTo(due);
        assertThat(scheduled.at("/data/levelRises/0/storyId").asText()).isEqualTo(story);
        assertThat(scheduled.at("/data/levelRises/0/toLevel").asText()).isEqualTo("CRITICAL");
        assertThat(scheduled.at("/data/levelRises/0/evidence/sentence").asText())
                .isEqualTo("Carrier group redeployed");
        assertThat(r.requests.get(0).headers().get("webhook-id"))
                .isEqualTo(first.get(0).briefId());

        // Send now: synchronous, a claim of its own, answered with each channel's first attempt.
        JsonPath now = given().post("/api/subscriptions/" + sub + "/brief/send")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(now.getString("briefId")).isNotEqualTo(first.get(0).briefId());
        assertThat(now.getList("channels.status")).containsExactly("delivered", "delivered");
        assertThat(now.getList("channels.type")).containsExactly("webhook", "email");
        // Only now is the receiver known to have had every request it will get: the scheduled one and this one.
        await().atMost(WAIT).until(() -> r.requests.size() >= 2);
        assertThat(r.requests).hasSize(2);
        assertThat(r.requests.get(1).headers().get("webhook-id")).isEqualTo(now.getString("briefId"));
        assertThat(body(r, 1).path("type").asText()).isEqualTo("brief.created");
        assertThat(bad.get()).as("every signature verified").isZero();

        await().atMost(WAIT).until(() -> mails(mailbox).size() >= 2);
        List<MimeMessage> mails = mails(mailbox);
        assertThat(mails).hasSize(2);
        assertThat(mails.stream().map(m -> header(m, BriefMessages.BRIEF_ID_HEADER)))
                .containsExactlyInAnyOrder(first.get(0).briefId(), now.getString("briefId"));
        assertThat(mails.get(0).getSubject()).startsWith("[Redline] Brief · Brief " + feed);
        assertThat(new String(mails.get(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8).length())
                .isPositive();

        // Four deliveries (two briefs, two channels), delivered, in the subscription's delivery log.
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + sub + "/deliveries")
                        .then()
                        .statusCode(200)
                        .body("size()", equalTo(4))
                        .body("kind", org.hamcrest.Matchers.everyItem(equalTo("brief")))
                        .body("status", org.hamcrest.Matchers.everyItem(equalTo("delivered"))));
    }

    @Test
    void badBriefSettingsAreRefusedNamingTheField() {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("brief.at", new Object[] {"7:00", 12});
        cases.put("brief.at ", new Object[] {"24:00", 12});
        cases.put("brief.at  ", new Object[] {null, 12});
        cases.put("brief.hours", new Object[] {"07:00", 0});
        cases.put("brief.hours ", new Object[] {"07:00", 73});
        cases.put("brief.hours  ", new Object[] {"07:00", null});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Map<String, Object> brief = new HashMap<>();
            brief.put("at", c.getValue()[0]);
            brief.put("hours", c.getValue()[1]);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "Bad brief");
            body.put("brief", brief);
            body.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/subscriptions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo(c.getKey().strip()));
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("name", "No brief");
        ok.put("query", "brieflessword"); // a subscription matching everything needs a quota of its own
        ok.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        String id = given().contentType(ContentType.JSON)
                .body(ok)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .body("brief", org.hamcrest.Matchers.nullValue())
                .extract()
                .path("id");
        ok.put("brief", Map.of("at", "06:45", "hours", 72));
        given().contentType(ContentType.JSON)
                .body(ok)
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("brief.at", equalTo("06:45"))
                .body("brief.hours", equalTo(72));
    }

    private static List<BriefSender.Sent> mine(List<BriefSender.Sent> sent, String subscriptionId) {
        return sent.stream()
                .filter(s -> s.subscriptionId().equals(subscriptionId))
                .toList();
    }

    private JsonNode body(Receiver r, int i) throws Exception {
        return json.readTree(new String(r.requests.get(i).body(), StandardCharsets.UTF_8));
    }

    private List<MimeMessage> mails(String to) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(to));
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String header(MimeMessage m, String name) {
        try {
            String[] v = m.getHeader(name);
            return v == null ? null : v[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
