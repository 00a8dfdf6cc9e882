package io.redline.ingest.publish;

import io.redline.contracts.RawArticle;

/** Where the poller hands articles; returns only once the article is safely stored (Kafka acknowledged it). */
public interface ArticleSink {

    /** Publishes {@code article}, blocking until it is acknowledged; throws when it was not. */
    void publish(RawArticle article);
}
