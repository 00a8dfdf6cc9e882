package io.redline.alerts.subscription;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The subscription rules against abuse, through the API on the real broker: a match-everything subscription is
 * refused with 422 unless it is narrowed by a filter or delivered as a digest, and the list is paginated with a
 * {@code Link: rel="next"} header while staying a JSON array.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionLimitsTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @BeforeEach
    void loaded() {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
    }

    private static Map<String, Object> body(String query) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "limits");
        if (query != null) {
            b.put("query", query);
        }
        b.put("channels", List.of(Map.of("type", "webhook", "url", "https://hooks.example.org/limits")));
        return b;
    }

    private static Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/subscriptions");
    }

    @Test
    void aMatchEverythingSubscriptionIsRefusedUnlessFilteredOrDigested() {
        for (String query : new String[] {null, "", "-x", "-war -peace"}) {
            create(body(query))
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("limit", equalTo("match-everything"))
                    .body("detail", containsString("query"))
                    .body("detail", containsString("filter"))
                    .body("detail", containsString("DIGEST_HOURLY"));
        }
        // A minimum level of LOW narrows nothing either.
        Map<String, Object> low = body("-x");
        low.put("minLevel", "LOW");
        create(low).then().statusCode(422);

        Map<String, Object> filtered = body("-x");
        filtered.put("filters", Map.of("source", List.of("example.org")));
        create(filtered).then().statusCode(201);
        Map<String, Object> bySignal = body(null);
        bySignal.put("signals", List.of("STRIKE"));
        create(bySignal).then().statusCode(201);
        Map<String, Object> digest = body(null);
        digest.put("mode", "DIGEST_DAILY");
        create(digest).then().statusCode(201);
        create(body("frigates -x")).then().statusCode(201);

        // An update cannot turn a selective subscription into a match-everything one either.
        String id = create(body("frigates")).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON)
                .body(body(null))
                .put("/api/subscriptions/" + id)
                .then()
                .statusCode(422)
                .body("limit", equalTo("match-everything"));
    }

    @Test
    void theListIsPaginatedWithALinkToTheNextPage() {
        String owner = "pager-" + Fixtures.newId().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> b = body("frigates");
            b.put("owner", owner);
            ids.add(create(b).then().statusCode(201).extract().path("id"));
        }
        List<String> seen = new ArrayList<>();
        String next = "/api/subscriptions?owner=" + owner + "&limit=2";
        int pages = 0;
        while (next != null) {
            Response page = given().get(next);
            page.then().statusCode(200);
            List<String> pageIds = page.path("id");
            assertThat(pageIds).hasSizeLessThanOrEqualTo(2);
            seen.addAll(pageIds);
            pages++;
            String link = page.header("Link");
            if (link == null) {
                next = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertThat(m.find()).as(link).isTrue();
                URI uri = URI.create(m.group(1));
                next = uri.getRawPath() + "?" + uri.getRawQuery();
            }
            assertThat(pages).isLessThanOrEqualTo(3);
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        // Without limit: the whole (small) list in one array, as before.
        List<String> all = given().get("/api/subscriptions?owner=" + owner)
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(all).containsExactlyElementsOf(ids);

        for (String bad : new String[] {"0", "-1", "1001", "x"}) {
            given().get("/api/subscriptions?limit=" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("limit"));
        }
        given().get("/api/subscriptions?after=not-a-cursor")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo("after"));
    }
}
