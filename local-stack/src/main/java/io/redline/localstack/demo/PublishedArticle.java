package io.redline.localstack.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * An article as the demo server serves it: content under a served id, in one feed, at one time.
 *
 * @param id          the served id, used in the article URL and the guid; a live copy gets a fresh one
 * @param feed        the feed it appears in: a demo wire feed or an outlet's
 * @param article     its writing (whose own id is the content slug, not necessarily {@link #id()})
 * @param publishedAt publication time, whole seconds (RFC 822 dates carry no fractions)
 */
public record PublishedArticle(String id, DemoChannel feed, DemoArticle article, Instant publishedAt) {

    public PublishedArticle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }

    public String title() {
        return article.title();
    }

    /** Path of its HTML page on the server. */
    public String path() {
        return "/articles/" + id;
    }
}
