package io.redline.search.query;

import static io.redline.search.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.InvalidParameterException;
import io.redline.query.UserQuery;
import io.redline.search.Fixtures;
import io.redline.search.story.StoryAssigner;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile {@code q} values against the real Elasticsearch: oversized, deeply nested or term-heavy queries are a 400
 * naming {@code q}; wildcard, regex and field syntax is answered (never a 500) and never reaches Elasticsearch as a
 * wildcard, regexp or query_string query.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileQueryTest {

    /** Only this test's article lives in this feed, so other tests' articles never change the results here. */
    static final String FEED = "feed-" + Fixtures.newId();

    static final ArticleSpec ARTICLE = new ArticleSpec();
    static boolean indexed;

    /** Syntax Lucene or query_string would treat as wildcards, regexes or field names. */
    static final List<String> SYNTAX = List.of(
            "*",
            "*odesa",
            "**odesa",
            "/.*/",
            "/od.*/",
            "title:x OR _id:y",
            "field:(a)",
            "_index:redline*",
            "?desa",
            "odes?",
            "od*sa",
            "title:*",
            "missile~2",
            "missile^10",
            "(((",
            ")))",
            "\"unterminated",
            "title:\"\"",
            "NOT",
            "- * | +");

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @BeforeEach
    void indexOnce() throws Exception {
        if (indexed) {
            return;
        }
        ARTICLE.title = "Missiles launched at Odesa port";
        ARTICLE.text = "Russian forces struck the port overnight, officials said.";
        ARTICLE.published = Instant.parse("2026-11-20T10:00:00Z");
        ARTICLE.feed = FEED;
        Fixtures.index(client, stories, ARTICLE.build());
        indexed = true;
    }

    private static Response search(String q) {
        return given().queryParam("feed", FEED).queryParam("q", q).get("/api/articles");
    }

    private static void refusedNamingQ(String q) {
        search(q)
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("parameter", equalTo("q"));
        given().queryParam("q", q).get("/api/timeline").then().statusCode(400).body("parameter", equalTo("q"));
    }

    @Test
    void oversizedNestedAndTermHeavyQueriesAre400NamingQ() {
        refusedNamingQ("odesa ".repeat(100)); // 600 characters
        refusedNamingQ("(".repeat(50) + "odesa" + ")".repeat(50));
        refusedNamingQ("(".repeat(UserQuery.MAX_DEPTH + 1) + "odesa" + ")".repeat(UserQuery.MAX_DEPTH + 1));
        List<String> terms = new ArrayList<>();
        for (int i = 0; i <= UserQuery.MAX_TERMS; i++) {
            terms.add("t" + i);
        }
        refusedNamingQ(String.join(" OR ", terms));
        // At the limits it is still answered.
        search("(".repeat(UserQuery.MAX_DEPTH) + "odesa" + ")".repeat(UserQuery.MAX_DEPTH))
                .then()
                .statusCode(200);
        search(String.join(" OR ", terms.subList(0, UserQuery.MAX_TERMS)))
                .then()
                .statusCode(200);
    }

    @Test
    void oversizedIdsAndFilterListsAre400NamingTheParameter() {
        given().get("/api/articles/" + "a".repeat(65)).then().statusCode(400).body("parameter", equalTo("id"));
        given().get("/api/articles/a*b").then().statusCode(400).body("parameter", equalTo("id"));
        given().get("/api/stories/" + "s".repeat(65)).then().statusCode(400).body("parameter", equalTo("id"));
        given().get("/api/stories/story.1").then().statusCode(400).body("parameter", equalTo("id"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ArticleFilters.MAX_VALUES; i++) {
            many.add("s" + i + ".example");
        }
        given().queryParam("source", String.join(",", many))
                .get("/api/articles")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("source"));
        given().queryParam("tag", "t".repeat(ArticleFilters.MAX_VALUE_LENGTH + 1))
                .get("/api/timeline")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("tag"));
        // At the limits it is still answered.
        given().queryParam("source", String.join(",", many.subList(0, ArticleFilters.MAX_VALUES)))
                .get("/api/articles")
                .then()
                .statusCode(200);
        given().get("/api/stories/" + "s".repeat(64)).then().statusCode(404);
    }

    @Test
    void wildcardRegexAndFieldSyntaxIsAnsweredNeverA500() {
        for (String q : SYNTAX) {
            int status = search(q).then().extract().statusCode();
            assertThat(status).as("q=%s", q).isIn(200, 400);
            int timeline = given().queryParam("q", q)
                    .get("/api/timeline")
                    .then()
                    .extract()
                    .statusCode();
            assertThat(timeline).as("timeline q=%s", q).isIn(200, 400);
        }
    }

    @Test
    void syntaxHasASafeMeaning() {
        // A leading * is dropped, not a leading wildcard: *odesa searches odesa.
        assertThat(ids("*odesa")).containsExactly(ARTICLE.id);
        // A bare * or a regex searches no word, so nothing, rather than everything.
        assertThat(ids("*")).isEmpty();
        assertThat(ids("/.*/")).isEmpty();
        // _id is not a field the text can reach: the article is not found by its id.
        assertThat(ids("title:x OR _id:" + ARTICLE.id)).isEmpty();
        assertThat(ids("field:(odesa)")).isEmpty(); // "field:" is a word that must be present too
        assertThat(ids("od*sa")).isEmpty(); // a * inside a word is no wildcard
    }

    private static List<String> ids(String q) {
        return search(q).then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    @Test
    void noSyntaxBecomesAWildcardRegexpOrQueryStringQuery() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (String q : SYNTAX) {
            UserQuery.Node node;
            try {
                node = UserQuery.parse(q);
            } catch (InvalidParameterException e) {
                continue; // refused before any query is built
            }
            Query query = EsQueries.query(
                    q,
                    node,
                    ArticleFilters.parse(null, null, null, null, null, null, null, null, null, null, null, null, null));
            JsonNode tree = json.readTree(JsonpUtils.toJsonString(query, new JacksonJsonpMapper()));
            assertThat(keys(tree))
                    .as("q=%s", q)
                    .doesNotContain("wildcard", "regexp", "query_string", "fuzzy", "prefix");
            for (JsonNode sqs : tree.findValues("simple_query_string")) {
                checked++;
                String text = sqs.get("query").asText();
                String flags = sqs.path("flags").asText();
                if (flags.equals("PREFIX")) {
                    // The only wildcard there is: a trailing * after at least one letter or digit.
                    assertThat(text).as("q=%s", q).matches("[\\p{L}\\p{N}]+\\*");
                } else {
                    // Every other operator off, so a * or /.../ in the text is plain text.
                    assertThat(flags).as("q=%s", q).isIn("NONE", "PHRASE");
                }
            }
        }
        assertThat(checked).as("text queries inspected").isGreaterThan(10);
    }

    /** Every object key anywhere in the tree. */
    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                out.add(e.getKey());
                out.addAll(keys(e.getValue()));
            });
        } else if (node.isArray()) {
            node.forEach(n -> out.addAll(keys(n)));
        }
        return out;
    }
}
