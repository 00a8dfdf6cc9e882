package io.redline.alerts.delivery;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.common.elasticsearch.EsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery log: one Elasticsearch document per {@link Delivery}, written with optimistic concurrency
 * ({@code if_seq_no}) so that of several workers or instances only one moves a delivery on; it is the durable
 * retry, quiet-hours and digest queue as well as what {@code GET /api/subscriptions/{id}/deliveries} shows.
 */
@ApplicationScoped
public class DeliveryLog {

    /** The index (created at start-up by {@link AlertIndices}). */
    public static final String INDEX = "redline-deliveries";

    /** A delivery with the sequence number and primary term it was read or written with. */
    public record Versioned(Delivery delivery, long seqNo, long primaryTerm) {}

    private final ElasticsearchClient client;

    public DeliveryLog(ElasticsearchClient client) {
        this.client = client;
    }

    /** Writes a new delivery; null when one with its id exists already (a redelivered alert). */
    public Versioned create(Delivery d) {
        try {
            IndexResponse r = client.index(
                    i -> i.index(INDEX).id(d.id()).opType(OpType.Create).document(d));
            return new Versioned(d, r.seqNo(), r.primaryTerm());
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return null;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The delivery with this id, or null. */
    public Versioned get(String id) {
        try {
            GetResponse<Delivery> g = client.get(b -> b.index(INDEX).id(id), Delivery.class);
            return g.found() && g.source() != null ? new Versioned(g.source(), g.seqNo(), g.primaryTerm()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces {@code current} with {@code next} if nobody changed it since it was read; null when someone did (the
     * caller lost the race and must leave the delivery alone).
     */
    public Versioned replace(Versioned current, Delivery next) {
        try {
            IndexResponse r = client.index(i -> i.index(INDEX)
                    .id(next.id())
                    .ifSeqNo(current.seqNo())
                    .ifPrimaryTerm(current.primaryTerm())
                    .document(next));
            return new Versioned(next, r.seqNo(), r.primaryTerm());
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return null;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Open deliveries due at {@code now} whose lease has run out, earliest first. */
    public List<Versioned> due(Instant now, int limit) {
        return due(now, limit, List.of());
    }

    /**
     * As {@link #due(Instant, int)}, leaving out the deliveries of {@code exceptSubscriptions} (those of owners whose
     * delivery lane is full), so that one owner's backlog does not fill every batch and hold up the others.
     */
    public List<Versioned> due(Instant now, int limit, List<String> exceptSubscriptions) {
        return search(
                Query.of(q -> q.bool(b -> {
                    b.filter(statuses(Status.PENDING, Status.SCHEDULED, Status.RETRYING))
                            .filter(before("nextAttemptAt", now))
                            .filter(before("leaseUntil", now));
                    if (!exceptSubscriptions.isEmpty()) {
                        b.mustNot(m -> m.terms(t -> t.field("subscriptionId")
                                .terms(v -> v.value(exceptSubscriptions.stream()
                                        .map(FieldValue::of)
                                        .toList()))));
                    }
                    return b;
                })),
                "nextAttemptAt",
                SortOrder.Asc,
                limit);
    }

    /** Queued alerts of digest subscriptions whose digest is due at {@code now}, earliest first. */
    public List<Versioned> queuedDue(Instant now, int limit) {
        return search(
                Query.of(q -> q.bool(b -> b.filter(statuses(Status.QUEUED)).filter(before("digestDueAt", now)))),
                "digestDueAt",
                SortOrder.Asc,
                limit);
    }

    /** The newest deliveries of a subscription (of one status when given), newest first. */
    public List<Delivery> forSubscription(String subscriptionId, Status status, int limit) {
        return search(
                        Query.of(q -> q.bool(b -> {
                            b.filter(f -> f.term(t -> t.field("subscriptionId").value(subscriptionId)));
                            if (status != null) {
                                b.filter(statuses(status));
                            }
                            return b;
                        })),
                        "createdAt",
                        SortOrder.Desc,
                        limit)
                .stream()
                .map(Versioned::delivery)
                .toList();
    }

    /** Makes every write so far visible to searches (tests, and the digest builder before it looks). */
    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(INDEX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Versioned> search(Query query, String sortField, SortOrder order, int limit) {
        try {
            SearchResponse<Delivery> r = client.search(
                    s -> s.index(INDEX)
                            .query(query)
                            .size(limit)
                            .seqNoPrimaryTerm(true)
                            .sort(o -> o.field(f -> f.field(sortField).order(order)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))),
                    Delivery.class);
            List<Versioned> out = new ArrayList<>();
            for (Hit<Delivery> h : r.hits().hits()) {
                if (h.source() != null && h.seqNo() != null && h.primaryTerm() != null) {
                    out.add(new Versioned(h.source(), h.seqNo(), h.primaryTerm()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Query statuses(Status... statuses) {
        List<FieldValue> values = new ArrayList<>();
        for (Status s : statuses) {
            values.add(FieldValue.of(s.name()));
        }
        return Query.of(q -> q.terms(t -> t.field("status").terms(v -> v.value(values))));
    }

    private static Query before(String field, Instant now) {
        return Query.of(q -> q.range(r -> r.date(d -> d.field(field).lte(now.toString()))));
    }
}
