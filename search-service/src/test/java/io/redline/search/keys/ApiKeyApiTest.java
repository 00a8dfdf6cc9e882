package io.redline.search.keys;

import static io.redline.search.TestApi.as;
import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.security.ApiKeyStore;
import io.redline.security.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/keys} against the real broker: a created key works at once and stops working when revoked, values and
 * hashes never appear after creation, only admins get in, every bad field is a 400 naming it.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ApiKeyApiTest {

    @Inject
    ApiKeyStore store;

    private static Map<String, Object> body(String name, String owner, String role) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("owner", owner);
        b.put("role", role);
        return b;
    }

    private static String uniqueOwner(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void readerKeyWorksUntilRevoked() {
        String owner = uniqueOwner("rita");
        Response created = given().contentType(ContentType.JSON)
                .body(body("night desk", owner, "reader"))
                .post("/api/keys");
        created.then()
                .statusCode(201)
                .body("key", startsWith("rlk_"))
                .body("name", equalTo("night desk"))
                .body("owner", equalTo(owner))
                .body("role", equalTo("reader"))
                .body("createdBy", equalTo("admin"))
                .body("createdAt", notNullValue())
                .body("active", equalTo(true))
                .body("salt", nullValue())
                .body("hash", nullValue());
        String id = created.path("id");
        String value = created.path("key");
        assertThat(created.header("Location")).endsWith("/api/keys/" + id);

        // The new key is accepted at once by this instance: it may search, but not manage keys.
        as(value).get("/api/articles").then().statusCode(200);
        as(value)
                .get("/api/keys")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403));

        // After creation nobody sees the value, the salt or the hash again.
        String list = given().get("/api/keys").then().statusCode(200).extract().asString();
        assertThat(list)
                .contains(id)
                .doesNotContain(value)
                .doesNotContain("\"salt\"")
                .doesNotContain("\"hash\"")
                .doesNotContain("\"key\"");
        String one = given().get("/api/keys/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("owner", equalTo(owner))
                .body("active", equalTo(true))
                .extract()
                .asString();
        assertThat(one).doesNotContain(value).doesNotContain("\"salt\"").doesNotContain("\"hash\"");

        given().delete("/api/keys/" + id).then().statusCode(204);
        // The revocation travels through redline.api-keys; wait until this instance refuses the key.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(value).get("/api/articles").then().statusCode(401));
        as(value).get("/api/keys").then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().get("/api/keys/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(false))
                .body("revokedBy", equalTo("admin"))
                .body("revokedAt", notNullValue());
        // Revoking again changes nothing.
        given().delete("/api/keys/" + id).then().statusCode(204);
    }

    @Test
    void listFiltersByOwnerAndState() {
        String owner = uniqueOwner("olga");
        ApiKeyStore.Created kept = store.create("kept", owner, Role.EDITOR, "test");
        ApiKeyStore.Created dropped = store.create("dropped", owner, Role.READER, "test");
        store.revoke(dropped.key().id(), "test");

        List<String> all = given().queryParam("owner", owner)
                .get("/api/keys")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(all).containsExactlyInAnyOrder(kept.key().id(), dropped.key().id());
        List<String> active = given().queryParam("owner", owner)
                .queryParam("active", "true")
                .get("/api/keys")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(active).containsExactly(kept.key().id());
        List<String> revoked = given().queryParam("owner", owner)
                .queryParam("active", "false")
                .get("/api/keys")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(revoked).containsExactly(dropped.key().id());

        given().queryParam("active", "maybe")
                .get("/api/keys")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("active"));
        given().queryParam("owner", "no spaces please")
                .get("/api/keys")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("owner"));
    }

    @Test
    void onlyAdminsManageKeys() {
        ApiKeyStore.Created victim = store.create("victim", uniqueOwner("vic"), Role.READER, "test");
        for (Role role : List.of(Role.READER, Role.EDITOR)) {
            String key = store.create(role.id() + " key", uniqueOwner(role.id()), role, "test")
                    .value();
            List<Supplier<Response>> calls = List.of(
                    () -> as(key).get("/api/keys"),
                    () -> as(key).get("/api/keys/" + victim.key().id()),
                    () -> as(key).contentType(ContentType.JSON)
                            .body(body("mine", "me", "admin"))
                            .post("/api/keys"),
                    () -> as(key).delete("/api/keys/" + victim.key().id()));
            for (Supplier<Response> call : calls) {
                call.get()
                        .then()
                        .statusCode(403)
                        .contentType(startsWith("application/problem+json"))
                        .body("title", equalTo("Forbidden"))
                        .body("detail", containsString(role.id()));
            }
        }
        List<Supplier<Response>> anonymous = List.of(
                () -> RestAssured.given().get("/api/keys"),
                () -> RestAssured.given().get("/api/keys/" + victim.key().id()),
                () -> RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body(body("mine", "me", "admin"))
                        .post("/api/keys"),
                () -> RestAssured.given().delete("/api/keys/" + victim.key().id()),
                () -> as("rlk_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                        .get("/api/keys"));
        for (Supplier<Response> call : anonymous) {
            call.get()
                    .then()
                    .statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
        // None of the refused calls touched the key.
        given().get("/api/keys/" + victim.key().id()).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void badFieldsAreNamed() {
        assertBadField(body("n", "olga", "superuser"), "role");
        assertBadField(body("n", "olga", null), "role");
        assertBadField(body("", "olga", "reader"), "name");
        assertBadField(body("   ", "olga", "reader"), "name");
        assertBadField(body(null, "olga", "reader"), "name");
        assertBadField(body("x".repeat(201), "olga", "reader"), "name");
        assertBadField(body("line\nbreak", "olga", "reader"), "name");
        assertBadField(body("n", "", "reader"), "owner");
        assertBadField(body("n", null, "reader"), "owner");
        assertBadField(body("n", "olga smith", "reader"), "owner");
        assertBadField(body("n", "o".repeat(101), "reader"), "owner");
        // Bodies of the wrong shape are named too.
        for (String bad : List.of(
                "{\"name\": {\"a\": 1}, \"owner\": \"olga\", \"role\": \"reader\"}",
                "{\"name\": \"n\", \"owner\": [\"olga\"], \"role\": \"reader\"}")) {
            given().contentType(ContentType.JSON)
                    .body(bad)
                    .post("/api/keys")
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo(bad.contains("[") ? "owner" : "name"));
        }
        for (String bad : List.of("{not json", "[]", "")) {
            given().contentType(ContentType.JSON)
                    .body(bad)
                    .post("/api/keys")
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(400));
        }
        // The limits themselves are fine.
        given().contentType(ContentType.JSON)
                .body(body("x".repeat(200), "o".repeat(100), "EDITOR"))
                .post("/api/keys")
                .then()
                .statusCode(201)
                .body("role", equalTo("editor"));
    }

    private static void assertBadField(Map<String, Object> body, String field) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        request.post("/api/keys")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(400))
                .body("parameter", equalTo(field))
                .body("detail", startsWith(field));
    }

    @Test
    void bootstrapKeyIsListedButNotRevocable() {
        given().get("/api/keys")
                .then()
                .statusCode(200)
                .body("id", hasItem("bootstrap"))
                .body("[0].id", equalTo("bootstrap"))
                .body("[0].owner", equalTo("admin"))
                .body("[0].role", equalTo("admin"));
        given().get("/api/keys/bootstrap").then().statusCode(200).body("active", equalTo(true));
        given().delete("/api/keys/bootstrap")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(409))
                .body("detail", containsString("configuration"));
        // Still the admin key.
        given().get("/api/keys/bootstrap").then().statusCode(200);
    }

    @Test
    void unknownKeysAre404() {
        given().get("/api/keys/nosuchkey")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
        given().delete("/api/keys/nosuchkey")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/api/keys").then().body("id", not(hasItem("nosuchkey")));
    }

    @Test
    void meNamesTheCallerAndItsRole() {
        String owner = uniqueOwner("mel");
        Response created = given().contentType(ContentType.JSON)
                .body(body("console", owner, "reader"))
                .post("/api/keys");
        created.then().statusCode(201);
        String reader = created.path("key");
        as(reader)
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("owner", equalTo(owner))
                .body("role", equalTo("reader"))
                .body("authMethod", equalTo("api-key"))
                .body("keyId", equalTo(created.path("id")));
        given().get("/api/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("admin"))
                .body("authMethod", equalTo("bootstrap"));
        RestAssured.given().get("/api/me").then().statusCode(401);
        as("rlk_" + "x".repeat(40)).get("/api/me").then().statusCode(401);
    }
}
