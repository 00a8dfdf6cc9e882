package io.redline.search.keys;

import io.redline.security.ApiKey;
import java.time.Instant;

/**
 * An API key as the API shows it: who owns it, its role and whether it still works; never its salt, hash or value.
 *
 * @param id        the public id (the part after {@code rlk_}; {@code bootstrap} for the configured key)
 * @param name      what the key is for
 * @param owner     whose key it is
 * @param role      {@code reader}, {@code editor} or {@code admin}
 * @param createdAt when it was made; null for the bootstrap key
 * @param createdBy who made it
 * @param active    whether it is still accepted
 * @param revokedAt when it was revoked; null while active
 * @param revokedBy who revoked it; null while active
 */
public record KeyView(
        String id,
        String name,
        String owner,
        String role,
        Instant createdAt,
        String createdBy,
        boolean active,
        Instant revokedAt,
        String revokedBy) {

    /** The public view of {@code key}; copies named fields only, so a new secret field can never leak through. */
    public static KeyView of(ApiKey key) {
        return new KeyView(
                key.id(),
                key.name(),
                key.owner(),
                key.role(),
                key.createdAt(),
                key.createdBy(),
                key.active(),
                key.revokedAt(),
                key.revokedBy());
    }
}
