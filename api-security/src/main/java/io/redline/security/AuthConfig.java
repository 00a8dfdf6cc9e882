package io.redline.security;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of API keys, rate limits and the OIDC role mapping, under {@code redline.auth}, on every service. */
@ConfigMapping(prefix = "redline.auth")
public interface AuthConfig {

    /** Most API keys that may exist, revoked ones included. */
    @WithDefault("10000")
    int maxKeys();

    /**
     * The first admin key (a secret, set in the environment): at least 32 characters and about 128 bits of estimated
     * entropy ({@link SecretStrength}), or the service refuses to start.
     */
    Optional<String> bootstrapAdminKey();

    /**
     * The server-side secret API-key hashes are keyed with (HMAC-SHA-256), so a copy of {@code redline.api-keys} is
     * not enough to test guesses offline; the same on every service, as strong as the bootstrap key. Without one (and
     * without {@link #keyPepperFile()}) keys made are hashed unpeppered and a warning says so at start-up.
     */
    Optional<String> keyPepper();

    /** A file holding the pepper (its content, trimmed), for secrets mounted as files; used when keyPepper is unset. */
    Optional<String> keyPepperFile();

    /**
     * Paths anyone may call without a key: a path ending in {@code /} covers everything under it. Everything else is
     * authenticated first.
     */
    @WithDefault("/q/")
    List<String> publicPaths();

    /** How the key table's loading and freshness are handled. */
    KeyTable keyTable();

    /** Loading and freshness of the key table ({@code redline.auth.key-table.*}). */
    interface KeyTable {

        /**
         * Readiness is DOWN when the table has not stood at the end of {@code redline.api-keys} for this long (the
         * broker unreachable, or the reader behind), as a revocation may then not be in force here.
         */
        @WithDefault("30s")
        @WithConverter(DurationConverter.class)
        Duration maxStaleness();

        /** How long a request with an {@code rlk_} key waits for the table at start-up before 503. */
        @WithDefault("3s")
        @WithConverter(DurationConverter.class)
        Duration loadWait();

        /** Requests that may wait so at once; more get 503 at once, so guesses cannot tie up the workers. */
        @WithDefault("4")
        int maxLoadWaiters();
    }

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

        /** Failed authentications (no or a bad credential), counted per source address (IPv6: per /64). */
        Unauthenticated unauthenticated();

        /** Most callers (keys, users, addresses) whose buckets are kept; the least recently seen go first. */
        @WithDefault("100000")
        int maxCallers();

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

        /**
         * The failed authentications one source address may make; beyond them every request from it is refused (429)
         * until the bucket refills, with a valid key too.
         */
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
