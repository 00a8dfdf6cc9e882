package io.redline.analysis.api;

import static io.redline.analysis.TestApi.as;
import static io.redline.analysis.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Access with OIDC on (tokens signed by a key pair made for this run) next to API keys, and a tight reader rate
 * limit: token groups map to Redline roles only as configured, bad tokens are 401, keys keep working, and a reader
 * key beyond its burst gets 429 while other callers do not.
 */
@QuarkusTest
@TestProfile(SecurityProfileTest.OidcAndTightLimits.class)
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class SecurityProfileTest {

    static final String ISSUER = "https://idp.redline.test";
    private static final String PROBLEM = "application/problem+json";

    /** OIDC with local token verification against this run's public key, plus a reader limit of 3 then 6 a minute. */
    public static class OidcAndTightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.oidc.tenant-enabled", "true"),
                    Map.entry("quarkus.oidc.application-type", "service"),
                    // No auth-server-url: with a public key Quarkus verifies tokens locally and never calls an IdP.
                    Map.entry("quarkus.oidc.public-key", SigningKey.publicKeyBase64()),
                    Map.entry("quarkus.oidc.token.issuer", ISSUER),
                    Map.entry("quarkus.oidc.roles.role-claim-path", "groups"),
                    Map.entry("redline.auth.oidc.editor-roles", "newsroom-editors"),
                    Map.entry("redline.auth.oidc.reader-roles", "newsroom"),
                    Map.entry("redline.auth.rate-limit.reader.per-minute", "6"),
                    Map.entry("redline.auth.rate-limit.reader.burst", "3"));
        }
    }

    /**
     * The identity provider's key pair, made once per test JVM. Kept in system properties rather than a static
     * field because the profile and the test class may be loaded by different class loaders, each with its own
     * statics, and both must use the same pair. Nothing is written to disk or committed.
     */
    static final class SigningKey {
        private static final String PUBLIC = "redline.test.oidc.public-key";
        private static final String PRIVATE = "redline.test.oidc.private-key";

        static String publicKeyBase64() {
            return ensure().getProperty(PUBLIC);
        }

        static PrivateKey privateKey() {
            try {
                byte[] der = Base64.getDecoder().decode(ensure().getProperty(PRIVATE));
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                throw new IllegalStateException(e);
            }
        }

        private static java.util.Properties ensure() {
            java.util.Properties props = System.getProperties();
            synchronized (props) {
                if (props.getProperty(PUBLIC) == null) {
                    KeyPair pair = newKeyPair();
                    props.setProperty(
                            PRIVATE,
                            Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                    props.setProperty(
                            PUBLIC,
                            Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                }
                return props;
            }
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    ApiKeyStore keys;

    /** A token for {@code user} in {@code groups}, valid from a minute ago until {@code expires}, signed by {@code key}. */
    private static String token(String user, Set<String> groups, Instant expires, PrivateKey key) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .subject(user)
                .preferredUserName(user)
                .groups(groups)
                .issuedAt(now.minusSeconds(60))
                .expiresAt(expires)
                .sign(key);
    }

    private static String token(String user, Set<String> groups) {
        return token(user, groups, Instant.now().plusSeconds(600), SigningKey.privateKey());
    }

    private static Response taxonomy(String token) {
        return as(token).get("/api/taxonomy");
    }

    // ---------------------------------------------------------------- OIDC tokens

    @Test
    void aTokenInAMappedGroupIsAccepted() {
        taxonomy(token("nina", Set.of("newsroom"))).then().statusCode(200).body("signals", notNullValue());
        taxonomy(token("ed", Set.of("newsroom-editors", "canteen"))).then().statusCode(200);
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String expired = token("old", Set.of("newsroom"), Instant.now().minusSeconds(3600), SigningKey.privateKey());
        taxonomy(expired)
                .then()
                .statusCode(401)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(401))
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorized() {
        String forged = token(
                "mallory",
                Set.of("newsroom"),
                Instant.now().plusSeconds(600),
                newKeyPair().getPrivate());
        taxonomy(forged).then().statusCode(401).contentType(startsWith(PROBLEM)).body("status", equalTo(401));
    }

    @Test
    void aTokenWithoutAMappedGroupIsForbidden() {
        taxonomy(token("visitor", Set.of("canteen")))
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(403));
        taxonomy(token("nobody", Set.of())).then().statusCode(403);
    }

    @Test
    void groupsNamedLikeRedlineRolesGrantNothingUnlessConfigured() {
        // Were the token's own role names kept, "reader" alone would open this reader endpoint (and "admin" anything).
        taxonomy(token("imposter", Set.of("admin"))).then().statusCode(403).contentType(startsWith(PROBLEM));
        taxonomy(token("imposter2", Set.of("reader", "editor", "redline-reader")))
                .then()
                .statusCode(403);
    }

    @Test
    void apiKeysStillWorkBesideTokens() {
        ApiKeyStore.Created reader = keys.create("oidc profile reader", "rolf", Role.READER, "test");
        taxonomy(reader.value()).then().statusCode(200);
        RestAssured.given()
                .header("X-API-Key", reader.value())
                .get("/api/taxonomy")
                .then()
                .statusCode(200);
        given().get("/api/taxonomy").then().statusCode(200);
        // A wrong key is still refused as a key, not handed to the token parser.
        taxonomy("rlk_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(401)
                .contentType(startsWith(PROBLEM));
    }

    // ---------------------------------------------------------------- rate limit

    @Test
    void aReaderKeyBeyondItsBurstIsTooManyRequestsAndOthersAreNot() {
        String limited =
                keys.create("rate-limited reader", "rhea", Role.READER, "test").value();
        String other = keys.create("other reader", "otto", Role.READER, "test").value();

        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        // The burst is 3; the bucket refills one request every 10 s, so only a very slow run lets a fourth pass.
        // Counting until the first refusal keeps the test independent of how fast requests go.
        while (refused == null && statuses.size() < 10) {
            Response r = taxonomy(limited);
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                refused = r;
            }
        }
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(refused).as("a request refused with 429 among %s", statuses).isNotNull();
        refused.then()
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(429))
                .body("title", equalTo("Too many requests"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThanOrEqualTo(1);

        taxonomy(other).then().statusCode(200);
        given().get("/api/taxonomy").then().statusCode(200);
    }
}
