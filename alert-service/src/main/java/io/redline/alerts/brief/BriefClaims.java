package io.redline.alerts.brief;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.common.elasticsearch.EsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Claims a brief in Elasticsearch with {@code op_type=create} before it is sent, so that of several instances (and
 * of runs before and after a restart) exactly one sends a subscription's brief of a local date.
 */
@ApplicationScoped
public class BriefClaims {

    /** The index (created at start-up by {@code AlertIndices}). */
    public static final String INDEX = "redline-briefs";

    /** A claim as stored; {@code localDate} is null for a send-now. */
    public record Claim(
            String id,
            String subscriptionId,
            String kind,
            String localDate,
            Instant claimedAt,
            Instant from,
            Instant to) {}

    private final ElasticsearchClient client;

    public BriefClaims(ElasticsearchClient client) {
        this.client = client;
    }

    /** The brief id of a subscription's scheduled brief of {@code date} (its local date). */
    public static String scheduledId(String subscriptionId, LocalDate date) {
        return "brf_"
                + AlertFactory.hash("scheduled|" + subscriptionId + "|" + date).substring(0, 32);
    }

    /** The brief id of a send-now: distinct from every scheduled one, so it neither blocks nor counts as one. */
    public static String sendNowId(String subscriptionId, Instant now, String nonce) {
        return "brf_"
                + AlertFactory.hash("now|" + subscriptionId + "|" + now + "|" + nonce)
                        .substring(0, 32);
    }

    /** Writes the claim; false when it exists already (another instance or an earlier run has it: 409). */
    public boolean claim(Claim claim) {
        try {
            client.index(
                    i -> i.index(INDEX).id(claim.id()).opType(OpType.Create).document(claim));
            return true;
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }
}
