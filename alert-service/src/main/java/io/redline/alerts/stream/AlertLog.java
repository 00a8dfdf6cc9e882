package io.redline.alerts.stream;

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
import io.quarkus.runtime.StartupEvent;
import io.redline.alerts.AlertsConfig;
import io.redline.common.elasticsearch.EsErrors;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.common.retry.Backoff;
import io.redline.contracts.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The log of dispatched alerts in the Elasticsearch index {@value #INDEX}, which the pull channels (SSE stream,
 * JSON Feed, RSS) read and the dispatcher writes through {@link #record}.
 *
 * <p>Document id = alert id and writes use {@code op_type=create}, so recording the same alert twice (a redelivered
 * queue record, two dispatchers racing) keeps one entry with the first dispatch time. Reads order by
 * (dispatchedAt, alert id), a total order, so a cursor resumes exactly where the previous read stopped.
 */
@ApplicationScoped
public class AlertLog {

    private static final Logger LOG = Logger.getLogger(AlertLog.class);
    /** Short waits: a dispatch waits on this write, and gives up after write-retry rather than hold its record. */
    private static final Backoff WRITE_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    /**
     * The index; small (one document per dispatched alert), so no alias or versioning. Shards and replicas come from
     * {@link IndexSettings}, not from {@link #MAPPING}.
     */
    public static final String INDEX = "redline-alerts";
    /** Most alerts one read returns. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Explicit mapping: the fields the reads filter and sort on, and the whole alert kept in _source only
     * ({@code enabled: false}), so a new Alert field never changes the mapping. {@code loggedAt} is the time of the
     * write, which the stream's poller follows: a write retried for a while keeps its older dispatchedAt but still
     * becomes visible within the poller's window. 250 ms refresh, because the stream waits on visibility.
     */
    static final String MAPPING = """
            {
              "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "250ms"},
              "mappings": {
                "dynamic": "strict",
                "properties": {
                  "alertId": {"type": "keyword"},
                  "subscriptionId": {"type": "keyword"},
                  "kind": {"type": "keyword"},
                  "level": {"type": "keyword"},
                  "score": {"type": "integer"},
                  "storyId": {"type": "keyword"},
                  "dispatchedAt": {"type": "date"},
                  "loggedAt": {"type": "date"},
                  "alert": {"type": "object", "enabled": false}
                }
              }
            }
            """;

    /** The stored document. Dates as ISO-8601 strings at millisecond precision, the index's resolution. */
    record AlertDocument(
            String alertId,
            String subscriptionId,
            String kind,
            String level,
            Integer score,
            String storyId,
            String dispatchedAt,
            String loggedAt,
            JsonNode alert) {}

    private final ElasticsearchClient client;
    private final ObjectMapper mapper;
    private final Duration writeRetry;
    private final Clock clock;
    private final IndexSettings indexSettings;
    private volatile boolean ready;

    public AlertLog(ElasticsearchClient client, ObjectMapper mapper, AlertsConfig config, IndexSettings indexSettings) {
        this.client = client;
        this.mapper = mapper;
        this.writeRetry = config.log().writeRetry();
        this.clock = Clock.systemUTC();
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

    /** Creates {@value #INDEX} with its mapping unless it exists (another instance may win the race: fine). */
    void ensureIndex() throws IOException {
        if (ready) {
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
        ready = true;
    }

    /**
     * Logs a dispatched alert under its id. Idempotent: when the id is already logged nothing changes (the first
     * dispatchedAt stays). Blocking; call it from a worker thread.
     *
     * <p>Retries while Elasticsearch is unreachable or answers 429/5xx, with backoff, for up to
     * {@code redline.alerts.log.write-retry} (30 s), then throws {@link AlertLogUnavailableException}: the caller
     * should retry later (safe, as the write is idempotent) rather than be held indefinitely.
     *
     * @throws AlertLogUnavailableException Elasticsearch stayed unavailable; nothing was logged
     * @throws IllegalArgumentException     Elasticsearch rejected the document (not worth retrying)
     */
    public void record(Alert alert, Instant dispatchedAt) {
        if (alert == null || alert.id() == null || alert.id().isBlank() || dispatchedAt == null) {
            throw new IllegalArgumentException("an alert with an id and a dispatch time is required");
        }
        Instant at = dispatchedAt.truncatedTo(ChronoUnit.MILLIS);
        JsonNode json = mapper.valueToTree(alert);
        Backoff.Retry retry =
                WRITE_BACKOFF.retryingOnly(e -> isTransient(e, httpStatus(e))).giveUpAfter(writeRetry);
        try {
            retry.call(LOG, "Logging alert " + alert.id(), () -> {
                try {
                    ensureIndex();
                    AlertDocument doc = new AlertDocument(
                            alert.id(),
                            alert.subscriptionId(),
                            alert.kind(),
                            alert.level() == null ? null : alert.level().name(),
                            alert.score(),
                            alert.storyId(),
                            at.toString(),
                            clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(),
                            json);
                    client.create(c -> c.index(INDEX).id(alert.id()).document(doc));
                } catch (IOException | RuntimeException e) {
                    if (httpStatus(e) != 409) { // 409: already logged, and the first record wins
                        throw e;
                    }
                }
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertLogUnavailableException("interrupted", e);
        } catch (IOException | RuntimeException e) {
            int status = httpStatus(e);
            if (!isTransient(e, status)) {
                throw new IllegalArgumentException(
                        "Elasticsearch rejected alert " + alert.id() + " (status " + status + "): " + e.getMessage(),
                        e);
            }
            throw new AlertLogUnavailableException(
                    "alert log unavailable; alert " + alert.id() + " not logged: " + e.getMessage(), e);
        }
    }

    /**
     * Alerts logged after {@code cursor} (null or blank: from the first), oldest first by (dispatchedAt, id).
     *
     * @param cursor          the {@link LoggedAlert#cursor()} of the last alert already read; 400 problem when it
     *                        is not a cursor of this log
     * @param subscriptionIds only these subscriptions' alerts; empty: all
     * @param limit           1-{@value #MAX_LIMIT}
     */
    public List<LoggedAlert> after(String cursor, Collection<String> subscriptionIds, int limit) {
        AlertCursor from = cursor == null || cursor.isBlank() ? null : AlertCursor.decode(cursor, "cursor");
        return after(from, subscriptionIds, limit);
    }

    /** As {@link #after(String, Collection, int)}, from a decoded position. */
    List<LoggedAlert> after(AlertCursor from, Collection<String> subscriptionIds, int limit) {
        List<Query> filters = new ArrayList<>();
        if (from != null) {
            filters.add(dateAtLeast("dispatchedAt", from.millis()));
        }
        if (subscriptionIds != null && !subscriptionIds.isEmpty()) {
            filters.add(Query.of(q -> q.terms(t -> t.field("subscriptionId")
                    .terms(v ->
                            v.value(subscriptionIds.stream().map(FieldValue::of).toList())))));
        }
        return search(filters, SortOrder.Asc, from, limit);
    }

    /** The latest {@code limit} alerts of one subscription, newest first. */
    public List<LoggedAlert> recent(String subscriptionId, int limit) {
        List<Query> filters =
                List.of(Query.of(q -> q.term(t -> t.field("subscriptionId").value(subscriptionId))));
        return search(filters, SortOrder.Desc, null, limit);
    }

    /**
     * Alerts written at or after {@code since} (their write time, not their dispatch time), after {@code from}
     * (null: all) in (dispatchedAt, id) order: what the stream's poller re-reads every tick.
     */
    List<LoggedAlert> loggedSince(Instant since, AlertCursor from, int limit) {
        List<Query> filters = List.of(dateAtLeast("loggedAt", since.toEpochMilli()));
        return search(filters, SortOrder.Asc, from, limit);
    }

    private static Query dateAtLeast(String field, long millis) {
        return Query.of(q -> q.range(
                r -> r.date(d -> d.field(field).gte(Long.toString(millis)).format("epoch_millis"))));
    }

    private List<LoggedAlert> search(List<Query> filters, SortOrder order, AlertCursor after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
        }
        SearchRequest request = SearchRequest.of(s -> {
            s.index(INDEX)
                    .size(limit)
                    .trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(
                            SortOptions.of(
                                    o -> o.field(f -> f.field("dispatchedAt").order(order))),
                            SortOptions.of(o -> o.field(f -> f.field("alertId").order(order))));
            if (after != null) {
                s.searchAfter(FieldValue.of(after.millis()), FieldValue.of(after.alertId()));
            }
            return s;
        });
        List<Hit<AlertDocument>> hits;
        try {
            ensureIndex();
            hits = client.search(request, AlertDocument.class).hits().hits();
        } catch (IOException | RuntimeException e) {
            if (isTransient(e, httpStatus(e))) {
                throw new AlertLogUnavailableException("alert log unavailable: " + e.getMessage(), e);
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        List<LoggedAlert> out = new ArrayList<>(hits.size());
        for (Hit<AlertDocument> hit : hits) {
            LoggedAlert a = toLogged(hit.source());
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private LoggedAlert toLogged(AlertDocument doc) {
        if (doc == null || doc.alert() == null || doc.dispatchedAt() == null) {
            return null;
        }
        try {
            Alert alert = mapper.treeToValue(doc.alert(), Alert.class);
            Instant at = Instant.parse(doc.dispatchedAt());
            return new LoggedAlert(new AlertCursor(at.toEpochMilli(), doc.alertId()).encode(), at, alert);
        } catch (IOException | RuntimeException e) {
            // One unreadable entry (written by a newer, incompatible version) must not stop every stream.
            LOG.warnf("Logged alert %s is unreadable and skipped: %s", doc.alertId(), e.getMessage());
            return null;
        }
    }

    /** No answer, 429 or 5xx: Elasticsearch may take it later. */
    private static boolean isTransient(Throwable e, int status) {
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

    /** The HTTP status behind a client failure, or -1 without a response. */
    private static int httpStatus(Throwable e) {
        return EsErrors.httpStatus(e);
    }
}
