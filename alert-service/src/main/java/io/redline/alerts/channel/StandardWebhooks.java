package io.redline.alerts.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com/): secrets, signing of outgoing deliveries,
 * and the verifier a receiver runs.
 *
 * <p>A delivery carries {@code webhook-id} (the alert id, stable across retries so receivers can dedupe),
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}: space-separated {@code v1,<base64
 * HMAC-SHA256(key, "<id>.<timestamp>.<body>")>} entries, one per active secret. A secret is {@code whsec_}
 * followed by the base64 of the key. During a rotation the endpoint has two secrets and every delivery is
 * signed with both, so a receiver still on the old secret and one already on the new both verify.
 *
 * <p>Receivers (any Standard Webhooks library works, or {@link #verify}) must verify against the raw request
 * body bytes, before parsing JSON, reject timestamps more than {@link #TOLERANCE} away from their clock
 * (replays) and compare signatures in constant time.
 */
public final class StandardWebhooks {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** Prefix of a secret as shown to users; the specification's own. */
    public static final String SECRET_PREFIX = "whsec_";
    /** Largest clock difference accepted, the specification's recommended 5 minutes. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhooks() {}

    /** A new secret: {@code whsec_} + base64 of 32 random bytes (256 bits, the HMAC-SHA256 block-size sweet spot). */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The HMAC key of a secret. The {@code whsec_} prefix is optional, as in the reference libraries, because
     * users paste secrets with and without it.
     *
     * @throws IllegalArgumentException if the rest is not base64 or is empty
     */
    public static byte[] key(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("Webhook secret is missing");
        }
        String encoded = secret.strip();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Webhook secret is not " + SECRET_PREFIX + "<base64>", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("Webhook secret has an empty key");
        }
        return key;
    }

    /**
     * The {@code webhook-signature} value: one {@code v1,<signature>} entry per secret, in the given order,
     * separated by spaces.
     */
    public static String signature(List<String> secrets, String id, long timestamp, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is needed to sign");
        }
        List<String> entries = new ArrayList<>();
        for (String secret : secrets) {
            entries.add(VERSION + "," + Base64.getEncoder().encodeToString(hmac(key(secret), id, timestamp, body)));
        }
        return String.join(" ", entries);
    }

    /** The three headers of a delivery of {@code body} (the exact bytes sent) signed with every secret. */
    public static Map<String, String> headers(List<String> secrets, String id, Instant at, byte[] body) {
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(SIGNATURE_HEADER, signature(secrets, id, timestamp, body));
        return headers;
    }

    /**
     * Verifies a received delivery the way the specification tells receivers to.
     *
     * @param secret  the receiver's secret
     * @param headers the request headers; names are matched case-insensitively, as HTTP requires
     * @param body    the raw request body
     * @param now     the receiver's clock
     * @throws VerificationException if a header is missing, the timestamp is outside {@link #TOLERANCE} of
     *                               {@code now}, or no {@code v1} signature matches
     */
    public static void verify(String secret, Map<String, String> headers, byte[] body, Instant now)
            throws VerificationException {
        String id = header(headers, ID_HEADER);
        String timestampText = header(headers, TIMESTAMP_HEADER);
        String signatures = header(headers, SIGNATURE_HEADER);
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.strip());
        } catch (NumberFormatException e) {
            throw new VerificationException("Invalid " + TIMESTAMP_HEADER + ": " + timestampText);
        }
        long skew = now.getEpochSecond() - timestamp;
        if (skew > TOLERANCE.toSeconds()) {
            throw new VerificationException("Message timestamp too old");
        }
        if (-skew > TOLERANCE.toSeconds()) {
            throw new VerificationException("Message timestamp too new");
        }
        byte[] expected = hmac(key(secret), id, timestamp, body);
        for (String entry : signatures.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                continue; // other versions (e.g. v1a asymmetric) are allowed by the specification and skipped
            }
            byte[] received;
            try {
                received = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Constant time: a comparison that stops at the first differing byte leaks how much of a forged
            // signature is right.
            if (MessageDigest.isEqual(expected, received)) {
                return;
            }
        }
        throw new VerificationException("No matching signature found");
    }

    private static String header(Map<String, String> headers, String name) throws VerificationException {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue();
            }
        }
        throw new VerificationException("Missing required header " + name);
    }

    private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
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

    /** A delivery that must not be trusted; the message says why, for the receiver's log. */
    public static final class VerificationException extends Exception {
        public VerificationException(String message) {
            super(message);
        }
    }
}
