package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.contracts.AnalyzedArticle;
import io.redline.search.alerts.dispatch.AlertMatching;
import io.redline.search.story.StoryAssigner;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.elasticsearch.client.ResponseException;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.articles.analyzed} and indexes each article into Elasticsearch under its article id.
 *
 * <p>Redelivery overwrites the same document, never duplicates it. While Elasticsearch is unreachable the
 * method retries with backoff and the channel stops pulling records, so nothing is skipped; a record that
 * cannot be read, or that Elasticsearch rejects, goes to {@code redline.articles.analyzed.dlq} with the reason.
 * Once written, the article is matched against the alert subscriptions and its alerts published
 * ({@link AlertMatching}) before the record is acknowledged, so a crash in between repeats both, never skips one.
 */
@ApplicationScoped
public class ArticleIndexer {

    private static final Logger LOG = Logger.getLogger(ArticleIndexer.class);

    /** Channel name shared by code, config and tests. */
    public static final String IN = "articles-analyzed";

    private final ElasticsearchClient client;
    private final ArticleIndex index;
    private final StoryAssigner stories;
    private final ObjectMapper mapper;
    private final Counter indexed;
    private final Counter rejected;
    private final AlertMatching alerts;

    public ArticleIndexer(ElasticsearchClient client, ArticleIndex index, StoryAssigner stories, ObjectMapper mapper,
            MeterRegistry registry, AlertMatching alerts) {
        this.alerts = alerts;
        this.client = client;
        this.index = index;
        this.stories = stories;
        this.mapper = mapper;
        this.indexed = Counter.builder("redline.search.articles.indexed")
                .description("Analysed articles written to Elasticsearch").register(registry);
        this.rejected = Counter.builder("redline.search.articles.rejected")
                .description("Analysed records sent to redline.articles.analyzed.dlq").register(registry);
    }

    @Incoming(IN)
    @Blocking
    public CompletionStage<Void> index(Message<String> in) {
        AnalyzedArticle doc;
        try {
            doc = mapper.readValue(in.getPayload(), AnalyzedArticle.class);
            if (doc == null || doc.article() == null || doc.article().id() == null || doc.analysis() == null) {
                throw new IllegalArgumentException("analysed article without article id or analysis");
            }
        } catch (Exception e) {
            rejected.increment();
            return in.nack(new IllegalArgumentException("not an analyzed-article/1 document: " + e.getMessage(), e));
        }
        try {
            index.awaitReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return in.nack(e);
        }
        long backoffMs = 500;
        while (true) {
            try {
                IndexedArticle written = write(doc);
                indexed.increment();
                try {
                    alerts.onIndexed(written);
                } catch (RuntimeException e) {
                    // A matcher fault must not hold up indexing; Kafka failures never get here (onIndexed retries).
                    LOG.errorf(e, "Alert matching failed for article %s; no alerts for it", doc.article().id());
                }
                return in.ack();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return in.nack(e);
            } catch (IOException | RuntimeException e) {
                int status = httpStatus(e);
                if (status == 409) {
                    // A newer revision is already indexed: this one is stale and must not overwrite it.
                    return in.ack();
                }
                boolean transientFailure = status == 429 || status >= 500
                        || (status == -1 && (e instanceof IOException || e.getCause() instanceof IOException));
                if (!transientFailure) {
                    rejected.increment();
                    return in.nack(new IllegalArgumentException("Elasticsearch rejected article "
                            + doc.article().id() + " (status " + status + "): " + e.getMessage(), e));
                }
                LOG.warnf("Elasticsearch unavailable (status %d, %s); retrying article %s in %d ms", status,
                        e.getMessage(), doc.article().id(), backoffMs);
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return in.nack(ie);
            }
            backoffMs = Math.min(backoffMs * 2, 30_000);
        }
    }

    /**
     * The HTTP status behind a client failure, or -1 when there was no response (connection refused, time-out).
     * The Java client reports error responses either as {@link ElasticsearchException} or, for some status codes,
     * as a low-level {@link ResponseException} wrapped in a transport exception, so the cause chain is walked.
     */
    public static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException ee) {
                return ee.status();
            }
            if (t instanceof ResponseException re) {
                return re.getResponse().getStatusLine().getStatusCode();
            }
            if (t instanceof TransportException te && te.statusCode() > 0) {
                return te.statusCode();
            }
        }
        return -1;
    }

    private IndexedArticle write(AnalyzedArticle doc) throws IOException {
        IndexedArticle indexed = IndexedArticle.of(doc, stories.storyIdFor(ArticleIndex.INDEX, doc.article()));
        // External versioning on revision then analyzer version: an older one gets 409 and is dropped.
        // The concrete index, not the alias: during a migration the alias still names the old mapping's index.
        client.index(i -> i.index(ArticleIndex.INDEX).id(doc.article().id())
                .version(DocumentVersion.of(doc)).versionType(VersionType.ExternalGte)
                .document(indexed));
        return indexed;
    }
}
