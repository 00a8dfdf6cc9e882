package io.redline.alerts.brief;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.alerts.delivery.AlertIndices;
import io.redline.alerts.delivery.Delivery;
import io.redline.alerts.delivery.DeliveryLog;
import io.redline.alerts.delivery.DeliveryService;
import io.redline.alerts.subscription.OwnerKeys;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled briefs whose claim was left behind by an instance that died between claiming and queuing the brief, on
 * the real Elasticsearch, delivery log and a loopback webhook receiver: retaken once its lease runs out (by exactly
 * one of two racing instances), not before, and never when the claim is done or predates leases. Each pass runs for
 * a chosen instant, which is also the clock of the leases.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class BriefLeaseTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    @Inject
    ElasticsearchClient client;

    @Inject
    BriefScheduler scheduler;

    @Inject
    BriefClaims claims;

    @Inject
    BriefBuilder builder;

    @Inject
    DeliveryLog log;

    @Inject
    DeliveryService service;

    @Inject
    SubscriptionStore store;

    @Inject
    AlertIndices indices;

    @Inject
    OwnerKeys owners;

    private HttpServer server;
    /** The {@code webhook-id} of every request the receiver got, in order. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** A subscription with a brief two hours ahead: the real once-a-minute scheduler cannot reach it in a test. */
    record Sub(String id, String channelId, LocalDate date, Instant due, String briefId) {}

    @BeforeEach
    void loaded() throws Exception {
        BriefFixtures.ensureCorroborationFields(client);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aClaimLeftUnqueuedIsRetakenAfterItsLeaseAndTheBriefDeliveredOnce() throws Exception {
        Sub s = subscribe();
        Instant claimedAt = s.due().plusSeconds(30);
        BriefClaims crashed = new BriefClaims(client, "crashed-instance", claims.lease());
        assertThat(crashed.claim(claimOf(s, claimedAt))).isNotNull();

        Instant expired = claimedAt.plus(claims.lease());
        List<BriefSender.Sent> sent = mine(scheduler.runDue(expired), s);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).briefId()).isEqualTo(s.briefId());
        assertThat(sent.get(0).to()).isEqualTo(s.due());
        assertThat(sent.get(0).channels())
                .extracting(BriefSender.ChannelDelivery::status)
                .containsExactly("pending");
        BriefClaims.Claim after = claims.get(s.briefId()).claim();
        assertThat(after.owner()).isEqualTo(claims.owner());
        assertThat(after.state()).isEqualTo(BriefClaims.QUEUED);
        // Queued now: later passes, however late, leave it to the delivery log.
        assertThat(mine(scheduler.runDue(expired.plus(claims.lease()).plusSeconds(60)), s))
                .isEmpty();

        awaitDelivered(s);
        assertThat(received).containsExactly(s.briefId());
    }

    @Test
    void ofTwoInstancesRacingForAnExpiredClaimExactlyOneSendsIt() throws Exception {
        Sub s = subscribe();
        Instant claimedAt = s.due().plusSeconds(30);
        assertThat(new BriefClaims(client, "crashed-instance", claims.lease()).claim(claimOf(s, claimedAt)))
                .isNotNull();
        BriefScheduler a = instance("instance-a");
        BriefScheduler b = instance("instance-b");
        Instant expired = claimedAt.plus(claims.lease()).plusSeconds(60);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<BriefSender.Sent> sent = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<BriefSender.Sent>>> passes = new ArrayList<>();
            for (BriefScheduler instance : List.of(a, b)) {
                passes.add(pool.submit(() -> {
                    start.await();
                    return instance.runDue(expired);
                }));
            }
            start.countDown();
            for (Future<List<BriefSender.Sent>> pass : passes) {
                sent.addAll(mine(pass.get(), s));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sent).hasSize(1);
        assertThat(claims.get(s.briefId()).claim().owner()).isIn("instance-a", "instance-b");
        assertThat(claims.get(s.briefId()).claim().state()).isEqualTo(BriefClaims.QUEUED);
        awaitDelivered(s);
        assertThat(received).containsExactly(s.briefId());

        // The race itself, without the luck of thread timing: two takeovers of one read of an expired claim.
        String id = "brf_race" + Fixtures.newId();
        BriefClaims.Claim other = BriefClaims.Claim.of(
                id, "sub_race", "scheduled", "2026-12-07", claimedAt, s.due().minusSeconds(3600), s.due());
        assertThat(new BriefClaims(client, "crashed-instance", claims.lease()).claim(other))
                .isNotNull();
        BriefClaims.Held read = claims.get(id);
        BriefClaims.Held byA = new BriefClaims(client, "instance-a", claims.lease()).takeOver(read, expired);
        BriefClaims.Held byB = new BriefClaims(client, "instance-b", claims.lease()).takeOver(read, expired);
        assertThat(byA).isNotNull();
        assertThat(byB).as("the second write finds the claim changed").isNull();
        assertThat(claims.get(id).claim().owner()).isEqualTo("instance-a");
    }

    @Test
    void aClaimWithinItsLeaseIsNotRetaken() throws Exception {
        Sub s = subscribe();
        Instant claimedAt = s.due().plusSeconds(30);
        assertThat(new BriefClaims(client, "slow-instance", claims.lease()).claim(claimOf(s, claimedAt)))
                .isNotNull();

        assertThat(mine(scheduler.runDue(claimedAt.plusSeconds(30)), s)).isEmpty();
        assertThat(mine(scheduler.runDue(claimedAt.plus(claims.lease()).minusSeconds(1)), s))
                .isEmpty();
        BriefClaims.Claim still = claims.get(s.briefId()).claim();
        assertThat(still.owner()).isEqualTo("slow-instance");
        assertThat(still.state()).isEqualTo(BriefClaims.CLAIMED);
        // Deliveries are written before a pass returns, and a get is real-time: none means none was queued.
        assertThat(log.get(Delivery.idFor(s.briefId(), s.channelId()))).isNull();
    }

    @Test
    void aQueuedClaimIsNeverSentAgain() throws Exception {
        Sub s = subscribe();
        assertThat(mine(scheduler.runDue(s.due().plusSeconds(30)), s)).hasSize(1);
        BriefClaims.Claim queued = claims.get(s.briefId()).claim();
        assertThat(queued.state()).isEqualTo(BriefClaims.QUEUED);
        assertThat(queued.owner()).isEqualTo(claims.owner());
        assertThat(queued.leaseUntil()).isEqualTo(s.due().plusSeconds(30).plus(claims.lease()));
        awaitDelivered(s);

        for (Instant later : List.of(
                s.due().plusSeconds(90),
                queued.leaseUntil(),
                queued.leaseUntil().plusSeconds(3600),
                s.due().plus(BriefDue.GRACE).minusSeconds(1))) {
            assertThat(mine(scheduler.runDue(later), s)).as("pass at %s", later).isEmpty();
            assertThat(mine(instance("another-instance").runDue(later), s)).isEmpty();
        }
        assertThat(claims.get(s.briefId()).claim()).isEqualTo(queued);
        assertThat(received).containsExactly(s.briefId());
    }

    @Test
    void aClaimWrittenBeforeLeasesExistedCountsAsDone() throws Exception {
        Sub s = subscribe();
        Instant claimedAt = s.due().plusSeconds(30);
        // The document as the version before leases wrote it: no owner, state or lease.
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("id", s.briefId());
        old.put("subscriptionId", s.id());
        old.put("kind", "scheduled");
        old.put("localDate", s.date().toString());
        old.put("claimedAt", claimedAt.toString());
        old.put("from", s.due().minus(Duration.ofHours(6)).toString());
        old.put("to", s.due().toString());
        client.index(i -> i.index(BriefClaims.INDEX).id(s.briefId()).document(old));

        BriefClaims.Claim read = claims.get(s.briefId()).claim();
        assertThat(read.state()).isNull();
        assertThat(read.done()).isTrue();
        for (Instant later : List.of(
                claimedAt.plusSeconds(30), claimedAt.plus(claims.lease()).plusSeconds(3600))) {
            assertThat(mine(scheduler.runDue(later), s)).as("pass at %s", later).isEmpty();
        }
        assertThat(log.get(Delivery.idFor(s.briefId(), s.channelId()))).isNull();
        assertThat(claims.get(s.briefId()).claim()).isEqualTo(read);
    }

    /** Another alert-service instance: its own claims owner, the same Elasticsearch, delivery log and store. */
    private BriefScheduler instance(String owner) {
        BriefSender sender = new BriefSender(new BriefClaims(client, owner, claims.lease()), log, service);
        return new BriefScheduler(store, new Briefs(builder, sender, client), indices, owners);
    }

    /** The claim a pass at {@code claimedAt} makes for {@code s}'s brief (as {@link Briefs#sendScheduled} does). */
    private static BriefClaims.Claim claimOf(Sub s, Instant claimedAt) {
        return BriefClaims.Claim.of(
                s.briefId(),
                s.id(),
                "scheduled",
                s.date().toString(),
                claimedAt,
                s.due().minus(Duration.ofHours(6)),
                s.due());
    }

    private Sub subscribe() throws IOException {
        ZonedDateTime local =
                Instant.now().plus(Duration.ofHours(2)).atZone(ZONE).truncatedTo(ChronoUnit.MINUTES);
        String feed = "brief-lease-" + Fixtures.newId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Brief lease " + feed);
        body.put("filters", Map.of("feed", List.of(feed)));
        body.put("timeZone", ZONE.getId());
        body.put("brief", Map.of("at", String.format("%02d:%02d", local.getHour(), local.getMinute()), "hours", 6));
        body.put(
                "channels",
                List.of(Map.of(
                        "type",
                        "webhook",
                        "url",
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/brief")));
        Response created = given().contentType(ContentType.JSON).body(body).post("/api/subscriptions");
        created.then().log().ifValidationFails().statusCode(201);
        String id = created.path("id");
        return new Sub(
                id,
                created.path("channels[0].id"),
                local.toLocalDate(),
                local.toInstant(),
                BriefClaims.scheduledId(id, local.toLocalDate()));
    }

    /** Waits until the brief's one delivery is delivered, so the receiver has every request it will get. */
    private void awaitDelivered(Sub s) {
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/api/subscriptions/" + s.id() + "/deliveries")
                        .then()
                        .statusCode(200)
                        .body("size()", equalTo(1))
                        .body("kind", org.hamcrest.Matchers.everyItem(equalTo("brief")))
                        .body("status", org.hamcrest.Matchers.everyItem(equalTo("delivered"))));
    }

    private static List<BriefSender.Sent> mine(List<BriefSender.Sent> sent, Sub s) {
        return sent.stream().filter(x -> x.subscriptionId().equals(s.id())).toList();
    }
}
