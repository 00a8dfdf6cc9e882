package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Configured secrets: long but guessable ones are refused with the rule in the message, generated ones pass. */
class SecretStrengthTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void longButGuessableSecretsAreWeak() {
        for (String weak : new String[] {
            "a".repeat(32),
            "ab".repeat(32),
            "0123456789abcdefghijklmnopqrstuvwxyz",
            "admin-password-admin-password-admin-password",
            "rlk_test_bootstrap_admin_key_0123456789abcdef",
            "redline-bootstrap-admin-key-for-production-use",
            "Password1Password1Password1Password1",
            "qwertyuiopasdfghjklzxcvbnm1234567890"
        }) {
            assertThat(SecretStrength.estimate(weak).strong()).as(weak).isFalse();
        }
    }

    @Test
    void generatedSecretsAreStrong() {
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            byte[] hex = new byte[24];
            RANDOM.nextBytes(hex);
            Map<String, String> made = Map.of(
                    "./redline up (DevAdminKey)",
                    "rlk_dev_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                    "README: rlk_admin_$(openssl rand -hex 24)",
                    "rlk_admin_" + HexFormat.of().formatHex(hex),
                    "openssl rand -base64 32",
                    Base64.getEncoder().encodeToString(bytes),
                    "compose tests: rlk_admin_ + a UUID",
                    "rlk_admin_" + UUID.randomUUID().toString().replace("-", ""),
                    "an rlk_ key",
                    ApiKeyFormat.generate().value());
            made.forEach(
                    (how, secret) -> assertThat(SecretStrength.estimate(secret).strong())
                            .as("%s: %s (%s)", how, secret, SecretStrength.estimate(secret))
                            .isTrue());
        }
    }

    @Test
    void theRefusalNamesTheSettingAndHowToMakeOne() {
        assertThatThrownBy(() -> SecretStrength.require("redline.auth.bootstrap-admin-key", "a".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redline.auth.bootstrap-admin-key")
                .hasMessageContaining("bits")
                .hasMessageContaining("openssl rand");
    }
}
