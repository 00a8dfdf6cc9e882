package io.redline.security;

import java.time.Instant;

/**
 * An API key as stored in {@code redline.api-keys}: who owns it, its role and a salted hash of its secret, never the
 * key itself.
 *
 * @param id        the public id (the part after {@code rlk_}); names the key in lists, logs and the audit log
 * @param name      what the key is for ("night desk dashboard")
 * @param owner     whose key it is: subscriptions made with it belong to this owner
 * @param role      {@code reader}, {@code editor} or {@code admin}
 * @param salt      base64 salt of the hash
 * @param hash      base64 hash of the secret: see {@code hashVersion}
 * @param createdAt when it was made
 * @param createdBy the owner of the key (or OIDC principal) that made it
 * @param revokedAt when it was revoked; null while valid
 * @param revokedBy who revoked it
 * @param hashVersion how {@code hash} was made: null or 1, HMAC-SHA-256 of the secret keyed by the salt (keys made
 *                  before the pepper); 2, that HMAC again keyed by the server-side pepper ({@link ApiKeyFormat})
 */
public record ApiKey(
        String id,
        String name,
        String owner,
        String role,
        String salt,
        String hash,
        Instant createdAt,
        String createdBy,
        Instant revokedAt,
        String revokedBy,
        Integer hashVersion) {

    /** The hash made with the salt alone: keys made before the pepper existed. */
    public static final int UNPEPPERED = 1;
    /** The salted hash keyed again with the server-side pepper. */
    public static final int PEPPERED = 2;

    /** The hash version, 1 for records written before versions existed. */
    public int hashVersionOrDefault() {
        return hashVersion == null ? UNPEPPERED : hashVersion;
    }

    /** Whether the key is still accepted. */
    public boolean active() {
        return revokedAt == null;
    }

    /** This key, revoked at {@code at} by {@code by}. */
    public ApiKey revoked(Instant at, String by) {
        return new ApiKey(id, name, owner, role, salt, hash, createdAt, createdBy, at, by, hashVersion);
    }
}
