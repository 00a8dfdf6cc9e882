package io.redline.ingest;

import io.redline.localstack.TestKeys;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** RestAssured requests that carry the test profile's admin key; {@code RestAssured.given()} sends none. */
public final class TestApi {

    private TestApi() {}

    /** A request authenticated as the bootstrap admin. */
    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
    }

    /** A request authenticated with {@code key}. */
    public static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", TestKeys.bearer(key));
    }
}
