package io.redline.common.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of secrets kept at rest (in Kafka): each value gets a fresh random AES-256 data key, the value
 * is encrypted with it (AES-GCM) and the data key is wrapped (AES-GCM) by the current key-encryption key of the
 * {@link KeyRing}, which lives outside Kafka.
 *
 * <p>The sealed form names everything needed to open it: {@code sealed:v1:<kek id>:<wrapped data key>:<nonce>:
 * <ciphertext>} (base64url, no padding). The wrapped key's authentication covers the version and KEK id, and the
 * value's covers them plus a caller-chosen context (e.g. the subscription id), so a sealed value copied into another
 * record, or altered in any byte, is refused rather than opened.
 */
public final class SecretSealer {

    /** What every sealed value starts with; anything else is a value stored in clear (written before sealing). */
    public static final String PREFIX = "sealed:";

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final KeyRing keys;

    public SecretSealer(KeyRing keys) {
        this.keys = keys;
    }

    /** The key ring (its current key seals). */
    public KeyRing keys() {
        return keys;
    }

    /** Whether {@code value} is in the sealed form (of any version or key). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Whether {@code value} should be sealed again: it is in clear, or sealed with a key other than the current one. */
    public boolean needsResealing(String value) {
        if (value == null) {
            return false;
        }
        if (!isSealed(value)) {
            return true;
        }
        String[] parts = value.split(":", -1);
        return parts.length != 6
                || !VERSION.equals(parts[1])
                || !keys.current().id().equals(parts[2]);
    }

    /** {@code plaintext} sealed with a fresh data key under the current KEK, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        KeyRing.Kek kek = keys.current();
        byte[] dataKey = random(KeyRing.KEY_BYTES);
        String header = PREFIX + VERSION + ":" + kek.id();
        try {
            byte[] wrapNonce = random(NONCE_BYTES);
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, kek.key(), wrapNonce, header, dataKey);
            byte[] nonce = random(NONCE_BYTES);
            byte[] ciphertext = gcm(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(dataKey, "AES"),
                    nonce,
                    header + ":" + context,
                    plaintext.getBytes(StandardCharsets.UTF_8));
            return header + ":" + B64.encodeToString(concat(wrapNonce, wrapped)) + ":" + B64.encodeToString(nonce) + ":"
                    + B64.encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new SecretsException("sealing failed: " + e, e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The plaintext of a value {@link #seal sealed} with {@code context}.
     *
     * @throws SecretsException when the value is not in the sealed form, names a KEK that is not configured, does not
     *     open with that KEK (another key under the same id), was altered, or was sealed for another context
     */
    public String open(String sealed, String context) {
        if (!isSealed(sealed)) {
            throw new SecretsException("not a sealed value");
        }
        String[] parts = sealed.split(":", -1);
        if (parts.length != 6) {
            throw new SecretsException("a sealed value has 6 ':'-separated parts; this one has " + parts.length);
        }
        if (!VERSION.equals(parts[1])) {
            throw new SecretsException(
                    "sealed value of unknown version '" + parts[1] + "' (this build reads " + VERSION + ")");
        }
        String kekId = parts[2];
        KeyRing.Kek kek = keys.find(kekId)
                .orElseThrow(() -> new SecretsException("sealed with the secrets key '" + kekId
                        + "', which is not configured (configured: " + keys.ids() + "): add that key to "
                        + KeyRing.PREVIOUS_KEYS_ENV + " (redline.secrets.previous-keys)"));
        String header = PREFIX + VERSION + ":" + kekId;
        byte[] wrappedWithNonce;
        byte[] nonce;
        byte[] ciphertext;
        try {
            wrappedWithNonce = UNB64.decode(parts[3]);
            nonce = UNB64.decode(parts[4]);
            ciphertext = UNB64.decode(parts[5]);
        } catch (IllegalArgumentException e) {
            throw new SecretsException("sealed value is not valid base64url: it was altered");
        }
        if (wrappedWithNonce.length <= NONCE_BYTES || nonce.length != NONCE_BYTES) {
            throw new SecretsException("sealed value is truncated: it was altered");
        }
        byte[] dataKey;
        try {
            dataKey = gcm(
                    Cipher.DECRYPT_MODE,
                    kek.key(),
                    Arrays.copyOf(wrappedWithNonce, NONCE_BYTES),
                    header,
                    Arrays.copyOfRange(wrappedWithNonce, NONCE_BYTES, wrappedWithNonce.length));
        } catch (AEADBadTagException e) {
            throw new SecretsException("the secrets key '" + kekId + "' does not open this value: the configured key"
                    + " with that id is not the one it was sealed with, or the value was altered");
        } catch (GeneralSecurityException e) {
            throw new SecretsException("opening the sealed value failed: " + e, e);
        }
        try {
            byte[] plain = gcm(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), nonce, header + ":" + context, ciphertext);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretsException(
                    "sealed value was altered, or was sealed for another record than '" + context + "'");
        } catch (GeneralSecurityException e) {
            throw new SecretsException("opening the sealed value failed: " + e, e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] nonce, String aad, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(input);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
