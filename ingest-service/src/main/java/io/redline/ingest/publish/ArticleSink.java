package io.redline.ingest.publish;

import io.redline.contracts.RawArticle;
import java.util.concurrent.CompletableFuture;

/** Where the poller hands articles; an article counts as published only once it is safely stored (Kafka acknowledged it). */
public interface ArticleSink {

    /** Publishes {@code article}, blocking until it is acknowledged; throws when it was not. */
    void publish(RawArticle article);

    /**
     * Starts publishing {@code article}; the future completes when it is acknowledged (or fails). Lets the poller
     * send every new article of a document before waiting, instead of one broker round trip per article.
     */
    default CompletableFuture<Void> publishAsync(RawArticle article) {
        try {
            publish(article);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
