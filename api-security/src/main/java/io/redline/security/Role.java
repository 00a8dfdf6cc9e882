package io.redline.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Redline's three roles, each including the ones below it: a reader searches, an editor also keeps their own alert
 * subscriptions, an admin also manages feeds, every subscription and the API keys.
 *
 * <p>Endpoints name the lowest role they need ({@code @RolesAllowed(Role.EDITOR_NAME)}); the identity of an editor
 * carries both {@code editor} and {@code reader}, so checks never have to list the higher roles.
 */
public enum Role {
    READER,
    EDITOR,
    ADMIN;

    /** Role names as used in {@code @RolesAllowed}, configuration and the API. */
    public static final String READER_NAME = "reader";

    public static final String EDITOR_NAME = "editor";
    public static final String ADMIN_NAME = "admin";

    /** The lowercase name used everywhere outside Java. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and the names of every role it includes. */
    public Set<String> grantedRoleNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Role r : EnumSet.range(READER, this)) {
            names.add(r.id());
        }
        return names;
    }

    /** Whether this role includes {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code reader}, {@code editor} or {@code admin} (any case); null when it is none of them. */
    public static Role parse(String name) {
        if (name == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        return null;
    }

    /** The highest of the Redline role names in {@code names}; null when there is none. */
    public static Role highest(Set<String> names) {
        Role best = null;
        for (String n : names) {
            Role r = parse(n);
            if (r != null && (best == null || r.includes(best))) {
                best = r;
            }
        }
        return best;
    }
}
