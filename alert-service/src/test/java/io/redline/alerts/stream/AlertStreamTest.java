package io.redline.alerts.stream;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Alert;
import io.redline.localstack.LocalStackTestResource;
import io.redline.query.InvalidParameterException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE stream against the real Elasticsearch: alerts recorded through {@link AlertLog} reach a real HTTP client,
 * a resume with Last-Event-ID neither loses nor repeats, the subscription filter holds, and bad requests are
 * problem+json.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AlertStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AlertLog log;

    @Inject
    ObjectMapper mapper;

    @Inject
    AlertStreamHub hub;

    @BeforeEach
    void subscriptionsLoaded() {
        // The subscription API answers 503 until the topic has been read once.
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    private static SseClient connect(String query, String lastEventId) throws Exception {
        SseClient c = SseClient.open(TestAlerts.uri("/api/alerts/stream" + query), lastEventId);
        assertThat(c.status).isEqualTo(200);
        assertThat(c.contentType).startsWith("text/event-stream");
        await().atMost(WAIT).until(() -> c.comments.contains("connected"));
        return c;
    }

    private static List<String> alertIds(SseClient c, ObjectMapper mapper) throws Exception {
        List<String> ids = new ArrayList<>();
        for (SseClient.Event e : c.events) {
            ids.add(mapper.readTree(e.data()).get("id").asText());
        }
        return ids;
    }

    @Test
    void liveAlertsArriveAsCreatedAndUpdatedEvents() throws Exception {
        String sub = TestAlerts.subscription("stream live");
        try (SseClient c = connect("?subscription=" + sub, null)) {
            Alert created = TestAlerts.alert(sub, "new", "Kremlin draws a red line");
            Alert updated = TestAlerts.alert(sub, "update", "Kremlin raises the stakes");
            log.record(created, Instant.now());
            log.record(updated, Instant.now().plusMillis(5));
            await().atMost(WAIT).until(() -> c.events.size() >= 2);

            assertThat(c.names()).containsExactly("alert.created", "alert.updated");
            SseClient.Event first = c.events.get(0);
            JsonNode data = mapper.readTree(first.data());
            assertThat(data.get("id").asText()).isEqualTo(created.id());
            assertThat(data.get("subscriptionId").asText()).isEqualTo(sub);
            assertThat(data.get("matchedAt").asText()).isEqualTo("2026-11-27T04:12:30Z"); // ISO-8601, not a number
            assertThat(data.at("/article/title").asText()).isEqualTo("Kremlin draws a red line");
            assertThat(mapper.readTree(c.events.get(1).data())
                            .get("previousLevel")
                            .asText())
                    .isEqualTo("ELEVATED");
            // The event id is the log cursor of the alert.
            assertThat(AlertCursor.decode(first.id(), "id").alertId()).isEqualTo(created.id());
            assertThat(c.events.get(1).id()).isNotEqualTo(first.id());
        }
    }

    @Test
    void withoutLastEventIdOnlyNewAlerts() throws Exception {
        String sub = TestAlerts.subscription("stream from now");
        Alert before = TestAlerts.alert(sub, "new", "Before the connection");
        log.record(before, Instant.now().minusSeconds(1));
        await().atMost(WAIT).until(() -> log.recent(sub, 10).size() == 1);
        try (SseClient c = connect("?subscription=" + sub, null)) {
            Alert after = TestAlerts.alert(sub, "new", "After the connection");
            log.record(after, Instant.now());
            await().atMost(WAIT).until(() -> !c.events.isEmpty());
            // The first event is the new alert: the earlier one (in the log, within the overlap window) is not sent.
            assertThat(alertIds(c, mapper)).containsExactly(after.id());
        }
    }

    @Test
    void resumesAfterLastEventIdWithoutLossOrRepeat() throws Exception {
        String sub = TestAlerts.subscription("stream resume");
        Instant t0;
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alerts.add(TestAlerts.alert(sub, "new", "Alert " + i));
        }
        String lastSeen;
        try (SseClient first = connect("?subscription=" + sub, null)) {
            t0 = Instant.now(); // after the connection: a stream without Last-Event-ID starts at its own "now"
            for (int i = 0; i < 3; i++) {
                log.record(alerts.get(i), t0.plusMillis(100 + i));
            }
            await().atMost(WAIT).until(() -> first.events.size() >= 3);
            assertThat(alertIds(first, mapper))
                    .containsExactly(
                            alerts.get(0).id(),
                            alerts.get(1).id(),
                            alerts.get(2).id());
            lastSeen = first.events.get(2).id();
        }
        // Dispatched while no client was connected.
        log.record(alerts.get(3), t0.plusMillis(103));
        log.record(alerts.get(4), t0.plusMillis(104));
        // A second record of an alert already logged changes nothing (same id, first dispatch time kept).
        log.record(alerts.get(1), t0.plusMillis(200));
        await().atMost(WAIT).until(() -> log.recent(sub, 10).size() == 5);

        try (SseClient resumed = connect("?subscription=" + sub, lastSeen)) {
            await().atMost(WAIT).until(() -> resumed.events.size() >= 2);
            log.record(alerts.get(5), Instant.now().plusMillis(1));
            await().atMost(WAIT).until(() -> resumed.events.size() >= 3);
            // Exactly the ones after the last event, replayed then live; the re-recorded one is not resent.
            assertThat(alertIds(resumed, mapper))
                    .containsExactly(
                            alerts.get(3).id(),
                            alerts.get(4).id(),
                            alerts.get(5).id());
        }

        // lastEventId as a query parameter, from the first alert: everything after it, in log order.
        String afterFirst = log.after((String) null, List.of(sub), 10).get(0).cursor();
        try (SseClient fromQuery = connect("?subscription=" + sub + "&lastEventId=" + afterFirst, null)) {
            await().atMost(WAIT).until(() -> fromQuery.events.size() >= 5);
            assertThat(alertIds(fromQuery, mapper))
                    .containsExactly(
                            alerts.get(1).id(),
                            alerts.get(2).id(),
                            alerts.get(3).id(),
                            alerts.get(4).id(),
                            alerts.get(5).id());
        }
    }

    @Test
    void filtersBySubscription() throws Exception {
        String wanted = TestAlerts.subscription("stream wanted");
        String other = TestAlerts.subscription("stream other");
        String third = TestAlerts.subscription("stream third");
        try (SseClient one = connect("?subscription=" + wanted, null);
                SseClient two = connect("?subscription=" + wanted + "&subscription=" + third, null)) {
            Instant now = Instant.now();
            Alert otherAlert = TestAlerts.alert(other, "new", "Not for this stream");
            Alert wantedAlert = TestAlerts.alert(wanted, "new", "For this stream");
            Alert thirdAlert = TestAlerts.alert(third, "new", "For the second stream");
            // The other subscription's alert comes first in the log: had the filter let it through, it would be
            // delivered before the wanted one.
            log.record(otherAlert, now);
            log.record(wantedAlert, now.plusMillis(1));
            log.record(thirdAlert, now.plusMillis(2));
            await().atMost(WAIT).until(() -> two.events.size() >= 2);
            await().atMost(WAIT).until(() -> !one.events.isEmpty());
            assertThat(alertIds(one, mapper)).containsExactly(wantedAlert.id());
            assertThat(alertIds(two, mapper)).containsExactly(wantedAlert.id(), thirdAlert.id());
        }
    }

    @Test
    void lateVisibleAlertWithAnEarlierDispatchTimeIsStillDelivered() throws Exception {
        String sub = TestAlerts.subscription("stream late");
        try (SseClient c = connect("?subscription=" + sub, null)) {
            Instant connected = Instant.now();
            Alert later = TestAlerts.alert(sub, "new", "Dispatched later, visible first");
            log.record(later, connected.plusMillis(500));
            await().atMost(WAIT).until(() -> c.events.size() >= 1);
            // Another instance's alert, dispatched before the one already sent but only visible now.
            Alert earlier = TestAlerts.alert(sub, "new", "Dispatched earlier, visible later");
            log.record(earlier, connected.plusMillis(100));
            Alert last = TestAlerts.alert(sub, "new", "Last");
            log.record(last, connected.plusMillis(1000));
            await().atMost(WAIT).until(() -> c.events.size() >= 3);
            assertThat(alertIds(c, mapper)).containsExactlyInAnyOrder(later.id(), earlier.id(), last.id());
        }
    }

    @Test
    void heartbeatsKeepTheConnectionAliveAndClosingFreesTheSlot() throws Exception {
        // Streams of earlier tests are released asynchronously, once the server sees their connection close.
        await().atMost(WAIT).until(() -> hub.openStreams() == 0);
        int before = 0;
        SseClient c = connect("", null);
        assertThat(hub.openStreams()).isEqualTo(before + 1);
        await().atMost(WAIT).until(() -> c.comments.contains("heartbeat"));
        c.close();
        await().atMost(WAIT).until(() -> hub.openStreams() == before);
    }

    @Test
    void unknownSubscriptionIs404Problem() {
        given().accept("text/event-stream")
                .queryParam("subscription", "sub_doesnotexist")
                .get("/api/alerts/stream")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("sub_doesnotexist"));
    }

    @Test
    void badCursorIs400ProblemNamingIt() {
        given().accept("text/event-stream")
                .header("Last-Event-ID", "not-a-cursor")
                .get("/api/alerts/stream")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("Last-Event-ID"));
        given().accept("text/event-stream")
                .queryParam("lastEventId", "bm90IGEgY3Vyc29y")
                .get("/api/alerts/stream")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("lastEventId"));
    }

    @Test
    void logPagesInOrderAndRejectsForeignCursors() {
        String sub = "sub_log_" + System.nanoTime();
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Pairs share a millisecond: the alert id orders them.
            Alert a = TestAlerts.alert(
                    String.format("alert_log_%02d_%s", i, sub),
                    sub,
                    "new",
                    "Log " + i,
                    "https://news.example.com/" + i);
            log.record(a, t0.plusMillis(i / 2));
            expected.add(a.id());
        }
        await().atMost(WAIT).until(() -> log.recent(sub, 10).size() == 7);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            List<LoggedAlert> page = log.after(cursor, List.of(sub), 3);
            page.forEach(a -> paged.add(a.alert().id()));
            if (page.size() < 3) {
                break;
            }
            cursor = page.get(page.size() - 1).cursor();
        }
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(log.recent(sub, 2))
                .extracting(a -> a.alert().id())
                .containsExactly(expected.get(6), expected.get(5));
        assertThat(log.recent(sub, 1).get(0).dispatchedAt()).isEqualTo(t0.plusMillis(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.after("%%%", List.of(), 10))
                .isInstanceOf(InvalidParameterException.class);
    }
}
