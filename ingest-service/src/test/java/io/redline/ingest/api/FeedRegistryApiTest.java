package io.redline.ingest.api;

import static io.redline.ingest.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.ingest.registry.FeedDefinition;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The feed registry API against the real broker, with feeds served by a real loopback HTTP server. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
@WithTestResource(value = RegistryFeedsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FeedRegistryApiTest {

    private static final Duration ASYNC = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> body(String url, Object... more) {
        Map<String, Object> b = new HashMap<>();
        b.put("url", url);
        for (int i = 0; i < more.length; i += 2) {
            b.put((String) more[i], more[i + 1]);
        }
        return b;
    }

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/feeds");
    }

    /** Registers a feed and returns its id. */
    private static String create(Map<String, Object> body) {
        return post(body).then().statusCode(201).extract().path("id");
    }

    private static JsonPath view(String id) {
        return given().get("/api/feeds/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> listedIds(String query) {
        return given().get("/api/feeds" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    /** Waits until the feed has been fetched and its state saved with status ok; returns that view. */
    private static JsonPath awaitOk(String id) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await().atMost(ASYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            last.set(view(id));
            assertThat(last.get().getString("status")).isEqualTo("ok");
        });
        return last.get();
    }

    /**
     * Waits for {@code polls} further polls of a feed that is polled every 2 s: a clock made of polls, so that
     * "nothing happened to feed X meanwhile" means several poll cycles passed, without timing assertions.
     */
    private static void awaitPollCycles(int polls) {
        String clock = clockFeed();
        int start = RegistryFeedsResource.hits(clock);
        await().atMost(ASYNC).until(() -> RegistryFeedsResource.hits(clock) >= start + polls);
    }

    private static String clockUrl;

    private static synchronized String clockFeed() {
        if (clockUrl == null) {
            clockUrl = RegistryFeedsResource.feed("clock");
            create(body(clockUrl, "title", "clock"));
        }
        return clockUrl;
    }

    private static void assertProblem(Response r, int status, String field) {
        r.then().statusCode(status).contentType(startsWith(PROBLEM)).body("status", equalTo(status));
        if (field != null) {
            r.then().body("field", equalTo(field));
        }
    }

    // ---------------------------------------------------------------- create, list, get

    @Test
    void aRegisteredFeedIsPolledAndShowsItsHealth() {
        String url = RegistryFeedsResource.feed("healthy");
        String tag = "healthy-" + RegistryFeedsResource.RUN;

        Response created = post(
                body(url, "title", " Healthy feed ", "tags", List.of(tag, " " + tag + " ", "news"), "language", "EN"));

        created.then()
                .statusCode(201)
                .header("Location", endsWith("/api/feeds/" + FeedDefinition.idOf(url)))
                .body("id", equalTo(FeedDefinition.idOf(url)))
                .body("url", equalTo(url))
                .body("title", equalTo("Healthy feed"))
                .body("tags", equalTo(List.of(tag, "news")))
                .body("language", equalTo("en"))
                .body("enabled", equalTo(true))
                .body("status", equalTo("pending"));
        String id = created.path("id");

        JsonPath polled = awaitOk(id);
        assertThat(polled.getString("lastFetch")).isNotNull();
        assertThat(polled.getString("lastSuccess")).isNotNull();
        assertThat(polled.getString("nextPoll")).isNotNull();
        assertThat(polled.getLong("articlesSeen")).isPositive();
        assertThat(polled.getLong("articlesPublished")).isPositive();
        assertThat(polled.getString("polledBy")).isNotBlank();
        assertThat(polled.getInt("consecutiveErrors")).isZero();
        assertThat(RegistryFeedsResource.hits(url)).isPositive();

        // The list shows the same health.
        List<Map<String, Object>> all = given().get("/api/feeds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.id == '" + id + "' }");
        assertThat(all).singleElement().satisfies(f -> {
            assertThat(f.get("status")).isEqualTo("ok");
            assertThat(f.get("lastSuccess")).isNotNull();
            assertThat(((Number) f.get("articlesPublished")).longValue()).isPositive();
        });

        // Filters: by our unique tag only this feed; by status ok it is there, by status disabled it is not.
        assertThat(listedIds("?tag=" + tag)).containsExactly(id);
        assertThat(listedIds("?status=ok")).contains(id);
        assertThat(listedIds("?status=disabled")).doesNotContain(id);
        assertThat(listedIds("?tag=" + tag + "&status=pending")).isEmpty();
    }

    @Test
    void anUnknownStatusFilterIsABadRequest() {
        assertProblem(given().get("/api/feeds?status=sleeping"), 400, "status");
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertProblem(given().get("/api/feeds/000000000000"), 404, "id");
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body(body("http://127.0.0.1:1/x.xml"))
                        .put("/api/feeds/000000000000"),
                404,
                "id");
        assertProblem(given().delete("/api/feeds/000000000000"), 404, "id");
        assertProblem(given().post("/api/feeds/000000000000/refresh"), 404, "id");
    }

    @Test
    void aUrlRegisteredTwiceIsAConflict() {
        String url = RegistryFeedsResource.feed("twice");
        create(body(url));

        assertProblem(post(body(url, "title", "again")), 409, "url");
        // Surrounding blanks do not make it another feed.
        assertProblem(post(body("  " + url + " ")), 409, "url");
    }

    @Test
    void aUrlAFeedWasMovedToIsAConflictToo() {
        String from = RegistryFeedsResource.feed("moved-from");
        String to = RegistryFeedsResource.feed("moved-to");
        String id = create(body(from));

        // The feed keeps its id (derived from the first URL) when its URL changes.
        given().contentType(ContentType.JSON)
                .body(body(to))
                .put("/api/feeds/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("url", equalTo(to));

        // So "to" is registered, under the old id: registering it again is a conflict, as is an OPML import of it.
        assertProblem(post(body(to)), 409, "url");
        String opml = "<opml version=\"2.0\"><body><outline text=\"t\" xmlUrl=\"" + to + "\"/></body></opml>";
        given().contentType("text/x-opml")
                .body(opml)
                .post("/api/feeds/opml")
                .then()
                .statusCode(200)
                .body("created", equalTo(List.of()))
                .body("existing", equalTo(List.of(id)));
        assertThat(given().get("/api/feeds")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.url == '" + to + "' }.id"))
                .containsExactly(id);
        given().delete("/api/feeds/" + id).then().statusCode(204);
    }

    @Test
    void invalidBodiesAreRefusedNamingTheField() {
        String url = RegistryFeedsResource.server.url("/never-registered.xml");
        assertProblem(post(body(null)), 400, "url");
        assertProblem(post(body("ftp://127.0.0.1/feed.xml")), 400, "url");
        assertProblem(post(body("http://user:pw@127.0.0.1/feed.xml")), 400, "url");
        assertProblem(post(body(url, "pollInterval", "3s")), 400, "pollInterval");
        assertProblem(post(body(url, "pollInterval", "soon")), 400, "pollInterval");
        assertProblem(post(body(url, "language", "english")), 400, "language");
        assertProblem(post(body(url, "title", "t".repeat(301))), 400, "title");
        assertProblem(
                post(body(
                        url,
                        "tags",
                        java.util.stream.IntStream.range(0, 21)
                                .mapToObj(i -> "t" + i)
                                .toList())),
                400,
                "tags");
        // Loopback is allowed in tests, the cloud metadata address is not: the SSRF guard answers 422.
        assertProblem(post(body("http://169.254.169.254/latest/meta-data/")), 422, "url");
        // No body at all, malformed JSON, a field of the wrong shape: problems as well.
        given().contentType(ContentType.JSON).post("/api/feeds").then().statusCode(400);
        assertProblem(given().contentType(ContentType.JSON).body("{\"url\": ").post("/api/feeds"), 400, null);
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"url\": \"" + url + "\", \"tags\": {\"a\": 1}}")
                        .post("/api/feeds"),
                400,
                "tags");
        // Nothing was registered by any of these.
        assertProblem(given().get("/api/feeds/" + FeedDefinition.idOf(url)), 404, "id");
    }

    // ---------------------------------------------------------------- update, refresh, delete

    @Test
    void anUpdateChangesTitleTagsAndDisablingStopsPolling() {
        String url = RegistryFeedsResource.feed("updated");
        String id = create(body(url, "title", "Before", "tags", List.of("old")));
        awaitOk(id);

        given().contentType(ContentType.JSON)
                .body(body(
                        url, "title", "After", "tags", List.of("new-" + RegistryFeedsResource.RUN), "enabled", false))
                .put("/api/feeds/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("After"))
                .body("tags", equalTo(List.of("new-" + RegistryFeedsResource.RUN)))
                .body("enabled", equalTo(false))
                .body("status", equalTo("disabled"));

        JsonPath after = view(id);
        assertThat(after.getString("title")).isEqualTo("After");
        assertThat(after.getString("status")).isEqualTo("disabled");
        assertThat(listedIds("?status=disabled")).contains(id);
        assertThat(listedIds("?tag=new-" + RegistryFeedsResource.RUN)).containsExactly(id);
        assertThat(listedIds("?tag=old")).doesNotContain(id);

        // A poll may have been under way when the change arrived; after that settles, no more polls.
        awaitPollCycles(2);
        int settled = RegistryFeedsResource.hits(url);
        awaitPollCycles(3);
        assertThat(RegistryFeedsResource.hits(url)).isEqualTo(settled);

        // A disabled feed cannot be refreshed; enabling it again resumes polling.
        assertProblem(given().post("/api/feeds/" + id + "/refresh"), 409, "enabled");
        given().contentType(ContentType.JSON)
                .body(body(url, "title", "After", "enabled", true))
                .put("/api/feeds/" + id)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true));
        await().atMost(ASYNC).until(() -> RegistryFeedsResource.hits(url) > settled);
    }

    @Test
    void aFeedAsShownCanBePutBackUnchanged() {
        String url = RegistryFeedsResource.feed("roundtrip");
        String id = create(body(
                url,
                "title",
                "Round trip",
                "tags",
                List.of("a", "b"),
                "language",
                "de",
                "pollInterval",
                "90s",
                "enabled",
                true));
        JsonPath shown = view(id);

        // GET, edit one field, PUT the rest back as it was shown: the usual client loop.
        Map<String, Object> edited = body(
                shown.getString("url"),
                "title",
                "Edited",
                "tags",
                shown.getList("tags"),
                "language",
                shown.getString("language"),
                "pollInterval",
                shown.get("pollInterval"),
                "enabled",
                shown.getBoolean("enabled"));
        given().contentType(ContentType.JSON)
                .body(edited)
                .put("/api/feeds/" + id)
                .then()
                .statusCode(200)
                .body("title", equalTo("Edited"))
                .body("tags", equalTo(List.of("a", "b")))
                .body("language", equalTo("de"))
                .body("pollInterval", equalTo("PT1M30S"));
        given().delete("/api/feeds/" + id).then().statusCode(204);
    }

    @Test
    void refreshPollsAFeedWithALongIntervalAgainAtOnce() {
        String url = RegistryFeedsResource.feed("hourly");
        String id = create(body(url, "pollInterval", "1h"));
        JsonPath first = awaitOk(id);
        assertThat(first.getString("intervalReason")).isEqualTo("fixed");
        // Intervals are shown in the ISO form the API accepts.
        assertThat(first.getString("pollInterval")).isEqualTo("PT1H");
        assertThat(first.getString("currentInterval")).isEqualTo("PT1H");
        int before = RegistryFeedsResource.hits(url);

        given().post("/api/feeds/" + id + "/refresh").then().statusCode(202).body("id", equalTo(id));

        // Without the refresh the next poll would be an hour away.
        await().atMost(ASYNC).until(() -> RegistryFeedsResource.hits(url) > before);
        await().atMost(ASYNC)
                .untilAsserted(
                        () -> assertThat(view(id).getString("lastFetch")).isNotEqualTo(first.getString("lastFetch")));
    }

    @Test
    void aDeletedFeedIsGoneAndNoLongerPolled() {
        String url = RegistryFeedsResource.feed("deleted");
        String id = create(body(url));
        awaitOk(id);

        given().delete("/api/feeds/" + id).then().statusCode(204);

        assertProblem(given().get("/api/feeds/" + id), 404, "id");
        assertProblem(given().delete("/api/feeds/" + id), 404, "id");
        assertThat(listedIds("")).doesNotContain(id);

        // After a poll that may have been in flight, the server hears nothing more of it.
        awaitPollCycles(2);
        int settled = RegistryFeedsResource.hits(url);
        awaitPollCycles(3);
        assertThat(RegistryFeedsResource.hits(url)).isEqualTo(settled);
        // A poll finishing after the delete must not bring the feed back.
        assertProblem(given().get("/api/feeds/" + id), 404, "id");

        // The URL can be registered again afterwards.
        assertThat(create(body(url))).isEqualTo(id);
        given().delete("/api/feeds/" + id).then().statusCode(204);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aFeedAnswering500ShowsTheErrorInItsHealth() {
        String url = RegistryFeedsResource.broken("fails");
        String id = create(body(url));

        await().atMost(ASYNC).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonPath v = view(id);
            assertThat(v.getString("status")).isIn("erroring", "failing");
            assertThat(v.getString("lastErrorKind")).isEqualTo("http_status");
            assertThat(v.getString("lastError")).isEqualTo("HTTP 500");
            assertThat(v.getInt("consecutiveErrors")).isPositive();
            assertThat(v.getString("lastFetch")).isNotNull();
            assertThat(v.getString("lastSuccess")).isNull();
        });
        assertThat(listedIds("?status=ok")).doesNotContain(id);
    }

    // ---------------------------------------------------------------- OPML

    @Test
    void opmlImportCreatesThenFindsExistingAndReportsInvalidOutlines() {
        String a = RegistryFeedsResource.feed("opml-a");
        String b = RegistryFeedsResource.feed("opml-b");
        String folder = "Imported-" + RegistryFeedsResource.RUN;
        String opml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0"><head><title>mine</title></head><body>
                  <outline text="%s">
                    <outline text="Europe">
                      <outline type="rss" text="Feed A" xmlUrl="%s" language="fr"/>
                    </outline>
                    <outline type="rss" text="Feed B" xmlUrl="%s" category="/extra" outlet="Outlet-B.Example"/>
                  </outline>
                  <outline type="rss" text="Not a feed URL" xmlUrl="gopher://127.0.0.1/feed"/>
                  <outline type="rss" text="Bad outlet" xmlUrl="%s" outlet="co.uk"/>
                </body></opml>
                """.formatted(folder, a, b, RegistryFeedsResource.feed("opml-bad-outlet"));

        JsonPath first = given().contentType("text/x-opml")
                .body(opml)
                .post("/api/feeds/opml")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(first.getList("created", String.class))
                .containsExactly(FeedDefinition.idOf(a), FeedDefinition.idOf(b));
        assertThat(first.getList("existing", String.class)).isEmpty();
        assertThat(first.getList("invalid.url", String.class))
                .containsExactly("gopher://127.0.0.1/feed", RegistryFeedsResource.feed("opml-bad-outlet"));
        assertThat(first.getString("invalid[0].reason")).contains("http or https");
        assertThat(first.getString("invalid[1].reason")).contains("outlet");

        // Folders became tags, outermost first.
        JsonPath feedA = view(FeedDefinition.idOf(a));
        assertThat(feedA.getList("tags", String.class)).containsExactly(folder, "Europe");
        assertThat(feedA.getString("title")).isEqualTo("Feed A");
        assertThat(feedA.getString("language")).isEqualTo("fr");
        assertThat(feedA.getString("outlet")).isNull();
        JsonPath feedB = view(FeedDefinition.idOf(b));
        assertThat(feedB.getList("tags", String.class)).containsExactly(folder, "extra");
        // The declared outlet is read from the outline, canonical, as POST /api/feeds would store it.
        assertThat(feedB.getString("outlet")).isEqualTo("outlet-b.example");
        assertThat(listedIds("?tag=" + folder))
                .containsExactlyInAnyOrder(FeedDefinition.idOf(a), FeedDefinition.idOf(b));

        // Importing the same list again creates nothing.
        JsonPath second = given().contentType("text/x-opml")
                .body(opml)
                .post("/api/feeds/opml")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(second.getList("created", String.class)).isEmpty();
        assertThat(second.getList("existing", String.class))
                .containsExactly(FeedDefinition.idOf(a), FeedDefinition.idOf(b));
        assertThat(second.getList("invalid.url", String.class))
                .containsExactly("gopher://127.0.0.1/feed", RegistryFeedsResource.feed("opml-bad-outlet"));

        // The export lists them, nested under their first tag.
        String exported = given().get("/api/feeds/opml")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/x-opml"))
                .extract()
                .asString();
        assertThat(exported)
                .contains("<opml version=\"2.0\">")
                .contains("xmlUrl=\"" + a + "\"")
                .contains("xmlUrl=\"" + b + "\"")
                .contains("outlet=\"outlet-b.example\"")
                .contains("text=\"" + folder + "\"");
    }

    @Test
    void theFeedsFileRegistersItsFeedWithTheOutletItDeclares() {
        String id = FeedDefinition.idOf(RegistryFeedsResource.configuredFeed);
        // Registered once the registry is read at start-up, not by this test.
        await().atMost(ASYNC).untilAsserted(() -> assertThat(listedIds("")).contains(id));
        JsonPath feed = view(id);
        assertThat(feed.getString("url")).isEqualTo(RegistryFeedsResource.configuredFeed);
        assertThat(feed.getString("title")).isEqualTo("Configured");
        assertThat(feed.getString("outlet")).isEqualTo(RegistryFeedsResource.CONFIGURED_OUTLET);
    }

    @Test
    void hostileOrWrongOpmlIsRefused() {
        assertProblem(
                given().contentType("text/x-opml")
                        .body("<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY x \"y\">]><opml><body/></opml>")
                        .post("/api/feeds/opml"),
                400,
                "opml");
        assertProblem(
                given().contentType("text/x-opml")
                        .body("<rss version=\"2.0\"/>")
                        .post("/api/feeds/opml"),
                400,
                "opml");
        assertProblem(given().contentType("text/x-opml").body("<opml><body>").post("/api/feeds/opml"), 400, "opml");
    }
}
