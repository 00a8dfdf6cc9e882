package io.redline.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Gives an identity provider's users Redline roles: the roles (groups) in their token are looked up in
 * {@code redline.auth.oidc.admin-roles}, {@code editor-roles} and {@code reader-roles}, and the highest match becomes
 * the identity's only Redline role (with the roles it includes). The token's own role names are dropped, so a group
 * that happens to be called "admin" grants nothing unless configured.
 *
 * <p>API-key identities pass through unchanged.
 */
@ApplicationScoped
public class OidcRoleAugmentor implements SecurityIdentityAugmentor {

    private final List<String> adminRoles;
    private final List<String> editorRoles;
    private final List<String> readerRoles;

    @Inject
    public OidcRoleAugmentor(AuthConfig config) {
        this(
                config.oidc().adminRoles(),
                config.oidc().editorRoles(),
                config.oidc().readerRoles());
    }

    /** An augmentor with explicit group lists per role. */
    OidcRoleAugmentor(List<String> adminRoles, List<String> editorRoles, List<String> readerRoles) {
        this.adminRoles = adminRoles;
        this.editorRoles = editorRoles;
        this.readerRoles = readerRoles;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Caller.AUTH_METHOD) != null) {
            return Uni.createFrom().item(identity);
        }
        Role role = mapped(identity.getRoles());
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(Caller.AUTH_METHOD, "oidc")
                .addPermissionChecker(identity::checkPermission);
        if (role != null) {
            b.addRoles(role.grantedRoleNames());
        }
        return Uni.createFrom().item(b.build());
    }

    /** The highest Redline role any of the token's roles maps to; null when none does. */
    Role mapped(Set<String> tokenRoles) {
        if (tokenRoles.stream().anyMatch(adminRoles::contains)) {
            return Role.ADMIN;
        }
        if (tokenRoles.stream().anyMatch(editorRoles::contains)) {
            return Role.EDITOR;
        }
        if (tokenRoles.stream().anyMatch(readerRoles::contains)) {
            return Role.READER;
        }
        return null;
    }
}
