package io.redline.alerts.stream;

import static io.redline.alerts.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.Alert;
import io.redline.localstack.LocalStackTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The per-subscription JSON Feed and RSS, parsed by Jackson and a hardened XML parser, against the real log. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AlertFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Markup, entities, a CDATA end and a control character: all must come back as typed (minus the control). */
    private static final String NASTY = "Strike <script>alert('x')</script> & \"quotes\" ]]> \u0001end";

    @Inject
    AlertLog log;

    @Inject
    ObjectMapper mapper;

    private String sub;
    private Alert oldest;
    private Alert middle;
    private Alert newest;
    private Instant t0;

    @BeforeEach
    void alerts() {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().get("/api/subscriptions").then().statusCode(200));
        sub = TestAlerts.subscription("Feeds <& \"test\">");
        t0 = Instant.parse("2026-11-27T05:00:00.123Z");
        oldest = TestAlerts.alert(sub, "new", "Oldest alert");
        middle = TestAlerts.alert("alert_mid_" + System.nanoTime(), sub, "update", NASTY, "javascript:alert(1)");
        newest = TestAlerts.alert(sub, "new", "Newest alert");
        log.record(oldest, t0);
        log.record(middle, t0.plusSeconds(60));
        log.record(newest, t0.plusSeconds(120));
        await().atMost(WAIT).until(() -> log.recent(sub, 10).size() == 3);
    }

    @Test
    void jsonFeed() throws Exception {
        Response r = given().get("/api/alerts/feeds/" + sub + ".json");
        r.then().statusCode(200);
        assertThat(r.contentType()).startsWith("application/feed+json");
        JsonNode feed = mapper.readTree(r.asByteArray());
        assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.get("title").asText()).isEqualTo("Redline alerts: Feeds <& \"test\">");
        assertThat(feed.get("feed_url").asText()).endsWith("/api/alerts/feeds/" + sub + ".json");
        JsonNode items = feed.get("items");
        assertThat(items).hasSize(3);
        // Newest first.
        assertThat(items.get(0).get("id").asText()).isEqualTo(newest.id());
        assertThat(items.get(1).get("id").asText()).isEqualTo(middle.id());
        assertThat(items.get(2).get("id").asText()).isEqualTo(oldest.id());

        JsonNode first = items.get(0);
        assertThat(first.get("url").asText()).isEqualTo(newest.article().url());
        assertThat(first.get("title").asText()).isEqualTo("HIGH: Newest alert");
        assertThat(first.get("date_published").asText()).isEqualTo("2026-11-27T05:02:00.123Z");
        assertThat(first.get("content_text").asText())
                .contains(
                        "Level: HIGH",
                        "Score: 73/100",
                        "Red line (asserted): \"Any delivery of howitzers is a red line, the Kremlin said.\"",
                        "Kremlin draws a red line over howitzers");
        assertThat(first.get("tags")).extracting(JsonNode::asText).contains("HIGH", "new", "RED_LINE", "ukraine");

        JsonNode update = items.get(1);
        assertThat(update.get("title").asText()).isEqualTo("HIGH (up from ELEVATED): " + NASTY.strip());
        assertThat(update.has("url"))
                .as("a javascript: URL is never offered as a link")
                .isFalse();

        JsonNode two = mapper.readTree(given().queryParam("limit", 2)
                .get("/api/alerts/feeds/" + sub + ".json")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(two.get("items")).hasSize(2);
    }

    @Test
    void rss() throws Exception {
        Response r = given().get("/api/alerts/feeds/" + sub + ".rss");
        r.then().statusCode(200);
        assertThat(r.contentType()).startsWith("application/rss+xml");
        Document doc = parseSecurely(r.asByteArray());
        Element rss = doc.getDocumentElement();
        assertThat(rss.getTagName()).isEqualTo("rss");
        assertThat(rss.getAttribute("version")).isEqualTo("2.0");
        Element channel = (Element) rss.getElementsByTagName("channel").item(0);
        assertThat(text(channel, "title")).isEqualTo("Redline alerts: Feeds <& \"test\">");

        NodeList items = doc.getElementsByTagName("item");
        assertThat(items.getLength()).isEqualTo(3);
        Element first = (Element) items.item(0);
        Element guid = (Element) first.getElementsByTagName("guid").item(0);
        assertThat(guid.getTextContent()).isEqualTo(newest.id());
        assertThat(guid.getAttribute("isPermaLink")).isEqualTo("false");
        assertThat(text(first, "link")).isEqualTo(newest.article().url());
        assertThat(text(first, "pubDate"))
                .isEqualTo(DateTimeFormatter.RFC_1123_DATE_TIME
                        .withZone(ZoneOffset.UTC)
                        .format(t0.plusSeconds(120)));
        assertThat(text(first, "description")).contains("<b>HIGH</b>", "<q>Any delivery of howitzers");

        Element nasty = (Element) items.item(1);
        // The title comes back exactly as typed, without the character XML cannot carry.
        assertThat(text(nasty, "title")).isEqualTo("HIGH (up from ELEVATED): " + NASTY.replace("\u0001", ""));
        assertThat(nasty.getElementsByTagName("link").getLength()).isZero();

        Document limited = parseSecurely(given().queryParam("limit", "1")
                .get("/api/alerts/feeds/" + sub + ".rss")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(limited.getElementsByTagName("item").getLength()).isEqualTo(1);
    }

    @Test
    void badLimitIs400AndUnknownSubscription404() {
        for (String bad : new String[] {"0", "201", "abc", "-1"}) {
            given().queryParam("limit", bad)
                    .get("/api/alerts/feeds/" + sub + ".json")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("limit"));
            given().queryParam("limit", bad)
                    .get("/api/alerts/feeds/" + sub + ".rss")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", equalTo("limit"));
        }
        given().get("/api/alerts/feeds/sub_doesnotexist.json")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/alerts/feeds/sub_doesnotexist.rss")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    /** A DOM parser that refuses DOCTYPEs and external entities (XXE), as any feed reader should. */
    private static Document parseSecurely(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
