package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redline.common.elasticsearch.EsErrors;
import io.redline.common.retry.Backoff;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Corroboration;
import io.redline.contracts.IndexedArticle;
import io.redline.query.IndexedArticles;
import io.redline.query.Outlets;
import io.redline.search.story.StoryAssigner;
import io.redline.search.story.StoryCorroboration;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code redline.articles.analyzed} in batches and indexes each article into Elasticsearch under its
 * article id with one bulk request per batch.
 *
 * <p>Redelivery overwrites the same document, never duplicates it. While Elasticsearch is unreachable the
 * batch is retried with backoff and the channel stops pulling records, so nothing is skipped; a record that
 * cannot be read, or that Elasticsearch rejects, goes to {@code redline.articles.analyzed.dlq} with the reason
 * ({@link DeadLetters}) and the rest of its batch is indexed. Once written, the batch's articles (not the stale
 * revisions the index refused) are published to {@code redline.articles.indexed} ({@link IndexedArticlePublisher}),
 * where alert-service matches them, before the batch is acknowledged: a crash in between repeats both, never skips
 * one.
 */
@ApplicationScoped
public class ArticleIndexer {

    private static final Logger LOG = Logger.getLogger(ArticleIndexer.class);

    /** Channel name shared by code, config and tests. */
    public static final String IN = "articles-analyzed";

    /** Largest bulk request: one full poll (max.poll.records). */
    private static final int MAX_CHUNK = 500;
    /** Smallest bulk request the indexer shrinks to when Elasticsearch times out. */
    private static final int MIN_CHUNK = 10;

    /** An article read from a record, with the record it came from. */
    private record Pending(ConsumerRecord<String, String> record, AnalyzedArticle doc) {}

    private final ElasticsearchClient client;
    private final ArticleIndex index;
    private final StoryAssigner stories;
    private final StoryCorroboration corroboration;
    private final ObjectMapper mapper;
    private final Counter indexed;
    private final Counter rejected;
    private final DistributionSummary batchSize;
    private final Timer storyTime;
    private final Timer bulkTime;
    private final IndexedArticlePublisher published;
    private final DeadLetters deadLetters;
    /**
     * Articles per bulk request: halved when Elasticsearch times out on one (an overloaded node would otherwise be
     * sent the same too-large request again and again), grown back by an eighth after each bulk that succeeds.
     * Only the indexer's single worker thread touches it (ordered blocking method).
     */
    private int chunk = MAX_CHUNK;

    public ArticleIndexer(
            ElasticsearchClient client,
            ArticleIndex index,
            StoryAssigner stories,
            StoryCorroboration corroboration,
            ObjectMapper mapper,
            MeterRegistry registry,
            IndexedArticlePublisher published,
            DeadLetters deadLetters) {
        this.published = published;
        this.client = client;
        this.index = index;
        this.stories = stories;
        this.corroboration = corroboration;
        this.mapper = mapper;
        this.deadLetters = deadLetters;
        this.indexed = Counter.builder("redline.search.articles.indexed")
                .description("Analysed articles written to Elasticsearch")
                .register(registry);
        this.rejected = Counter.builder("redline.search.articles.rejected")
                .description("Analysed records sent to redline.articles.analyzed.dlq")
                .register(registry);
        this.batchSize = DistributionSummary.builder("redline.search.index.batch.size")
                .description("Records per indexing batch (one poll of the consumer)")
                .register(registry);
        this.storyTime = Timer.builder("redline.search.index.stories.time")
                .description(
                        "Story look-up of one bulk's articles (a multi-get, up to two multi-searches and a search for "
                                + "the stories' corroboration)")
                .register(registry);
        this.bulkTime = Timer.builder("redline.search.index.bulk.time")
                .description("One bulk write of analysed articles")
                .register(registry);
    }

