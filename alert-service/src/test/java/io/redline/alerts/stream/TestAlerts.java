package io.redline.alerts.stream;

import static io.redline.alerts.TestApi.given;

import io.redline.alerts.Fixtures;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alerts, subscriptions and URLs for the pull-channel tests. */
public final class TestAlerts {

    private TestAlerts() {}

    /** A new alert of {@code subscriptionId} with a fresh id. */
    public static Alert alert(String subscriptionId, String kind, String title) {
        return alert(
                "alert_" + Fixtures.newId(),
                subscriptionId,
                kind,
                title,
                "https://news.example.com/a/" + Fixtures.newId());
    }

    static Alert alert(String id, String subscriptionId, String kind, String title, String url) {
        String sentence = "Any delivery of howitzers is a red line, the Kremlin said.";
        AlertArticle article = new AlertArticle(
                "art-" + id,
                1,
                url,
                title,
                "Moscow warned deliveries would be answered.",
                "news.example.com",
                "en",
                Instant.parse("2026-11-27T04:10:00Z"),
                List.of("ukraine"));
        Signal signal = new Signal(
                SignalType.RED_LINE,
                Modality.ASSERTED,
                null,
                List.of("RUS"),
                new Evidence(1, 0, sentence.length(), sentence, "red line"),
                0.9);
        boolean update = "update".equals(kind);
        return new Alert(
                id,
                subscriptionId,
                "Ukraine escalation",
                kind,
                update ? EscalationLevel.ELEVATED : null,
                article,
                "story-" + id,
                EscalationLevel.HIGH,
                73,
                List.of(signal),
                List.of("Kremlin draws a red line over <em>howitzers</em>"),
                List.of("howitzers"),
                "https://redline.example.org/api/articles/art-" + id,
                "https://redline.example.org/api/stories/story-" + id,
                Instant.parse("2026-11-27T04:12:30Z"));
    }

    /** Creates a subscription through the API and returns its id. */
    static String subscription(String name) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("query", "howitzers");
        b.put("mode", "IMMEDIATE");
        b.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/redline")));
        return given().contentType(ContentType.JSON)
                .body(b)
                .post("/api/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static URI uri(String pathAndQuery) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + pathAndQuery);
    }
}
