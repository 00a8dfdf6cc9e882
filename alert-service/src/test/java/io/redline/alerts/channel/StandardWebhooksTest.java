package io.redline.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.alerts.channel.StandardWebhooks.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signing and verification, against the specification's published test vector. */
class StandardWebhooksTest {

    // The test vector of the Standard Webhooks specification and its reference libraries.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SPEC_NOW = Instant.ofEpochSecond(SPEC_TIMESTAMP);

    @Test
    void signsTheSpecificationVector() {
        assertThat(StandardWebhooks.signature(List.of(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifiesTheSpecificationVector() {
        assertThatNoException()
                .isThrownBy(() -> StandardWebhooks.verify(
                        SPEC_SECRET, headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW));
    }

    @Test
    void acceptsASecretWithoutItsPrefix() {
        assertThat(StandardWebhooks.signature(List.of(SPEC_SECRET.substring(6)), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void matchesAnIndependentHmacOfANewSecret() throws Exception {
        String secret = StandardWebhooks.newSecret();
        byte[] body = "{\"type\":\"alert.created\",\"data\":{\"title\":\"Ünïcödé\"}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers =
                StandardWebhooks.headers(List.of(secret), "alert-42", Instant.ofEpochSecond(1_790_000_000L), body);

        // Recomputed straight from the specification's definition, with nothing of the class under test.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update("alert-42.1790000000.".getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));

        assertThat(headers)
                .containsExactly(
                        Map.entry("webhook-id", "alert-42"),
                        Map.entry("webhook-timestamp", "1790000000"),
                        Map.entry("webhook-signature", expected));
    }

    @Test
    void newSecretsAreWhsecAnd32RandomBytes() {
        String one = StandardWebhooks.newSecret();
        String two = StandardWebhooks.newSecret();
        assertThat(one).startsWith("whsec_");
        assertThat(StandardWebhooks.key(one)).hasSize(32);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void signsWithEverySecretDuringARotationAndEachVerifies() throws Exception {
        String oldSecret = StandardWebhooks.newSecret();
        String newSecret = StandardWebhooks.newSecret();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(1_790_000_000L);
        Map<String, String> headers = StandardWebhooks.headers(List.of(oldSecret, newSecret), "alert-1", now, body);

        String[] entries = headers.get("webhook-signature").split(" ");
        assertThat(entries).hasSize(2);
        assertThat(entries[0])
                .isEqualTo(StandardWebhooks.signature(List.of(oldSecret), "alert-1", now.getEpochSecond(), body));
        assertThat(entries[1])
                .isEqualTo(StandardWebhooks.signature(List.of(newSecret), "alert-1", now.getEpochSecond(), body));
        StandardWebhooks.verify(oldSecret, headers, body, now);
        StandardWebhooks.verify(newSecret, headers, body, now);
        assertThatThrownBy(() -> StandardWebhooks.verify(StandardWebhooks.newSecret(), headers, body, now))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("No matching signature");
    }

    @Test
    void rejectsATamperedBodyIdOrTimestamp() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StandardWebhooks.verify(
                        SPEC_SECRET, headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), tampered, SPEC_NOW))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> StandardWebhooks.verify(
                        SPEC_SECRET, headers("msg_other", SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> StandardWebhooks.verify(
                        SPEC_SECRET, headers(SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void rejectsAWrongSecret() {
        assertThatThrownBy(() -> StandardWebhooks.verify(
                        StandardWebhooks.newSecret(),
                        headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE),
                        SPEC_BODY,
                        SPEC_NOW))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void acceptsTimestampsWithinFiveMinutesAndRejectsOlderOrNewer() {
        Map<String, String> headers = headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE);
        assertThatNoException()
                .isThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, headers, SPEC_BODY, SPEC_NOW.plusSeconds(300)));
        assertThatNoException()
                .isThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, headers, SPEC_BODY, SPEC_NOW.minusSeconds(300)));
        assertThatThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, headers, SPEC_BODY, SPEC_NOW.plusSeconds(301)))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("too old");
        assertThatThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, headers, SPEC_BODY, SPEC_NOW.minusSeconds(301)))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("too new");
    }

    @Test
    void readsHeaderNamesCaseInsensitivelyAndSkipsUnknownVersions() throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("Webhook-Id", SPEC_ID);
        headers.put("WEBHOOK-TIMESTAMP", Long.toString(SPEC_TIMESTAMP));
        headers.put("Webhook-Signature", "v1a,c29tZXRoaW5n v1,bm90IGl0 " + SPEC_SIGNATURE);
        StandardWebhooks.verify(SPEC_SECRET, headers, SPEC_BODY, SPEC_NOW);
    }

    @Test
    void rejectsMissingHeadersAndMalformedTimestamps() {
        Map<String, String> noSignature = headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE);
        noSignature.remove("webhook-signature");
        assertThatThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, noSignature, SPEC_BODY, SPEC_NOW))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("webhook-signature");
        Map<String, String> badTimestamp = headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE);
        badTimestamp.put("webhook-timestamp", "yesterday");
        assertThatThrownBy(() -> StandardWebhooks.verify(SPEC_SECRET, badTimestamp, SPEC_BODY, SPEC_NOW))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("webhook-timestamp");
    }

    @Test
    void refusesSecretsThatAreNotBase64() {
        assertThatThrownBy(() -> StandardWebhooks.key("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandardWebhooks.key("whsec_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandardWebhooks.signature(List.of(), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }
}
