package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void generatedKeysParseAndVerifyOnlyWithTheirOwnSecret() {
        ApiKeyFormat.NewKey a = ApiKeyFormat.generate();
        ApiKeyFormat.NewKey b = ApiKeyFormat.generate();
        assertThat(a.value()).startsWith("rlk_").hasSize(64);
        ApiKeyFormat.Parsed pa = ApiKeyFormat.parse(a.value());
        assertThat(pa.id()).isEqualTo(a.id());
        assertThat(ApiKeyFormat.matches(a.salt(), a.hash(), pa.secret())).isTrue();
        assertThat(ApiKeyFormat.matches(b.salt(), b.hash(), pa.secret())).isFalse();
        // The stored hash never contains the secret.
        assertThat(a.hash()).doesNotContain(pa.secret());
    }

    @Test
    void sameSecretUnderDifferentSaltsHashesDifferently() {
        String s1 = ApiKeyFormat.newSalt();
        String s2 = ApiKeyFormat.newSalt();
        assertThat(ApiKeyFormat.hash(s1, "secret")).isNotEqualTo(ApiKeyFormat.hash(s2, "secret"));
        assertThat(ApiKeyFormat.hash(s1, "secret")).isEqualTo(ApiKeyFormat.hash(s1, "secret"));
    }

    @Test
    void malformedKeysAreNotParsed() {
        String good = ApiKeyFormat.generate().value();
        assertThat(ApiKeyFormat.parse(null)).isNull();
        assertThat(ApiKeyFormat.parse("")).isNull();
        assertThat(ApiKeyFormat.parse(good.substring(1))).isNull();
        assertThat(ApiKeyFormat.parse(good + "x")).isNull();
        assertThat(ApiKeyFormat.parse("rlk_AAAAAAAAAAAAAAAA_" + good.substring(21)))
                .isNull(); // ids are lowercase base-32
        assertThat(ApiKeyFormat.parse(good.replace('_', '.'))).isNull();
    }

    @Test
    void idsAndSecretsAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(ApiKeyFormat.generate().id());
        }
        assertThat(ids).hasSize(1000);
    }
}
