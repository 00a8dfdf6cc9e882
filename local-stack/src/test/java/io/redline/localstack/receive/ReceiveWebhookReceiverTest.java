package io.redline.localstack.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the receiver on a free loopback port and sends it signed deliveries over real HTTP. */
class ReceiveWebhookReceiverTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final byte[] KEY = Base64.getDecoder().decode(ReceiveSignatureVerifierTest.SECRET.substring(6));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private WebhookReceiver receiver;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    private WebhookReceiver start(String secret, Path log) throws Exception {
        ReceiveOptions options = new ReceiveOptions(0, secret, "/hook", 204, log, false);
        receiver = new WebhookReceiver(
                        options,
                        new PrintStream(printed, true, StandardCharsets.UTF_8),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
        return receiver;
    }

    static String alertJson(String id, String fetchedAt) {
        return """
                {"type":"alert.created","timestamp":"2026-11-27T07:59:59.900Z","data":{"id":"%s",\
                "subscriptionId":"sub-1","subscriptionName":"Escalation","kind":"new","previousLevel":null,\
                "article":{"id":"art-1","revision":1,"url":"http://127.0.0.1:8090/articles/red-line",\
                "title":"Kremlin warns strikes would cross a \\"red line\\"","summary":"...","sourceDomain":"127.0.0.1",\
                "language":"en","publishedAt":"2026-11-27T07:59:50Z","tags":["demo"]%s},\
                "storyId":"story-1","level":"HIGH","score":62,"signals":[{"type":"RED_LINE","modality":"ASSERTED",\
                "speaker":null,"actors":["RUS"],"evidence":{"sentenceIndex":0,"start":0,"end":10,\
                "sentence":"Moscow warned that strikes would cross a red line.","matchedText":"red line"},\
                "confidence":0.9}],"highlights":["a <em>red line</em>"],"matchedTerms":["red line"],\
                "articleLink":"http://127.0.0.1:8080/api/articles/art-1","storyLink":"http://127.0.0.1:8080/api/stories/story-1",\
                "matchedAt":"2026-11-27T07:59:59.850Z","futureField":{"ignored":true}}}""".formatted(id, fetchedAt == null ? "" : ",\"fetchedAt\":\"" + fetchedAt + "\"");
    }

