package io.redline.localstack;

/**
 * The API keys test profiles configure: the bootstrap admin key every service's {@code %test} profile sets as
 * {@code redline.auth.bootstrap-admin-key}. Never used outside tests.
 */
public final class TestKeys {

    /**
     * The {@code %test} profile's bootstrap admin key (owner {@code admin}); random, as the services refuse a guessable
     * one (api-security's SecretStrength).
     */
    public static final String ADMIN = "rlk_test_4yQ3mLKNxgV78aUcBAOdsCAed6PsFNAFMIBgHpnZF0U";

    /** The {@code %test} profile's API-key pepper ({@code redline.auth.key-pepper}); the e2e tests give it to every service. */
    public static final String KEY_PEPPER = "test-pepper-GhvKHcBFpAGkq6a2kaDhxL-eJ4AKBgFaiIv6tmWKZ9U";

    /**
     * The {@code %test} profile's secrets key of alert-service ({@code redline.secrets.key}, id {@code test}: base64 of
     * 32 bytes), which seals webhook secrets and channel URLs at rest; the e2e tests give it to every alert-service.
     */
    public static final String SECRETS_KEY = "test:LMeIM5vdpfh37kXiTAPzikhxmfB/3IQ7xz5aFpZQMTs=";

    private TestKeys() {}

    /** {@code Authorization} header value for {@code key}. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
