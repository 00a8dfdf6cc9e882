package io.redline.localstack.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading alert payloads with the small JSON reader, and the receiver's options. */
class ReceivePayloadTest {

    @Test
    void readsAnImmediateAlert() {
        AlertPayload payload = AlertPayload.parse(ReceiveWebhookReceiverTest.alertJson("alert-1", "2026-11-27T07:59:56Z"));

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
        assertThat(payload.alerts()).hasSize(2).allSatisfy(a -> assertThat(a.id()).isEqualTo("a1"));
    }

    @Test
    void refusesBodiesThatAreNotAnAlertEnvelope() {
        assertThatThrownBy(() -> AlertPayload.parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertPayload.parse("{\"data\":{}}")).hasMessageContaining("no \"type\"");
        assertThatThrownBy(() -> AlertPayload.parse("{\"type\":\"alert.created\"}")).hasMessageContaining("no \"data\"");
        assertThatThrownBy(() -> AlertPayload.parse("{\"type\":")).hasMessageContaining("not JSON");
    }

    @Test
    void readsJsonEscapesNumbersAndLiterals() {
        Object value = Json.parse(" {\"s\":\"a\\u00e9\\n\\ud83d\\ude80\\/\",\"n\":-1.5e2,\"t\":true,\"z\":null,\"l\":[]} ");

        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(map.get("s")).isEqualTo("a\u00e9\n\ud83d\ude80/");
        assertThat(map.get("n")).isEqualTo(new BigDecimal("-1.5e2"));
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.containsKey("z")).isTrue();
        assertThat(map.get("z")).isNull();
        assertThat(map.get("l")).isEqualTo(List.of());
        assertThat(Json.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000))).hasMessageContaining("nested more than");
    }

    @Test
    void readsOptionsWithTheSecretFromTheEnvironment() {
        String secret = ReceiveSignatureVerifierTest.SECRET;

        assertThat(ReceiveOptions.parse(new String[0], Map.of("REDLINE_WEBHOOK_SECRET", secret)))
                .isEqualTo(new ReceiveOptions(9999, secret, "/hook", 204, null, false));
        assertThat(ReceiveOptions.parse(new String[] {"--port", "0", "--path=alerts", "--status", "503", "--log",
                "out.jsonl", "--secret", secret}, Map.of()))
                .isEqualTo(new ReceiveOptions(0, secret, "/alerts", 503, Path.of("out.jsonl"), false));
        assertThat(ReceiveOptions.parse(new String[] {"--host", "0.0.0.0"}, Map.of()).host()).isEqualTo("0.0.0.0");
        assertThat(ReceiveOptions.parse(new String[0], Map.of()).host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--json"}, Map.of())).hasMessage("--json needs --log FILE");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--port", "x"}, Map.of())).hasMessageContaining("--port");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--secret", "whsec_***"}, Map.of()))
                .hasMessageContaining("whsec_<base64>");
        assertThatThrownBy(() -> ReceiveOptions.parse(new String[] {"--nope"}, Map.of())).hasMessage("unknown option --nope");
    }
}
