package io.redline.search.keys;

import io.redline.security.ApiKeyStore;
import java.time.Instant;

/**
 * The answer to {@code POST /api/keys}: the key's public view plus {@code key}, the full value, shown this once
 * (only a salted hash is stored, so nobody can show it again).
 */
public record CreatedKey(
        String key,
        String id,
        String name,
        String owner,
        String role,
        Instant createdAt,
        String createdBy,
        boolean active) {

    static CreatedKey of(ApiKeyStore.Created created) {
        KeyView v = KeyView.of(created.key());
        return new CreatedKey(
                created.value(), v.id(), v.name(), v.owner(), v.role(), v.createdAt(), v.createdBy(), v.active());
    }
}
