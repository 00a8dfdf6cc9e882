package io.redline.search.keys;

/**
 * The body of {@code POST /api/keys}: what the key is for, whose it is and its role.
 *
 * @param name  what the key is for ("night desk dashboard"), 1-200 characters
 * @param owner whose key it is, 1-100 of {@code A-Z a-z 0-9 . _ @ -}; subscriptions made with it belong to this owner
 * @param role  {@code reader}, {@code editor} or {@code admin}
 */
public record KeyRequest(String name, String owner, String role) {}
