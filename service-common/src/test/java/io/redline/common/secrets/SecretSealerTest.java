package io.redline.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String CONTEXT = "subscription sub_abc";

    private static String newKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static SecretSealer sealer(String current, String... previous) {
        return new SecretSealer(KeyRing.of(current, List.of(previous)));
    }

    @Test
    void roundTripWithAFreshDataKeyPerValue() {
        SecretSealer s = sealer("k1:" + newKey());
        String a = s.seal(SECRET, CONTEXT);
        String b = s.seal(SECRET, CONTEXT);

        assertThat(a).startsWith("sealed:v1:k1:").doesNotContain(SECRET).doesNotContain("MfKQ9r8G");
        assertThat(a.split(":")).hasSize(6);
        assertThat(a).isNotEqualTo(b); // fresh data key and nonce each time
        assertThat(s.open(a, CONTEXT)).isEqualTo(SECRET);
        assertThat(s.open(b, CONTEXT)).isEqualTo(SECRET);
        assertThat(s.open(s.seal("", CONTEXT), CONTEXT)).isEmpty();
        assertThat(s.open(s.seal("ü € 😀", CONTEXT), CONTEXT)).isEqualTo("ü € 😀");
    }

    @Test
    void aFlippedByteAnywhereIsRefused() {
        SecretSealer s = sealer(newKey());
        String sealed = s.seal(SECRET, CONTEXT);
        String[] parts = sealed.split(":");
        // Every byte of the wrapped key, nonce and ciphertext: flip one bit, re-encode, expect a refusal.
        for (int part = 3; part <= 5; part++) {
            byte[] raw = Base64.getUrlDecoder().decode(parts[part]);
            for (int i = 0; i < raw.length; i++) {
                byte[] bad = raw.clone();
                bad[i] ^= 0x01;
                String[] altered = parts.clone();
                altered[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(bad);
                String tampered = String.join(":", altered);
                assertThatThrownBy(() -> s.open(tampered, CONTEXT))
                        .as("part %d byte %d", part, i)
                        .isInstanceOf(SecretsException.class)
                        .hasMessageContaining("altered");
            }
        }
        assertThatThrownBy(() -> s.open(sealed.substring(0, sealed.length() - 3), CONTEXT))
                .isInstanceOf(SecretsException.class);
        assertThatThrownBy(() -> s.open(sealed.replace("sealed:v1:", "sealed:v2:"), CONTEXT))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("version 'v2'");
    }

    @Test
    void aValueSealedForOneRecordDoesNotOpenForAnother() {
        SecretSealer s = sealer(newKey());
        String sealed = s.seal(SECRET, "subscription sub_victim");

        assertThatThrownBy(() -> s.open(sealed, "subscription sub_attacker"))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("another record");
    }

    @Test
    void aDifferentKeyUnderTheSameIdIsAClearError() {
        String sealed = sealer("prod:" + newKey()).seal(SECRET, CONTEXT);
        SecretSealer other = sealer("prod:" + newKey());

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("the secrets key 'prod' does not open this value");
    }

    @Test
    void aValueOfAnUnconfiguredKeyNamesThatKeyAndWhereToAddIt() {
        String sealed = sealer("old:" + newKey()).seal(SECRET, CONTEXT);
        SecretSealer other = sealer("new:" + newKey());

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("'old'")
                .hasMessageContaining("REDLINE_SECRETS_PREVIOUS_KEYS");
    }

    @Test
    void rotationOpensOldValuesAndResealsThemWithTheNewKey() {
        String k1 = "k1:" + newKey();
        String k2 = "k2:" + newKey();
        String before = sealer(k1).seal(SECRET, CONTEXT);

        SecretSealer rotated = sealer(k2, k1); // step 2: k2 current, k1 kept for opening only
        assertThat(rotated.needsResealing(before)).isTrue();
        String after = rotated.seal(rotated.open(before, CONTEXT), CONTEXT);
        assertThat(after).startsWith("sealed:v1:k2:");
        assertThat(rotated.needsResealing(after)).isFalse();
        assertThat(rotated.needsResealing(SECRET)).as("a value in clear").isTrue();

        SecretSealer done = sealer(k2); // step 3: k1 removed
        assertThat(done.open(after, CONTEXT)).isEqualTo(SECRET);
        assertThatThrownBy(() -> done.open(before, CONTEXT)).hasMessageContaining("'k1'");
    }

    @Test
    void aKeyWithoutIdGetsAStableIdDerivedFromIt() {
        String key = newKey();
        String id = KeyRing.of(key, List.of()).current().id();

        assertThat(id).matches("k[0-9a-f]{8}");
        assertThat(KeyRing.of(key, List.of()).current().id()).isEqualTo(id);
        assertThat(KeyRing.of(newKey(), List.of()).current().id()).isNotEqualTo(id);
        assertThat(sealer(newKey(), key).keys().ids()).contains(id);
    }

    @Test
    void malformedKeysAreRefusedWithoutShowingThem() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.of(shortKey, List.of()))
                .hasMessageContaining("REDLINE_SECRETS_KEY decodes to 16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyRing.of("not base64 at all!", List.of()))
                .hasMessageContaining("REDLINE_SECRETS_KEY is not base64");
        assertThatThrownBy(() -> KeyRing.of(newKey(), List.of("x:" + shortKey)))
                .hasMessageContaining("REDLINE_SECRETS_PREVIOUS_KEYS decodes to 16 bytes");
        assertThatThrownBy(() -> KeyRing.of("a b:" + newKey(), List.of())).hasMessageContaining("key id");
        assertThatThrownBy(() -> KeyRing.of("same:" + newKey(), List.of("same:" + newKey())))
                .hasMessageContaining("two different secrets keys have the id 'same'");
    }

    @Test
    void withoutAKeyTheMessageNamesTheVariable() {
        assertThatThrownBy(() -> KeyRing.load(Optional.empty(), Optional.empty(), List.of()))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("REDLINE_SECRETS_KEY")
                .hasMessageContaining("head -c32 /dev/urandom | base64");
        assertThatThrownBy(() -> KeyRing.load(Optional.of(newKey()), Optional.of(Path.of("/k")), List.of()))
                .hasMessageContaining("both");
    }

    @Test
    void aKeyFileHoldsTheCurrentKeyThenOlderOnes(@TempDir Path dir) throws Exception {
        String k1 = "k1:" + newKey();
        String k2 = "k2:" + newKey();
        Path file = dir.resolve("secrets.keys");
        Files.writeString(file, "# current first\n" + k2 + "\n\n" + k1 + "\n");
        String old = sealer(k1).seal(SECRET, CONTEXT);

        SecretSealer s = new SecretSealer(KeyRing.load(Optional.empty(), Optional.of(file), List.of()));

        assertThat(s.keys().current().id()).isEqualTo("k2");
        assertThat(s.keys().ids()).containsExactly("k2", "k1");
        assertThat(s.open(old, CONTEXT)).isEqualTo(SECRET);
        assertThatThrownBy(() -> KeyRing.load(Optional.empty(), Optional.of(dir.resolve("missing")), List.of()))
                .hasMessageContaining("cannot read the secrets key file");
    }
}
