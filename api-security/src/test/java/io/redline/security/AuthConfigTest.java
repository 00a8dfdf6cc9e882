package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code redline.auth} keys deployments and the services' application.properties set keep their names and
 * documented defaults (README tables), now that {@link AuthConfig} declares them.
 */
class AuthConfigTest {

    private static AuthConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(AuthConfig.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AuthConfig c = config(Map.of());
        assertThat(c.maxKeys()).isEqualTo(10000);
        assertThat(c.bootstrapAdminKey()).isEmpty();
        assertThat(c.bootstrapAdminOwner()).isEqualTo("admin");
        AuthConfig.RateLimit r = c.rateLimit();
        assertThat(List.of(
                        r.reader().perMinute(),
                        r.editor().perMinute(),
                        r.admin().perMinute(),
                        r.unauthenticated().perMinute()))
                .containsExactly(600.0, 600.0, 1200.0, 120.0);
        assertThat(List.of(
                        r.reader().burst(),
                        r.editor().burst(),
                        r.admin().burst(),
                        r.unauthenticated().burst()))
                .containsExactly(60, 60, 120, 60);
        assertThat(c.oidc().adminRoles()).containsExactly("redline-admin");
        assertThat(c.oidc().editorRoles()).containsExactly("redline-editor");
        assertThat(c.oidc().readerRoles()).containsExactly("redline-reader");
        assertThat(r.maxCallers()).isEqualTo(100_000);
        assertThat(c.keyPepper()).isEmpty();
        assertThat(c.keyPepperFile()).isEmpty();
        assertThat(c.publicPaths()).containsExactly("/q/");
        assertThat(c.keyTable().maxStaleness()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(c.keyTable().loadWait()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(c.keyTable().maxLoadWaiters()).isEqualTo(4);
    }

    @Test
    void everyKeyIsReadUnderItsOwnName() {
        AuthConfig c = config(Map.ofEntries(
                Map.entry("redline.auth.max-keys", "5"),
                Map.entry("redline.auth.bootstrap-admin-key", "rlk_test_4yQ3mLKNxgV78aUcBAOdsCAed6PsFNAFMIBgHpnZF0U"),
                Map.entry("redline.auth.bootstrap-admin-owner", "ops"),
                Map.entry("redline.auth.rate-limit.reader.per-minute", "1"),
                Map.entry("redline.auth.rate-limit.reader.burst", "2"),
                Map.entry("redline.auth.rate-limit.editor.per-minute", "3"),
                Map.entry("redline.auth.rate-limit.editor.burst", "4"),
                Map.entry("redline.auth.rate-limit.admin.per-minute", "5"),
                Map.entry("redline.auth.rate-limit.admin.burst", "6"),
                Map.entry("redline.auth.rate-limit.unauthenticated.per-minute", "7"),
                Map.entry("redline.auth.rate-limit.unauthenticated.burst", "8"),
                Map.entry("redline.auth.oidc.admin-roles", "ops,root"),
                Map.entry("redline.auth.oidc.editor-roles", "desk"),
                Map.entry("redline.auth.oidc.reader-roles", "newsroom")));
        assertThat(c.maxKeys()).isEqualTo(5);
        assertThat(c.bootstrapAdminKey()).contains("rlk_test_4yQ3mLKNxgV78aUcBAOdsCAed6PsFNAFMIBgHpnZF0U");
        assertThat(c.bootstrapAdminOwner()).isEqualTo("ops");
        AuthConfig.RateLimit r = c.rateLimit();
        assertThat(List.of(
                        r.reader().perMinute(),
                        r.editor().perMinute(),
                        r.admin().perMinute(),
                        r.unauthenticated().perMinute()))
                .containsExactly(1.0, 3.0, 5.0, 7.0);
        assertThat(List.of(
                        r.reader().burst(),
                        r.editor().burst(),
                        r.admin().burst(),
                        r.unauthenticated().burst()))
                .containsExactly(2, 4, 6, 8);
        assertThat(c.oidc().adminRoles()).containsExactly("ops", "root");
        assertThat(c.oidc().editorRoles()).containsExactly("desk");
        assertThat(c.oidc().readerRoles()).containsExactly("newsroom");
    }
}
