package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import io.quarkus.runtime.StartupEvent;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.common.retry.Backoff;
import io.redline.search.SearchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Creates the versioned articles index with its explicit mapping behind the {@code articles} alias at start-up, and
 * moves the alias to it from an older index through the {@link Reindexer} when the mapping version changed.
 *
 * <p>Searches go through the alias only; the indexer writes to {@link #INDEX}, the index whose mapping this code's
 * documents fit, so a mapping change is a new index, a copy and an atomic alias switch, never a rewrite in place.
 */
@ApplicationScoped
public class ArticleIndex {

    private static final Logger LOG = Logger.getLogger(ArticleIndex.class);

    /** The alias every search uses. */
    public static final String ALIAS = "articles";
    /** The concrete index this mapping version writes to. */
    public static final String INDEX = "articles-v4";

    private final ElasticsearchClient client;
    private final Reindexer reindexer;
    private final IndexSettings indexSettings;
    private final String refreshInterval;
    private final CountDownLatch ready = new CountDownLatch(1);

    @Inject
    public ArticleIndex(
            ElasticsearchClient client, Reindexer reindexer, IndexSettings indexSettings, SearchConfig config) {
        this(client, reindexer, indexSettings, config.index().refreshInterval());
    }

    /** An index manager with an explicit refresh interval, checked here so a bad value fails start-up. */
    ArticleIndex(ElasticsearchClient client, Reindexer reindexer, IndexSettings indexSettings, String refreshInterval) {
        if (!refreshInterval.matches("-1|[1-9][0-9]*(ms|s|m)")) {
            throw new IllegalArgumentException("redline.search.index.refresh-interval must be an Elasticsearch time "
                    + "such as 500ms or 1s (or -1 for never), not '" + refreshInterval + "'");
        }
        this.refreshInterval = refreshInterval;
        this.client = client;
        this.reindexer = reindexer;
        this.indexSettings = indexSettings;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            Backoff.fixed(Duration.ofSeconds(2))
                    .giveUpAfter(indexSettings.startupTimeout())
                    .call(LOG, "Creating index " + INDEX, () -> {
                        ensureIndex();
                        return null;
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Elasticsearch not reachable to create index " + INDEX, e);
        }
    }

    /**
     * Makes {@link #INDEX} exist; points the alias at it when the alias is new, or starts the background migration
     * when the alias still points to an older index (search keeps answering from that one until the switch).
     */
    public void ensureIndex() throws IOException {
        List<String> current = reindexer.aliasTargets(ALIAS);
        if (current.contains(INDEX)) {
            addCorroborationFields(INDEX);
            applyRefreshInterval();
            ready.countDown();
            return;
        }
        if (current.isEmpty()) {
            createIndex(INDEX, ALIAS);
            applyRefreshInterval();
            ready.countDown();
            return;
        }
        createIndex(INDEX, null);
        applyRefreshInterval();
        ready.countDown();
        String from = current.get(0);
        Thread migration = new Thread(
                () -> {
                    try {
                        reindexer.migrate(ALIAS, from, INDEX);
                    } catch (IOException | RuntimeException e) {
                        LOG.errorf(
                                e,
                                "Migration of alias %s from %s to %s failed; search stays on %s. Restart to retry",
                                ALIAS,
                                from,
                                INDEX,
                                from);
                    }
                },
                "redline-reindex");
        migration.setDaemon(true);
        migration.start();
    }

    /**
     * Adds the story corroboration fields ({@code derived.outlets}, {@code firstSeen}, {@code firstOutlet},
     * {@code copies}, {@code outletDomains}) to {@code index} when it was created before they existed: new fields are
     * a put-mapping, no new index or copy, and documents indexed before simply lack them. Repeating it is harmless
     * (same types).
     */
    public void addCorroborationFields(String index) throws IOException {
        client.indices()
                .putMapping(p -> p.index(index)
                        .properties(
                                "derived",
                                d -> d.object(o -> o.properties("outlets", f -> f.integer(i -> i))
                                        .properties("firstSeen", f -> f.date(x -> x))
                                        .properties("firstOutlet", f -> f.keyword(k -> k))
                                        .properties("copies", f -> f.integer(i -> i))
                                        .properties("outletDomains", f -> f.keyword(k -> k)))));
    }

    /**
     * Sets how often new articles become searchable, on a new index and on one created by an earlier version alike
     * (a dynamic setting): it bounds the feed-to-searchable latency, at the cost of more, smaller segments.
     */
    private void applyRefreshInterval() throws IOException {
        client.indices()
                .putSettings(p -> p.index(INDEX).settings(s -> s.refreshInterval(t -> t.time(refreshInterval))));
    }

    /** Blocks until {@link #INDEX} exists, so the indexer never lets Elasticsearch auto-create it with guessed types. */
    public void awaitReady() throws InterruptedException {
        while (!ready.await(10, TimeUnit.SECONDS)) {
            LOG.info("Indexer waiting for index " + INDEX + " to be created");
        }
    }

    /**
     * Creates {@code index} with the current mapping and the configured shard and replica counts, and with
     * {@code alias} as its write alias when not null.
     */
    public void createIndex(String index, String alias) throws IOException {
        try (InputStream mapping = ArticleIndex.class.getResourceAsStream("/elasticsearch/" + INDEX + ".json")) {
            CreateIndexRequest request = CreateIndexRequest.of(b -> {
                b.index(index).withJson(indexSettings.apply(mapping));
                if (alias != null) {
                    b.aliases(alias, a -> a.isWriteIndex(true));
                }
                return b;
            });
            client.indices().create(request);
            LOG.infof("Created index %s%s", index, alias == null ? "" : " behind alias " + alias);
        } catch (ElasticsearchException e) {
            // Two instances starting together: the loser sees resource_already_exists, which is fine.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
