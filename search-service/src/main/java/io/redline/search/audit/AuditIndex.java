package io.redline.search.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.redline.common.elasticsearch.EsErrors;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.common.retry.Backoff;
import io.redline.contracts.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The audit index {@value #INDEX}: every {@link AuditEvent} of every service under its event id, searchable by
 * actor, action, target and time for {@code GET /api/audit}.
 *
 * <p>Writes use {@code op_type=create} with the event id as document id, so an event read twice (a restart before
 * the offset was committed) stays one entry. Reads order by (at, id) descending, a total order, so a paging token
 * resumes exactly after the last event of the previous page.
 */
@ApplicationScoped
public class AuditIndex {

    private static final Logger LOG = Logger.getLogger(AuditIndex.class);

    /**
     * The index; small (one document per configuration change), so no alias. Shards and replicas come from
     * {@link IndexSettings}, not from {@link #MAPPING}.
     */
    public static final String INDEX = "redline-audit";

    /**
     * Keyword fields for exact filters, {@code at} as a date, and {@code details} kept in _source only
     * ({@code enabled: false}): details differ per action and are read, never searched. {@code dynamic: false}
     * keeps a field a newer AuditEvent adds in _source without changing the mapping.
     */
    static final String MAPPING = """
            {
              "settings": {"number_of_shards": 1, "number_of_replicas": 0},
              "mappings": {
                "dynamic": false,
                "properties": {
                  "id": {"type": "keyword"},
                  "at": {"type": "date"},
                  "actor": {"type": "keyword"},
                  "authMethod": {"type": "keyword"},
                  "keyId": {"type": "keyword"},
                  "role": {"type": "keyword"},
                  "action": {"type": "keyword"},
                  "targetType": {"type": "keyword"},
                  "targetId": {"type": "keyword"},
                  "sourceAddress": {"type": "keyword"},
                  "service": {"type": "keyword"},
                  "details": {"type": "object", "enabled": false}
                }
              }
            }
            """;

    /** One page of events, newest first, and the token of the next page (null on the last). */
    public record Page(List<AuditEvent> items, String next) {}

    private final ElasticsearchClient client;
    private final ObjectMapper mapper;
    private final IndexSettings indexSettings;
    private final CountDownLatch ready = new CountDownLatch(1);

    public AuditIndex(ElasticsearchClient client, ObjectMapper mapper, IndexSettings indexSettings) {
        this.client = client;
        this.mapper = mapper;
        this.indexSettings = indexSettings;
    }

    /** Creates the index in the background, so the search API does not wait for it; the indexer does. */
    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::createUntilDone, "audit-index");
        t.setDaemon(true);
        t.start();
    }

    private void createUntilDone() {
        try {
            Backoff.fixed(Duration.ofSeconds(2)).untilDone(LOG, "Creating index " + INDEX, () -> {
                ensureIndex();
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        }
    }

    /** Creates {@value #INDEX} with its mapping unless it exists (another instance may win the race: fine). */
    void ensureIndex() throws IOException {
        if (ready.getCount() == 0) {
            return;
        }
        try {
            if (!client.indices().exists(e -> e.index(INDEX)).value()) {
                client.indices().create(c -> c.index(INDEX).withJson(new StringReader(indexSettings.apply(MAPPING))));
                LOG.infof("Created index %s", INDEX);
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        ready.countDown();
    }

    /** Waits until the index exists; false on time-out. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Indexes {@code event} under its id; an id already indexed keeps its first version. Blocking.
     *
     * @throws IOException      Elasticsearch did not answer
     * @throws RuntimeException Elasticsearch refused ({@link #isTransient} tells whether a retry may help)
     */
    void write(AuditEvent event) throws IOException {
        ObjectNode doc = mapper.valueToTree(event);
        // The index stores milliseconds; storing the same keeps a page's token and its last item's time equal.
        doc.put("at", event.at().truncatedTo(ChronoUnit.MILLIS).toString());
        try {
            client.create(c -> c.index(INDEX).id(event.id()).document(doc));
        } catch (IOException | RuntimeException e) {
            // The client reports a 409 as an ElasticsearchException or a low-level ResponseException: ask for
            // the status either way.
            if (EsErrors.httpStatus(e) != 409) {
                throw e;
            }
            // 409: indexed before (the record was read again after a restart); the first write stands.
        }
    }

    /** The events matching {@code query} after {@code after} (null: from the newest), newest first. */
    public Page search(AuditQuery query, AuditCursor after) throws IOException {
        List<Query> filters = new ArrayList<>();
        term(filters, "actor", query.actor());
        term(filters, "action", query.action());
        term(filters, "targetType", query.targetType());
        term(filters, "targetId", query.targetId());
        if (query.actionPrefix() != null) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("action").value(query.actionPrefix()))));
        }
        if (query.from() != null || query.to() != null) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("at").format("epoch_millis");
                if (query.from() != null) {
                    d.gte(Long.toString(query.from().toEpochMilli()));
                }
                if (query.to() != null) {
                    d.lt(Long.toString(query.to().toEpochMilli()));
                }
                return d;
            }))));
        }
        // One more than the page: whether it comes back tells if there is a next page.
        int fetch = query.size() + 1;
        SearchRequest request = SearchRequest.of(s -> {
            s.index(INDEX)
                    .ignoreUnavailable(true)
                    .size(fetch)
                    .trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(
                            SortOptions.of(o -> o.field(f -> f.field("at").order(SortOrder.Desc))),
                            SortOptions.of(o -> o.field(f -> f.field("id").order(SortOrder.Desc))));
            if (after != null) {
                s.searchAfter(FieldValue.of(after.millis()), FieldValue.of(after.eventId()));
            }
            return s;
        });
        List<Hit<JsonNode>> hits = client.search(request, JsonNode.class).hits().hits();
        List<AuditEvent> items = new ArrayList<>();
        AuditCursor last = null;
        for (int i = 0; i < Math.min(hits.size(), query.size()); i++) {
            Hit<JsonNode> hit = hits.get(i);
            // The token follows the sort values even past an unreadable entry, so paging never loops on it.
            AuditEvent event = toEvent(hit);
            AuditCursor position = cursorOf(hit, query.fingerprint());
            if (position == null && event != null && event.at() != null) {
                position = new AuditCursor(event.at().toEpochMilli(), event.id(), query.fingerprint());
            }
            last = position == null ? last : position;
            if (event != null) {
                items.add(event);
            }
        }
        String next = hits.size() > query.size() && last != null ? last.encode() : null;
        return new Page(items, next);
    }

    private static AuditCursor cursorOf(Hit<JsonNode> hit, String fingerprint) {
        List<FieldValue> sort = hit.sort();
        if (sort.size() != 2 || !sort.get(0).isLong() || !sort.get(1).isString()) {
            return null;
        }
        return new AuditCursor(sort.get(0).longValue(), sort.get(1).stringValue(), fingerprint);
    }

    private AuditEvent toEvent(Hit<JsonNode> hit) {
        try {
            return mapper.treeToValue(hit.source(), AuditEvent.class);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Audit entry %s is unreadable and skipped: %s", hit.id(), e.getMessage());
            return null;
        }
    }

    private static void term(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }

    /** No answer, 429 or 5xx: Elasticsearch may take it later. */
    static boolean isTransient(Throwable e) {
        int status = EsErrors.httpStatus(e);
        if (status == 429 || status >= 500) {
            return true;
        }
        if (status != -1) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
