package io.redline.search.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque paging cursor: the point-in-time id, the sort values of the last hit returned, and a fingerprint of
 * the query it belongs to, as base64url JSON.
 *
 * @param pit         point-in-time id, the snapshot every page of one result set is read from; null when paging
 *                    was not asked to be a snapshot (the first page had no {@code cursor=*}): the next page is then
 *                    read from the live index after the last hit
 * @param after       sort values of the last hit of the previous page (ending with the article id tiebreaker)
 * @param fingerprint hash of q, filters and sort, so a cursor cannot be replayed against another query
 * @param total       the first page's total, which later pages repeat instead of counting again; null in cursors
 *                    from before it was carried (those pages count exactly, as then)
 * @param totalRelation {@code eq} or {@code gte}, as the first page said
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cursor(String pit, List<Object> after, String fingerprint, Long total, String totalRelation) {

    /** The {@code cursor} value that asks a first page for snapshot paging (as Solr's {@code cursorMark=*}). */
    static final String SNAPSHOT = "*";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cursor for the page after a hit with these sort values, carrying no total. */
    static Cursor of(String pit, List<FieldValue> sort, String fingerprint) {
        return of(pit, sort, fingerprint, null, null);
    }

    /** The cursor for the page after a hit with these sort values, carrying the first page's total. */
    static Cursor of(String pit, List<FieldValue> sort, String fingerprint, Long total, String totalRelation) {
        List<Object> after = new ArrayList<>();
        for (FieldValue v : sort) {
            after.add(v.isNull() ? null : v._get());
        }
        return new Cursor(pit, after, fingerprint, total, totalRelation);
    }

    /** The search_after values, typed back for Elasticsearch. */
    List<FieldValue> searchAfter() {
        List<FieldValue> out = new ArrayList<>();
        for (Object o : after) {
            if (o == null) {
                out.add(FieldValue.NULL);
            } else if (o instanceof Integer || o instanceof Long) {
                out.add(FieldValue.of(((Number) o).longValue()));
            } else if (o instanceof Number n) {
                out.add(FieldValue.of(n.doubleValue()));
            } else if (o instanceof Boolean b) {
                out.add(FieldValue.of(b));
            } else {
                out.add(FieldValue.of(o.toString()));
            }
        }
        return out;
    }

    String encode() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(this));
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode cursor", e);
        }
    }

    /** Decodes a cursor for the query with {@code fingerprint}; a 400 on {@code cursor} when it is not one. */
    static Cursor decode(String raw, String fingerprint) {
        Cursor c;
        try {
            c = JSON.readValue(Base64.getUrlDecoder().decode(raw.trim()), Cursor.class);
        } catch (Exception e) {
            throw new InvalidParameterException("cursor", "is not a cursor returned by this API");
        }
        if (c == null || c.after() == null || c.after().isEmpty()) {
            throw new InvalidParameterException("cursor", "is not a cursor returned by this API");
        }
        if (!fingerprint.equals(c.fingerprint())) {
            throw new InvalidParameterException(
                    "cursor", "belongs to another query: repeat the same q, filters and sort with the cursor");
        }
        return c;
    }

    /** A stable fingerprint of a query's defining parameters. */
    static String fingerprint(String q, ArticleFilters filters, String sort) {
        String key = (q == null ? "" : q.trim()) + '\u0001' + filters + '\u0001' + sort;
        return Integer.toHexString(key.hashCode())
                + Integer.toHexString(
                        new StringBuilder(key).reverse().toString().hashCode());
    }

    @Override
    public String toString() {
        return encode();
    }
}
