package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void higherRolesIncludeLowerOnes() {
        assertThat(Role.READER.grantedRoleNames()).containsExactly("reader");
        assertThat(Role.EDITOR.grantedRoleNames()).containsExactly("reader", "editor");
        assertThat(Role.ADMIN.grantedRoleNames()).containsExactly("reader", "editor", "admin");
        assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
        assertThat(Role.READER.includes(Role.EDITOR)).isFalse();
    }

    @Test
    void parsesNamesAndFindsTheHighest() {
        assertThat(Role.parse(" Editor ")).isEqualTo(Role.EDITOR);
        assertThat(Role.parse("root")).isNull();
        assertThat(Role.highest(Set.of("reader", "editor", "something"))).isEqualTo(Role.EDITOR);
        assertThat(Role.highest(Set.of("something"))).isNull();
    }

    @Test
    void oidcGroupsMapOnlyThroughConfiguration() {
        OidcRoleAugmentor a = new OidcRoleAugmentor(
                java.util.List.of("ops"), java.util.List.of("desk"), java.util.List.of("newsroom"));
        assertThat(a.mapped(Set.of("newsroom", "desk"))).isEqualTo(Role.EDITOR);
        assertThat(a.mapped(Set.of("ops"))).isEqualTo(Role.ADMIN);
        // A group that happens to be called "admin" grants nothing unless configured.
        assertThat(a.mapped(Set.of("admin", "editor"))).isNull();
    }
}
