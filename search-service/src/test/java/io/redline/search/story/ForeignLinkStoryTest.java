package io.redline.search.story;

import static io.redline.search.TestApi.given;
import static org.hamcrest.Matchers.equalTo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.RawArticle;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.search.Fixtures;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two articles ingest-service keeps apart because one feed may not speak for the other's link (same text, same link,
 * different ids and sources) are still one story, each under its own source.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ForeignLinkStoryTest {

    @Inject
    ElasticsearchClient client;

    @Inject
    StoryAssigner stories;

    @Test
    void theOutletsArticleAndAnotherFeedsCopyOfItShareOneStory() throws Exception {
        String text = StoryGroupingTest.uniqueText();
        ArticleSpec wire = spec("wire.example", text, "2026-11-26T06:00:00Z");
        ArticleSpec copy = spec("hostile.example", text, "2026-11-26T06:05:00Z");
        String link = "http://wire.example/world/" + wire.id;
        Fixtures.index(client, stories, withUrl(wire.build(), link));
        Fixtures.index(client, stories, withUrl(copy.build(), link));

        given().get("/api/stories/" + wire.id)
                .then()
                .statusCode(200)
                .body("count", equalTo(2))
                .body("articles.id", equalTo(List.of(wire.id, copy.id)))
                .body("articles.sourceDomain", equalTo(List.of("wire.example", "hostile.example")))
                .body("articles.url", equalTo(List.of(link, link)));
    }

    private static ArticleSpec spec(String source, String text, String published) {
        ArticleSpec s = new ArticleSpec();
        s.feed = "feed-" + source + "-" + Fixtures.newId();
        s.source = source;
        s.title = "Drones hit Kyiv overnight";
        s.text = text;
        s.published = Instant.parse(published);
        return s;
    }

    /** {@code doc} with its article's link replaced, as a copy carrying the outlet's own link is published. */
    private static AnalyzedArticle withUrl(AnalyzedArticle doc, String url) {
        RawArticle a = doc.article();
        return new AnalyzedArticle(
                new RawArticle(
                        a.id(),
                        a.revision(),
                        url,
                        a.feedId(),
                        a.feedUrl(),
                        a.sourceDomain(),
                        a.title(),
                        a.summary(),
                        a.contentHtml(),
                        a.text(),
                        a.authors(),
                        a.categories(),
                        a.tags(),
                        a.language(),
                        a.publishedAt(),
                        a.updatedAt(),
                        a.fetchedAt(),
                        a.contentHash()),
                doc.analysis());
    }
}
