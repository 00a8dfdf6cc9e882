package io.redline.search.keys;

import io.redline.query.InvalidParameterException;
import io.redline.security.Role;
import java.util.regex.Pattern;

/** Checks a {@link KeyRequest} field by field; the first bad field becomes a 400 problem naming it. */
final class KeyValidator {

    static final int MAX_NAME = 200;
    static final int MAX_OWNER = 100;
    /** Owners appear in logs, audit events and subscription ownership checks: plain account-like names only. */
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_OWNER + "}");

    /** A request that passed: name stripped, role parsed. */
    record Valid(String name, String owner, Role role) {}

    private KeyValidator() {}

    static Valid validate(KeyRequest request) {
        if (request == null) {
            throw new InvalidParameterException("body", "a JSON object with name, owner and role is required");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidParameterException("name", "1 to " + MAX_NAME + " characters are required");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            // Names are shown in lists and logs; control characters could forge log lines.
            throw new InvalidParameterException("name", "must not contain control characters");
        }
        String owner = request.owner();
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new InvalidParameterException(
                    "owner", "1 to " + MAX_OWNER + " characters of A-Z, a-z, 0-9, '.', '_', '@' and '-' are required");
        }
        Role role = Role.parse(request.role());
        if (role == null) {
            throw new InvalidParameterException("role", "one of reader, editor or admin is required");
        }
        return new Valid(name, owner, role);
    }

    /** Whether {@code owner} could be an owner at all; a list filter with anything else is a 400. */
    static boolean isOwner(String owner) {
        return OWNER.matcher(owner).matches();
    }
}
