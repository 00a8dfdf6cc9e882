package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the versioned articles index with its explicit mapping, behind the {@code articles} alias, at start-up.
 *
 * <p>Searches and writes go through the alias only, so a mapping change is a new index plus an alias
 * switch, never a rewrite in place.
 */
@ApplicationScoped
public class ArticleIndex {

    private static final Logger LOG = Logger.getLogger(ArticleIndex.class);

    /** The alias every read and write uses. */
    public static final String ALIAS = "articles";
    /** The concrete index the alias points to for this mapping version. */
    public static final String INDEX = "articles-v1";

    private final ElasticsearchClient client;
    private final Duration startupTimeout;

    public ArticleIndex(ElasticsearchClient client,
            @ConfigProperty(name = "redline.search.startup-timeout", defaultValue = "120s") Duration startupTimeout) {
        this.client = client;
        this.startupTimeout = startupTimeout;
    }

    void onStart(@Observes StartupEvent event) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            try {
                ensureIndex();
                return;
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Elasticsearch not reachable to create index " + INDEX, e);
                }
                LOG.warnf("Elasticsearch not ready (%s); retrying", e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /** Creates {@link #INDEX} with the mapping from {@code elasticsearch/articles-v1.json} and the alias, if missing. */
    public void ensureIndex() throws IOException {
        if (client.indices().exists(r -> r.index(INDEX)).value()) {
            return;
        }
        try (InputStream mapping = ArticleIndex.class.getResourceAsStream("/elasticsearch/" + INDEX + ".json")) {
            CreateIndexRequest request = CreateIndexRequest.of(b -> b.index(INDEX).withJson(mapping)
                    .aliases(ALIAS, a -> a.isWriteIndex(true)));
            client.indices().create(request);
            LOG.infof("Created index %s behind alias %s", INDEX, ALIAS);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            // Two instances starting together: the loser sees resource_already_exists, which is fine.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
