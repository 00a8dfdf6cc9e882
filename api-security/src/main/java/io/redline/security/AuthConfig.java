package io.redline.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of API keys, rate limits and the OIDC role mapping, under {@code redline.auth}, on every service. */
@ConfigMapping(prefix = "redline.auth")
public interface AuthConfig {

    /** Most API keys that may exist, revoked ones included. */
    @WithDefault("10000")
    int maxKeys();

    /** The first admin key (at least 32 characters; a secret, set in the environment). */
    Optional<String> bootstrapAdminKey();

    /** Owner of the bootstrap admin key: the actor the audit log names. */
    @WithDefault("admin")
    String bootstrapAdminOwner();

    /** Requests a minute and burst per key by role, and per source address without a valid key. */
    RateLimit rateLimit();

    /** Which token groups make a Redline role when quarkus-oidc is on. */
    Oidc oidc();

    /** Rate limits ({@code redline.auth.rate-limit.<role>.*}); one group per role, as each has its own defaults. */
    interface RateLimit {

        Reader reader();

        Editor editor();

        Admin admin();

        /** Callers without a valid credential, counted per source address. */
        Unauthenticated unauthenticated();

        /** The limit of a {@code reader} key. */
        interface Reader {
            @WithDefault("600")
            double perMinute();

            @WithDefault("60")
            int burst();
        }

        /** The limit of an {@code editor} key. */
        interface Editor {
            @WithDefault("600")
            double perMinute();

            @WithDefault("60")
            int burst();
        }

        /** The limit of an {@code admin} key. */
        interface Admin {
            @WithDefault("1200")
            double perMinute();

            @WithDefault("120")
            int burst();
        }

        /** The limit of one source address sending requests without a valid key. */
        interface Unauthenticated {
            @WithDefault("120")
            double perMinute();

            @WithDefault("60")
            int burst();
        }
    }

    /** Token groups that map to each role ({@code redline.auth.oidc.*-roles}). */
    interface Oidc {
        @WithDefault("redline-admin")
        List<String> adminRoles();

        @WithDefault("redline-editor")
        List<String> editorRoles();

        @WithDefault("redline-reader")
        List<String> readerRoles();
    }
}
