package io.redline.localstack.receive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com/) the way the specification tells
 * a receiver to, written here so that local-stack does not depend on alert-service, which signs them.
 *
 * <p>The signed content is {@code <webhook-id>.<webhook-timestamp>.<raw body>}, the MAC is HMAC-SHA256 keyed with
 * the base64-decoded secret (after its {@code whsec_} prefix), and {@code webhook-signature} lists one or more
 * space-separated {@code v1,<base64>} entries, of which one matching is enough (a sender rotating its secret
 * signs with both).
 */
public final class SignatureVerifier {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    /** The specification's recommended replay window. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    /**
     * A verifier for {@code secret}; the {@code whsec_} prefix is optional because users paste secrets with and
     * without it.
     *
     * @throws IllegalArgumentException if the secret is not base64 or has an empty key
     */
    public SignatureVerifier(String secret) {
        this.key = key(secret);
    }

    /** The HMAC key of a {@code whsec_<base64>} secret. */
    static byte[] key(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        String encoded = secret.strip();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret is not " + SECRET_PREFIX + "<base64>");
        }
        if (decoded.length == 0) {
            throw new IllegalArgumentException("the webhook secret has an empty key");
        }
        return decoded;
    }

    /**
     * Checks one delivery.
     *
     * @param header the request's header values by lower-case name, null when absent
     * @param body   the raw body bytes, exactly as received: a re-serialised body would not match
     * @param now    the receiver's clock, for the replay window
     * @return {@link Verdict#valid()} or the reason it is not
     */
    public Verdict verify(Function<String, String> header, byte[] body, Instant now) {
        String id = header.apply(ID_HEADER);
        String timestampText = header.apply(TIMESTAMP_HEADER);
        String signatures = header.apply(SIGNATURE_HEADER);
        for (String[] required :
                new String[][] {{ID_HEADER, id}, {TIMESTAMP_HEADER, timestampText}, {SIGNATURE_HEADER, signatures}}) {
            if (required[1] == null || required[1].isBlank()) {
                return Verdict.invalid("missing " + required[0] + " header");
            }
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.strip());
        } catch (NumberFormatException e) {
            return Verdict.invalid(TIMESTAMP_HEADER + " is not unix seconds: " + timestampText);
        }
        long skew = now.getEpochSecond() - timestamp;
        if (Math.abs(skew) > TOLERANCE.toSeconds()) {
            return Verdict.invalid("timestamp " + Math.abs(skew) + " s " + (skew > 0 ? "old" : "in the future")
                    + ", more than " + TOLERANCE.toSeconds() + " s");
        }
        byte[] expected = hmac(key, id, timestamp, body);
        boolean sawV1 = false;
        for (String entry : signatures.strip().split(" +")) {
            int comma = entry.indexOf(',');
            // Other versions (v1a, asymmetric) are allowed by the specification; this receiver only knows v1.
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            sawV1 = true;
            byte[] received;
            try {
                received = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Constant time: stopping at the first differing byte would leak how much of a forgery is right.
            if (MessageDigest.isEqual(expected, received)) {
                return Verdict.VALID;
            }
        }
        return Verdict.invalid(
                sawV1
                        ? "no v1 signature matches (wrong secret or altered body)"
                        : "no v1 signature in " + SIGNATURE_HEADER);
    }

    /** HMAC-SHA256 of {@code <id>.<timestamp>.<body>}; also what a test signs with. */
    static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory on every Java platform.
            throw new IllegalStateException(e);
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param valid   whether a signature matched within the replay window
     * @param problem why not, for the printed block; null when valid
     */
    public record Verdict(boolean valid, String problem) {

        static final Verdict VALID = new Verdict(true, null);

        static Verdict invalid(String problem) {
            return new Verdict(false, problem);
        }
    }
}
