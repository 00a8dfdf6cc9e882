package io.redline.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shape of an API key and how its secret is hashed: {@code rlk_<id>_<secret>}, a public id (16 base-32
 * characters, 80 bits) that names the key in lists and logs, and a secret (32 random bytes, base64url).
 *
 * <p>Only a salted HMAC-SHA-256 of the secret is stored, keyed once more with a server-side pepper when one is
 * configured (version 2: {@code HMAC(pepper, HMAC(salt, secret))}), so a copy of the topic alone does not let anyone
 * test a guess. A slow password hash (bcrypt, PBKDF2) would buy nothing here: the secret has 256 bits of entropy, so
 * no dictionary or brute-force attack applies, and a fast hash keeps the check on every request in microseconds.
 * Nesting the pepper over the salted hash also means an unpeppered hash could be upgraded without the key.
 */
public final class ApiKeyFormat {

    /** Every key starts with this, so scanners (and people) recognise a leaked one. */
    public static final String PREFIX = "rlk_";

    private static final Pattern SHAPE = Pattern.compile("rlk_([a-z2-7]{16})_([A-Za-z0-9_-]{43})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {}

    /** A presented key split into its id and secret. */
    public record Parsed(String id, String secret) {}

    /** A newly made key: the full value (shown once) and what is stored. */
    public record NewKey(String id, String value, String salt, String hash) {}

    /** Makes a new random key and its salted hash. */
    public static NewKey generate() {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(BASE32[RANDOM.nextInt(32)]);
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String salt = newSalt();
        return new NewKey(id.toString(), PREFIX + id + "_" + secret, salt, hash(salt, secret));
    }

    /** Splits a presented key; null when it does not have the shape of one (then it is not ours). */
    public static Parsed parse(String presented) {
        if (presented == null || presented.length() != 64) {
            return null;
        }
        Matcher m = SHAPE.matcher(presented);
        return m.matches() ? new Parsed(m.group(1), m.group(2)) : null;
    }

    /** 16 random bytes, base64. */
    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt);
    }

    /** HMAC-SHA-256 of {@code secret} keyed with the base64 {@code salt}, base64. */
    public static String hash(String salt, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(salt), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Version 2: the salted hash of {@code secret} keyed again with {@code pepper}, base64. */
    public static String pepperedHash(byte[] pepper, String salt, String secret) {
        return pepper(pepper, hash(salt, secret));
    }

    /** Keys a version-1 hash (base64) with {@code pepper}: the version-2 hash of the same secret. */
    public static String pepper(byte[] pepper, String saltedHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(Base64.getDecoder().decode(saltedHash)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Whether {@code secret} matches {@code key}'s hash, of whichever version; false for a peppered key when no pepper
     * is configured. Constant time in the secret.
     */
    public static boolean matches(ApiKey key, byte[] pepper, String secret) {
        return switch (key.hashVersionOrDefault()) {
            case ApiKey.UNPEPPERED -> matches(key.salt(), key.hash(), secret);
            case ApiKey.PEPPERED -> pepper != null && equal(pepperedHash(pepper, key.salt(), secret), key.hash());
            default -> false;
        };
    }

    private static boolean equal(String actual, String expected) {
        return MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code secret} hashes to {@code expectedHash} under {@code salt}; constant time in the secret. */
    public static boolean matches(String salt, String expectedHash, String secret) {
        byte[] actual = hash(salt, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
