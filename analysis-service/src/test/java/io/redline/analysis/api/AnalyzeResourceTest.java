package io.redline.analysis.api;

import static io.redline.analysis.TestApi.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.analysis.tagging.EscalationTagger;
import io.redline.localstack.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/** The REST API: plain-text and JSON analysis, the taxonomy, and problem details for bad input. */
@QuarkusTest
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.MATCHING_RESOURCES,
        initArgs = @ResourceArg(name = "elasticsearch", value = "false"))
class AnalyzeResourceTest {

    @Test
    void analysesPlainText() {
        given().contentType("text/plain")
                .body("Moscow warned that strikes deep inside Russia would cross a red line.")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("supported", equalTo(true))
                .body("analyzerVersion", equalTo(EscalationTagger.VERSION))
                .body("signals.type", hasItem("RED_LINE"));
    }

    @Test
    void analysesArticleJsonWithTitleAndLanguage() {
        given().contentType("application/json")
                .body(
                        "{\"title\":\"Talks in Geneva\",\"text\":\"Negotiators met for talks and agreed to a ceasefire.\",\"language\":\"en\"}")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("signals.type", hasItems("TALKS", "CEASEFIRE"))
                .body("signals[0].evidence.sentenceIndex", equalTo(0));
    }

    @Test
    void articleInUnsupportedLanguagePassesThrough() {
        given().contentType("application/json")
                .body("{\"text\":\"Una linea rossa.\",\"language\":\"it\"}")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("supported", equalTo(false))
                .body("language", equalTo("it"))
                .body("signals", hasSize(0));
    }

    @Test
    void frenchArticleIsTaggedInFrenchWithItsEvidence() {
        given().contentType("application/json")
                .body("{\"text\":\"Le ministre russe a averti que toute livraison de missiles à longue portée à Kiev "
                        + "constituerait une ligne rouge pour Moscou.\"}")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("language", equalTo("fr"))
                .body("signals.type", hasItems("RED_LINE", "WEAPONS_SUPPLY"))
                .body("signals.find { it.type == 'RED_LINE' }.evidence.matchedText", equalTo("ligne rouge"))
                .body("actors", hasItems("RUS", "UKR"));
    }

    @Test
    void russianTextWithoutALanguageIsDetectedAndTaggedWithItsEvidence() {
        given().contentType("text/plain; charset=utf-8")
                .body("В Кремле заявили, что удары по российской территории западными ракетами станут красной линией.")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(200)
                .body("language", equalTo("ru"))
                .body("supported", equalTo(true))
                .body("signals.type", hasItem("RED_LINE"))
                .body("signals.find { it.type == 'RED_LINE' }.evidence.matchedText", containsString("красной лини"))
                .body("actors", hasItem("RUS"));
    }

    @Test
    void emptyTextIsAProblemDetail() {
        given().contentType("application/json")
                .body("{\"title\":\"only a title\"}")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", equalTo("text must be a non-empty text"));
        given().contentType("text/plain")
                .body("   ")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void malformedJsonIsAProblemDetail() {
        given().contentType("application/json")
                .body("{\"text\": ")
                .when()
                .post("/api/analyze")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400));
    }

    @Test
    void taxonomyDescribesEverySignalCategoryAndLevel() {
        given().when()
                .get("/api/taxonomy")
                .then()
                .statusCode(200)
                .body("signals", hasSize(14))
                .body("categories", hasSize(16))
                .body("levels.name", hasItems("NONE", "LOW", "ELEVATED", "HIGH", "CRITICAL"))
                .body("modalities.name", hasItems("ASSERTED", "NEGATED"))
                .body("categories.find { it.name == 'ASSAULT' }.class5", equalTo(4));
    }
}
