package io.redline.localstack.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks verifier against signatures made independently with javax.crypto. */
class ReceiveSignatureVerifierTest {

    private static final byte[] KEY = "a 32-byte key for the receive te".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final byte[] BODY = "{\"type\":\"alert.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    private final SignatureVerifier verifier = new SignatureVerifier(SECRET);

    /** {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}, computed here without the code under test. */
    static String sign(byte[] key, String id, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    static Map<String, String> headers(String id, long timestamp, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    @Test
    void acceptsASignatureMadeWithTheSecret() throws Exception {
        long ts = NOW.getEpochSecond();
        Map<String, String> h = headers("alert-1", ts, sign(KEY, "alert-1", ts, BODY));

        assertThat(verifier.verify(h::get, BODY, NOW)).isEqualTo(new SignatureVerifier.Verdict(true, null));
    }

    @Test
    void acceptsTheSecretWithoutItsPrefix() throws Exception {
        long ts = NOW.getEpochSecond();
        Map<String, String> h = headers("alert-1", ts, sign(KEY, "alert-1", ts, BODY));

        assertThat(new SignatureVerifier(Base64.getEncoder().encodeToString(KEY))
                        .verify(h::get, BODY, NOW)
                        .valid())
                .isTrue();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() throws Exception {
        long ts = NOW.getEpochSecond();
        byte[] otherKey = "another key, not the subscriber's".getBytes(StandardCharsets.US_ASCII);
        Map<String, String> h = headers("alert-1", ts, sign(otherKey, "alert-1", ts, BODY));

        SignatureVerifier.Verdict verdict = verifier.verify(h::get, BODY, NOW);

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.problem()).contains("no v1 signature matches");
    }

    @Test
    void rejectsATamperedBody() throws Exception {
        long ts = NOW.getEpochSecond();
        Map<String, String> h = headers("alert-1", ts, sign(KEY, "alert-1", ts, BODY));
        byte[] tampered = "{\"type\":\"alert.created\",\"data\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(h::get, tampered, NOW).valid()).isFalse();
    }

    @Test
    void rejectsAnIdOrTimestampOtherThanTheSigned() throws Exception {
        long ts = NOW.getEpochSecond();
        String signature = sign(KEY, "alert-1", ts, BODY);

        assertThat(verifier.verify(headers("alert-2", ts, signature)::get, BODY, NOW)
                        .valid())
                .isFalse();
        assertThat(verifier.verify(headers("alert-1", ts - 1, signature)::get, BODY, NOW)
                        .valid())
                .isFalse();
    }

    @Test
    void rejectsTimestampsMoreThanFiveMinutesOff() throws Exception {
        long stale = NOW.minusSeconds(301).getEpochSecond();
        long future = NOW.plusSeconds(301).getEpochSecond();
        long edge = NOW.minusSeconds(300).getEpochSecond();

        SignatureVerifier.Verdict old =
                verifier.verify(headers("a", stale, sign(KEY, "a", stale, BODY))::get, BODY, NOW);
        assertThat(old.valid()).isFalse();
        assertThat(old.problem()).isEqualTo("timestamp 301 s old, more than 300 s");
        SignatureVerifier.Verdict ahead =
                verifier.verify(headers("a", future, sign(KEY, "a", future, BODY))::get, BODY, NOW);
        assertThat(ahead.valid()).isFalse();
        assertThat(ahead.problem()).contains("in the future");
        assertThat(verifier.verify(headers("a", edge, sign(KEY, "a", edge, BODY))::get, BODY, NOW)
                        .valid())
                .isTrue();
    }

    @Test
    void acceptsWhenOneOfSeveralSignaturesMatches() throws Exception {
        long ts = NOW.getEpochSecond();
        byte[] oldKey = "the key before a secret rotation".getBytes(StandardCharsets.US_ASCII);
        String several = sign(oldKey, "a", ts, BODY) + " v1a,c29tZSBhc3ltbWV0cmljIG9uZQ== v1,!!notbase64 "
                + sign(KEY, "a", ts, BODY);

        assertThat(verifier.verify(headers("a", ts, several)::get, BODY, NOW).valid())
                .isTrue();
        assertThat(verifier.verify(headers("a", ts, sign(oldKey, "a", ts, BODY) + " v1a,abc")::get, BODY, NOW)
                        .valid())
                .isFalse();
    }

    @Test
    void namesTheMissingHeader() throws Exception {
        long ts = NOW.getEpochSecond();
        for (String name : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature"}) {
            Map<String, String> h = headers("a", ts, sign(KEY, "a", ts, BODY));
            h.remove(name);

            SignatureVerifier.Verdict verdict = verifier.verify(h::get, BODY, NOW);

            assertThat(verdict.valid()).isFalse();
            assertThat(verdict.problem()).isEqualTo("missing " + name + " header");
        }
    }

    @Test
    void rejectsATimestampThatIsNotUnixSeconds() throws Exception {
        Map<String, String> h = headers("a", 0, sign(KEY, "a", 0, BODY));
        h.put("webhook-timestamp", "2026-11-27T08:00:00Z");

        assertThat(verifier.verify(h::get, BODY, NOW).problem()).contains("not unix seconds");
    }

    @Test
    void refusesASecretThatIsNotBase64() {
        assertThatThrownBy(() -> new SignatureVerifier("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_<base64>");
        assertThatThrownBy(() -> new SignatureVerifier("whsec_")).isInstanceOf(IllegalArgumentException.class);
    }
}