    @Incoming(IN)
    @Blocking
    public CompletionStage<Void> index(Message<List<String>> batch) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> meta = batch.getMetadata(
                        IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("channel " + IN + " must be configured with batch=true"));
        List<Pending> pending = new ArrayList<>();
        List<DeadLetters.Rejected> rejects = new ArrayList<>();
        for (ConsumerRecord<String, String> record : meta.getRecords()) {
            try {
                AnalyzedArticle doc = mapper.readValue(record.value(), AnalyzedArticle.class);
                if (doc == null || doc.article() == null || doc.article().id() == null || doc.analysis() == null) {
                    throw new IllegalArgumentException("analysed article without article id or analysis");
                }
                pending.add(new Pending(record, doc));
            } catch (Exception e) {
                rejects.add(
                        new DeadLetters.Rejected(record, "not an analyzed-article/1 document: " + e.getMessage(), e));
            }
        }
        batchSize.record(meta.count());
        try {
            index.awaitReady();
            List<IndexedArticle> written = new ArrayList<>();
            // writeAll changes chunk as it goes: the next slice starts where this one ended, never at from + chunk.
            for (int from = 0, to; from < pending.size(); from = to) {
                to = Math.min(pending.size(), from + chunk);
                written.addAll(writeAll(pending.subList(from, to), rejects));
            }
            // Before the ack: a crash in between publishes them again (at least once), never loses one.
            Map<String, String> unpublished = published.publish(written);
            if (!unpublished.isEmpty()) {
                // Refused for good by the broker (e.g. over its size limit): searchable, but no alert can fire for
                // it; dead-lettered with the reason rather than stalling every later article of the partition.
                for (Pending p : pending) {
                    String why = unpublished.get(p.doc().article().id());
                    if (why != null) {
                        rejects.add(new DeadLetters.Rejected(
                                p.record(), "indexed but not published to redline.articles.indexed: " + why, null));
                    }
                }
            }
            deadLetters.publish(rejects);
            rejected.increment(rejects.size());
            rejects.forEach(r -> LOG.warnf(
                    "Analysed record %s-%d@%d dead-lettered: %s",
                    r.record().topic(), r.record().partition(), r.record().offset(), r.reason()));
            return batch.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Shutting down: nothing is acknowledged, so the next owner of these partitions reads them again.
            return batch.nack(e);
        }
    }

    /**
     * Writes the batch with one bulk request, retrying the items Elasticsearch could not take for now (429, 5xx, no
     * connection) with backoff until they are written; adds items it refuses for good to {@code rejects}. Returns
     * the documents written (not the stale revisions, which are skipped).
     */
    private List<IndexedArticle> writeAll(List<Pending> batch, List<DeadLetters.Rejected> rejects)
            throws InterruptedException {
        List<IndexedArticle> written = new ArrayList<>();
        List<Pending> todo = batch;
        // The waits only, not Backoff.untilDone: each round retries just the items that failed, and a refusal or a
        // time-out splits the batch instead of repeating it.
        Backoff.Waits waits = Backoff.STANDARD.waits();
        while (!todo.isEmpty()) {
            List<Pending> retry = new ArrayList<>();
            int retryStatus = 0;
            try {
                long t0 = System.nanoTime();
                List<String> storyIds = stories.storyIdsFor(
                        ArticleIndex.INDEX,
                        todo.stream().map(p -> p.doc().article()).toList(),
                        todo.stream().map(p -> p.doc().analysis().actors()).toList());
                // The story's figure counting this batch: one read of the stories' indexed articles.
                Map<String, List<Outlets.Member>> added = new LinkedHashMap<>();
                for (int i = 0; i < todo.size(); i++) {
                    added.computeIfAbsent(storyIds.get(i), k -> new ArrayList<>())
                            .add(StoryCorroboration.member(todo.get(i).doc().article()));
                }
                Map<String, Corroboration> figures = corroboration.with(ArticleIndex.INDEX, added.keySet(), added);
                storyTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                List<IndexedArticle> docs = new ArrayList<>(todo.size());
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (int i = 0; i < todo.size(); i++) {
                    AnalyzedArticle doc = todo.get(i).doc();
                    IndexedArticle plain = IndexedArticles.of(doc, storyIds.get(i));
                    // All five figures (copies and outlet domains too), so alerts built from it carry the same ones.
                    IndexedArticle document = new IndexedArticle(
                            plain.article(),
                            plain.analysis(),
                            plain.derived().withCorroboration(figures.get(storyIds.get(i))));
                    docs.add(document);
                    // External versioning on revision then analyzer version: an older one gets 409 and is dropped.
                    // The concrete index, not the alias: during a migration the alias still names the old index.
                    bulk.operations(op -> op.index(x -> x.index(ArticleIndex.INDEX)
                            .id(doc.article().id())
                            .version(DocumentVersion.of(doc))
                            .versionType(VersionType.ExternalGte)
                            .document(document)));
                }
                long t1 = System.nanoTime();
                BulkResponse response = client.bulk(bulk.build());
                bulkTime.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
                chunk = Math.min(MAX_CHUNK, chunk + Math.max(1, chunk / 8));
                List<BulkResponseItem> items = response.items();
                for (int i = 0; i < items.size(); i++) {
                    BulkResponseItem item = items.get(i);
                    Pending p = todo.get(i);
                    if (item.error() == null) {
                        written.add(docs.get(i));
                        indexed.increment();
                    } else if (item.status() == 409) {
                        // A newer revision is already indexed: this one is stale and must not overwrite it.
                        LOG.debugf(
                                "Article %s: stale revision skipped",
                                p.doc().article().id());
                    } else if (item.status() == 429 || item.status() >= 500) {
                        retry.add(p);
                        retryStatus = item.status();
                    } else {
                        rejects.add(new DeadLetters.Rejected(
                                p.record(),
                                "Elasticsearch rejected article "
                                        + p.doc().article().id() + " (status " + item.status() + "): "
                                        + item.error().type() + ": "
                                        + item.error().reason(),
                                null));
                    }
                }
                if (!retry.isEmpty()) {
                    LOG.warnf(
                            "Elasticsearch could not take %d of %d articles now (e.g. status %d); retrying in %d ms",
                            retry.size(), todo.size(), retryStatus, waits.nextMs());
                }
            } catch (IOException | RuntimeException e) {
                int status = EsErrors.httpStatus(e);
                boolean transientFailure = status == 429
                        || status >= 500
                        || (status == -1 && (e instanceof IOException || e.getCause() instanceof IOException));
                if (!transientFailure) {
                    if (todo.size() == 1) {
                        Pending p = todo.get(0);
                        rejects.add(new DeadLetters.Rejected(
                                p.record(),
                                "Elasticsearch rejected article "
                                        + p.doc().article().id() + " (status " + status + "): " + e.getMessage(),
                                e));
                        break;
                    }
                    // The whole request was refused: write the articles one by one to find the one at fault.
                    LOG.warnf(
                            "Elasticsearch refused a batch of %d articles (status %d, %s); writing them one by one",
                            todo.size(), status, e.getMessage());
                    for (Pending p : todo) {
                        written.addAll(writeAll(List.of(p), rejects));
                    }
                    break;
                }
                if (status == -1 && timedOut(e) && todo.size() > MIN_CHUNK) {
                    chunk = Math.max(MIN_CHUNK, todo.size() / 2);
                    LOG.warnf(
                            "Elasticsearch timed out on %d articles (%s); writing them in chunks of %d in %d ms",
                            todo.size(), e.getMessage(), chunk, waits.nextMs());
                    waits.sleep();
                    for (int from = 0, to; from < todo.size(); from = to) {
                        to = Math.min(todo.size(), from + chunk);
                        written.addAll(writeAll(todo.subList(from, to), rejects));
                    }
                    break;
                }
                LOG.warnf(
                        "Elasticsearch unavailable (status %d, %s); retrying %d articles in %d ms",
                        status, e.getMessage(), todo.size(), waits.nextMs());
                retry = todo;
            }
            todo = retry;
            if (!todo.isEmpty()) {
                waits.sleep();
            }
        }
        return written;
    }

    /** Whether a failure is a read time-out: the node took the request but did not answer in time. */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