    private HttpResponse<String> post(String path, String id, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (id != null) {
            request.header("webhook-id", id).header("webhook-timestamp", Long.toString(NOW.getEpochSecond()));
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postSigned(String id, byte[] body) throws Exception {
        return post("/hook", id, body, ReceiveSignatureVerifierTest.sign(KEY, id, NOW.getEpochSecond(), body));
    }

    @Test
    void verifiesPrintsDedupesAndCounts() throws Exception {
        start(ReceiveSignatureVerifierTest.SECRET, null);
        byte[] body = alertJson("alert-1", "2026-11-27T07:59:56Z").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = postSigned("alert-1", body);
        HttpResponse<String> repeat = postSigned("alert-1", body);
        byte[] tampered = alertJson("alert-2", null).replace("HIGH", "CRITICAL").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> forged = post(
                "/hook",
                "alert-2",
                tampered,
                ReceiveSignatureVerifierTest.sign(
                        KEY,
                        "alert-2",
                        NOW.getEpochSecond(),
                        alertJson("alert-2", null).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> second =
                postSigned("alert-3", alertJson("alert-3", null).getBytes(StandardCharsets.UTF_8));

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(repeat.statusCode())
                .as("a repeat is acknowledged so the sender stops")
                .isEqualTo(204);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("no v1 signature matches");
        assertThat(second.statusCode()).isEqualTo(204);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("webhook-id alert-1")
                .contains("signature     valid")
                .contains("type          alert.created")
                .contains("subscription  Escalation")
                .contains("level         HIGH, score 62")
                .contains("Kremlin warns strikes would cross a \"red line\"")
                .contains("http://127.0.0.1:8090/articles/red-line")
                .contains("evidence      Moscow warned that strikes would cross a red line.")
                .contains("latency       fetch -> received 4.0 s, match -> received 150 ms")
                .contains("repeat of alert-1 (ignored)")
                .contains("signature     INVALID (no v1 signature matches (wrong secret or altered body))")
                .contains("fetch -> received n/a (no article.fetchedAt)");
        assertThat(output).doesNotContain("CRITICAL");

        assertThat(receiver.summary()).isEqualTo(new Deliveries.Summary(4, 2, 1, 1, 0, 0, 2));
        String summary = receiver.summaryText();
        assertThat(summary)
                .containsPattern("deliveries +4")
                .containsPattern("distinct webhook-ids +2")
                .containsPattern("repeats \\(ignored\\) +1")
                .containsPattern("invalid signatures +1")
                .containsPattern("match -> received +2 +150 ms +150 ms +150 ms +150 ms")
                // alert-3 has no fetchedAt: its fetch latency falls back to matchedAt, and the summary says so.
                .containsPattern("feed fetch -> received +2 +150 ms +4.0 s +4.0 s +4.0 s")
                .contains("1 of 2 alerts had no article.fetchedAt");
    }

    @Test
    void printsUncheckedDeliveriesWithoutASecretAndLogsJsonLines() throws Exception {
        Path log = dir.resolve("receive.jsonl");
        start(null, log);

        HttpResponse<String> response = post(
                "/hook",
                "alert-9",
                alertJson("alert-9", "2026-11-27T07:59:58.500Z").getBytes(StandardCharsets.UTF_8),
                null);
        post("/hook", "alert-9", alertJson("alert-9", null).getBytes(StandardCharsets.UTF_8), null);
        receiver.stop();

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("signature     not checked (no --secret)");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .isEqualTo(
                        "{\"id\":\"alert-9\",\"type\":\"alert.created\","
                                + "\"receivedAt\":\"2026-11-27T08:00:00Z\",\"valid\":null,\"repeat\":false,\"status\":204,"
                                + "\"alertId\":\"alert-9\",\"kind\":\"new\",\"storyId\":\"story-1\",\"articleId\":\"art-1\","
                                + "\"fetchedAt\":\"2026-11-27T07:59:58.500Z\","
                                + "\"matchedAt\":\"2026-11-27T07:59:59.850Z\",\"fetchToReceivedMs\":1500,\"matchToReceivedMs\":150}");
        assertThat(lines.get(1)).contains("\"repeat\":true");
        assertThat(new ObjectMapper().readTree(lines.get(1)).isObject()).isTrue();
    }

    @Test
    void countsRetriesOfARefusedDeliveryAsAttemptsNotRepeats() throws Exception {
        ReceiveOptions options = new ReceiveOptions(0, null, "/hook", 503, null, false);
        receiver = new WebhookReceiver(
                        options,
                        new PrintStream(printed, true, StandardCharsets.UTF_8),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
        byte[] body = alertJson("alert-5", null).getBytes(StandardCharsets.UTF_8);

        assertThat(post("/hook", "alert-5", body, null).statusCode()).isEqualTo(503);
        assertThat(post("/hook", "alert-5", body, null).statusCode()).isEqualTo(503);

        // Nothing was acknowledged, so the sender's retry is a second attempt, timed once.
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("attempt       2 (earlier ones were answered 503)");
        assertThat(receiver.summary()).isEqualTo(new Deliveries.Summary(2, 1, 0, 0, 0, 0, 1));
    }

    @Test
    void printsADigestWithoutTimingIt() throws Exception {
        start(null, null);
        String one = alertJson("a1", null);
        String alertData = one.substring(one.indexOf("\"data\":") + 7, one.length() - 1);
        String digest = "{\"type\":\"alert.digest\",\"timestamp\":\"2026-11-27T08:00:00Z\",\"data\":{\"id\":\"d1\","
                + "\"subscriptionName\":\"Morning\",\"periodStart\":\"2026-11-27T07:00:00Z\","
                + "\"periodEnd\":\"2026-11-27T08:00:00Z\",\"alerts\":[" + alertData + "]}}";

        assertThat(post("/hook", "d1", digest.getBytes(StandardCharsets.UTF_8), null)
                        .statusCode())
                .isEqualTo(204);

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("type          alert.digest (1 alert, 07:00:00.000 to 08:00:00.000)")
                .contains("alert 1       HIGH, score 62  Kremlin warns");
        assertThat(receiver.summary()).isEqualTo(new Deliveries.Summary(1, 1, 0, 0, 0, 1, 0));
        assertThat(receiver.summaryText()).contains("digests").contains("not timed");
    }

    @Test
    void reportsABusyPort() throws Exception {
        start(null, null);
        ReceiveOptions same = new ReceiveOptions(receiver.port(), null, "/hook", 204, null, false);

        assertThatThrownBy(() -> new WebhookReceiver(
                                same, new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC())
                        .start())
                .hasMessageContaining("is in use; pick another with --port");
    }

    @Test
    void answersOtherPathsMethodsAndOversizedBodiesWithoutCountingThem() throws Exception {
        start(ReceiveSignatureVerifierTest.SECRET, null);

        HttpResponse<String> wrongPath = post("/elsewhere", "a", new byte[] {'{', '}'}, null);
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/hook"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> huge = post("/hook", "a", new byte[HookEndpoint.MAX_BODY_BYTES + 1], null);
        HttpResponse<String> garbage = postSigned("b", "not json".getBytes(StandardCharsets.UTF_8));

        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(receiver.summary()).isEqualTo(new Deliveries.Summary(1, 0, 0, 0, 1, 0, 0));
    }
}
