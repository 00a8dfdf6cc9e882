package io.redline.security;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, as Redline's APIs need it: the owner (subscriptions belong to it), the highest role, and how they
 * authenticated.
 *
 * @param owner      an API key's owner or an OIDC token's principal name
 * @param role       the highest Redline role; null when the identity has none (an OIDC user without a mapped role)
 * @param authMethod {@code api-key}, {@code bootstrap} or {@code oidc}
 * @param keyId      the API key's public id; null for OIDC
 */
public record Caller(String owner, Role role, String authMethod, String keyId) {

    /** Identity attribute: the API key id. */
    public static final String KEY_ID = "redline.key-id";
    /** Identity attribute: how the caller authenticated. */
    public static final String AUTH_METHOD = "redline.auth-method";

    /** The caller behind an authenticated identity. */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(null, null, null, null);
        }
        Object method = identity.getAttribute(AUTH_METHOD);
        Object keyId = identity.getAttribute(KEY_ID);
        return new Caller(
                identity.getPrincipal().getName(),
                Role.highest(identity.getRoles()),
                method == null ? "oidc" : method.toString(),
                keyId == null ? null : keyId.toString());
    }

    /** Whether the caller is an admin (sees and changes everything). */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the caller may see or change something owned by {@code ownerOfThing}: its owner, or an admin. */
    public boolean mayAccess(String ownerOfThing) {
        return isAdmin() || (owner != null && owner.equals(ownerOfThing));
    }

    /** The key rate limits count against: the API key, or the OIDC principal. */
    public String rateLimitKey() {
        return keyId != null ? "key:" + keyId : "principal:" + owner;
    }
}
