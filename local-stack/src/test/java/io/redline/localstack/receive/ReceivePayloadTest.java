package io.redline.localstack.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading alert payloads, tolerantly, and the receiver's options. */
class ReceivePayloadTest {

    @Test
    void readsAnImmediateAlert() {
        AlertPayload payload =
                AlertPayload.parse(ReceiveWebhookReceiverTest.alertJson("alert-1", "2026-11-27T07:59:56Z"));

        assertThat(payload.type()).isEqualTo("alert.created");
        assertThat(payload.subscriptionName()).isEqualTo("Escalation");
        AlertPayload.Alert alert = payload.alerts().get(0);
        assertThat(alert.id()).isEqualTo("alert-1");
        assertThat(alert.level()).isEqualTo("HIGH");
        assertThat(alert.score()).isEqualTo("62");
        assertThat(alert.title()).isEqualTo("Kremlin warns strikes would cross a \"red line\"");
        assertThat(alert.evidence()).isEqualTo("Moscow warned that strikes would cross a red line.");
        assertThat(alert.fetchedAt()).isEqualTo(Instant.parse("2026-11-27T07:59:56Z"));
        assertThat(alert.matchedAt()).isEqualTo(Instant.parse("2026-11-27T07:59:59.850Z"));
    }

    @Test
    void readsAMorningBriefWithItsSections() {
        String brief = "{\"type\":\"brief.created\",\"timestamp\":\"2026-12-07T07:00:00Z\",\"data\":{"
                + "\"subscriptionName\":\"Desk\",\"from\":\"2026-12-06T19:00:00Z\",\"to\":\"2026-12-07T07:00:00Z\","
                + "\"levelRises\":[{\"storyId\":\"s1\",\"title\":\"Port struck\",\"fromLevel\":\"LOW\","
                + "\"toLevel\":\"HIGH\",\"evidence\":{\"sentence\":\"Missiles hit the port.\"}}],"
                + "\"spikes\":[{\"kind\":\"actor\",\"key\":\"RUS\",\"observed\":9,\"baseline\":{\"median\":1.5}},"
                + "{\"kind\":\"dyad\",\"key\":\"RUS>EST\",\"observed\":6,\"baseline\":{\"median\":0}}],"
                + "\"corroborated\":[]}}";

        AlertPayload payload = AlertPayload.parse(brief);

        assertThat(payload.isBrief()).isTrue();
        assertThat(payload.alerts()).isEmpty();
        assertThat(payload.subscriptionName()).isEqualTo("Desk");
        assertThat(payload.periodStart()).isEqualTo(Instant.parse("2026-12-06T19:00:00Z"));
        assertThat(payload.brief().levelRises()).isEqualTo(1);
        assertThat(payload.brief().spikes()).isEqualTo(2);
        assertThat(payload.brief().corroborated()).isZero();
        assertThat(payload.brief().lines())
                .containsExactly(
                        "level LOW -> HIGH  Port struck  \"Missiles hit the port.\"",
                        "spike actor RUS: 9 vs median 1.5",
                        "spike dyad RUS>EST: 6 vs median 0");
    }

    @Test
    void readsADigestWithItsAlerts() {
        String one = ReceiveWebhookReceiverTest.alertJson("a1", null);
        String alertData = one.substring(one.indexOf("\"data\":") + 7, one.length() - 1);
        String digest = "{\"type\":\"alert.digest\",\"timestamp\":\"2026-11-27T09:00:00Z\",\"data\":{\"id\":\"d1\","
                + "\"subscriptionId\":\"s\",\"subscriptionName\":\"Morning\",\"periodStart\":\"2026-11-27T08:00:00+00:00\","
                + "\"periodEnd\":\"2026-11-27T09:00:00Z\",\"alerts\":[" + alertData + "," + alertData + "]}}";

        AlertPayload payload = AlertPayload.parse(digest);

        assertThat(payload.isDigest()).isTrue();
        assertThat(payload.subscriptionName()).isEqualTo("Morning");
        assertThat(payload.periodStart()).isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(payload.alerts())
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.id()).isEqualTo("a1"));
    }

    @Test
    void refusesBodiesThatAreNotAnAlertEnvelope() {
        assertThatThrownBy(() -> AlertPayload.parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertPayload.parse("{\"data\":{}}")).hasMessageContaining("no \"type\"");
        assertThatThrownBy(() -> AlertPayload.parse("{\"type\":\"alert.created\"}"))
                .hasMessageContaining("no \"data\"");
        assertThatThrownBy(() -> AlertPayload.parse("{\"type\":")).hasMessageContaining("not JSON");
    }

    @Test
    void readsEscapesNumbersAndEpochInstantsAsSent() {
        String body = """
                {"type":"alert.updated","timestamp":1764230400.25,"data":{"id":"a\\u00e9\\ud83d\\ude80\\/",\
                "score":62.50,"level":null,"article":{"title":"Line\\nbreak","fetchedAt":1764230396},\
                "signals":[{"evidence":{}},{"evidence":{"sentence":"second"}}]}}""";

        AlertPayload payload = AlertPayload.parse(body);

        assertThat(payload.timestamp()).isEqualTo(Instant.parse("2025-11-27T08:00:00.250Z"));
        AlertPayload.Alert alert = payload.alerts().get(0);
        assertThat(alert.id()).isEqualTo("a\u00e9\ud83d\ude80/");
        assertThat(alert.score()).isEqualTo("62.5");
        assertThat(alert.level()).isNull();
        assertThat(alert.title()).isEqualTo("Line\nbreak");
        assertThat(alert.fetchedAt()).isEqualTo(Instant.parse("2025-11-27T07:59:56Z"));
        assertThat(alert.evidence()).as("the first signal that has a sentence").isEqualTo("second");
        assertThat(alert.fetchToReceivedMs(Instant.parse("2025-11-27T08:00:01Z")))
                .isEqualTo(5000L);
        assertThat(alert.matchToReceivedMs(Instant.parse("2025-11-27T08:00:01Z")))
                .as("no matchedAt")
                .isNull();
    }

    @Test
    void refusesTrailingTextAndDeepNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> AlertPayload.parse("{\"type\":\"alert.created\",\"data\":{}} {}"))
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> AlertPayload.parse("[".repeat(10_000)))
                .hasMessageStartingWith("not JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void readsOptionsWithTheSecretFromTheEnvironment() {
        String secret = ReceiveSignatureVerifierTest.SECRET;

        assertThat(ReceiveOptions.parse(new String[0], Map.of("REDLINE_WEBHOOK_SECRET", secret)))
                .isEqualTo(new ReceiveOptions(9999, secret, "/hook", 204, null, false));
        assertThat(ReceiveOptions.parse(
                        new String[] {
                            "--port", "0", "--path=alerts", "--status", "503", "--log", "out.jsonl", "--secret", secret
                        },
                        Map.of()))
                .isEqualTo(new ReceiveOptions(0, secret, "/alerts", 503, Path.of("out.jsonl"), false));
        assertThat(ReceiveOptions.parse(new String[] {"--host", "0.0.0.0"}, Map.of())
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(ReceiveOptions.parse(new String[0], Map.of()).host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--json"}, Map.of()))
                .hasMessage("--json needs --log FILE");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--port", "x"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--secret", "whsec_***"}, Map.of()))
                .hasMessageContaining("whsec_<base64>");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--nope"}, Map.of()))
                .hasMessage("unknown option --nope");
    }
}
