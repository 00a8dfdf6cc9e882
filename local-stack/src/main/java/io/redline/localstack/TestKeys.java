package io.redline.localstack;

/**
 * The API keys test profiles configure: the bootstrap admin key every service's {@code %test} profile sets as
 * {@code redline.auth.bootstrap-admin-key}. Never used outside tests.
 */
public final class TestKeys {

    /** The {@code %test} profile's bootstrap admin key (owner {@code admin}). */
    public static final String ADMIN = "rlk_test_bootstrap_admin_key_0123456789abcdef";

    private TestKeys() {}

    /** {@code Authorization} header value for {@code key}. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
