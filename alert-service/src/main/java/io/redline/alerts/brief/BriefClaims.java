package io.redline.alerts.brief;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import io.redline.alerts.dispatch.AlertFactory;
import io.redline.common.elasticsearch.EsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Claims a brief in Elasticsearch (created with {@code op_type=create}, taken over with {@code if_seq_no}) so that of
 * several instances, and of runs before and after a restart or crash, exactly one hands a brief to delivery.
 */
@ApplicationScoped
public class BriefClaims {

    private static final Logger LOG = Logger.getLogger(BriefClaims.class);

    /** The index (created at start-up by {@code AlertIndices}). */
    public static final String INDEX = "redline-briefs";

    /** A claim whose holder has not yet written the brief's deliveries; retaken once its lease has run out. */
    public static final String CLAIMED = "claimed";
    /**
     * A claim whose brief is in the delivery log (one delivery per enabled channel), which retries and takes over
     * from there; never retaken.
     */
    public static final String QUEUED = "queued";

    /**
     * A claim as stored; {@code localDate} is null for a send-now. {@code owner}, {@code state} and
     * {@code leaseUntil} are null in claims written before leases existed, which count as done ({@link #done()}).
     */
    public record Claim(
            String id,
            String subscriptionId,
            String kind,
            String localDate,
            Instant claimedAt,
            Instant from,
            Instant to,
            String owner,
            String state,
            Instant leaseUntil) {

        /** A new claim of {@code id} made at {@code claimedAt}; its holder and lease are written by {@link #claim}. */
        public static Claim of(
                String id,
                String subscriptionId,
                String kind,
                String localDate,
                Instant claimedAt,
                Instant from,
                Instant to) {
            return new Claim(id, subscriptionId, kind, localDate, claimedAt, from, to, null, null, null);
        }

        /** Whether the brief is in the delivery log (or the claim predates states: the past is not sent again). */
        public boolean done() {
            return state == null || QUEUED.equals(state);
        }

        Claim held(String by, Instant at, Duration lease) {
            return new Claim(id, subscriptionId, kind, localDate, at, from, to, by, CLAIMED, at.plus(lease));
        }

        Claim queued() {
            return new Claim(id, subscriptionId, kind, localDate, claimedAt, from, to, owner, QUEUED, leaseUntil);
        }
    }

    /** A claim with the sequence number and primary term it was read or written with. */
    public record Held(Claim claim, long seqNo, long primaryTerm) {}

    private final ElasticsearchClient client;
    private final String owner;
    private final Duration lease;
    /** Whether the index has the lease fields: an index made before them lacks them, and its mapping is strict. */
    private volatile boolean mapped;

    @Inject
    public BriefClaims(
            ElasticsearchClient client,
            @ConfigProperty(name = "redline.alerts.brief.lease", defaultValue = "5m") Duration lease) {
        this(client, instanceId(), lease);
    }

    /** A claimer named {@code owner} (tests run two "instances" in one process). */
    BriefClaims(ElasticsearchClient client, String owner, Duration lease) {
        this.client = client;
        this.owner = owner;
        this.lease = lease;
    }

    /** This instance's name in the claims it holds (host, process and a random part: pids repeat in containers). */
    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The name this instance writes as a claim's {@code owner}. */
    public String owner() {
        return owner;
    }

    /** How long a claim is held before another pass may take it over. */
    public Duration lease() {
        return lease;
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

    /**
     * Writes {@code claim} held by this instance from its {@code claimedAt} for the lease; null when it exists
     * already (another instance or an earlier run has it: 409).
     */
    public Held claim(Claim claim) {
        ensureMapped();
        Claim held = claim.held(owner, claim.claimedAt(), lease);
        try {
            IndexResponse r = client.index(
                    i -> i.index(INDEX).id(held.id()).opType(OpType.Create).document(held));
            return new Held(held, r.seqNo(), r.primaryTerm());
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return null;
            }
            throw unchecked(e);
        }
    }

    /**
     * Writes {@code claim}, or takes it over when the stored claim's holder has not queued the brief and its lease has
     * run out at {@code claim.claimedAt()} (the holder crashed or failed between claim and delivery); null when the
     * claim is done, still leased, or another pass took it over first.
     */
    public Held claimOrTakeOver(Claim claim) {
        Held created = claim(claim);
        if (created != null) {
            return created;
        }
        Held current = get(claim.id());
        return current == null ? null : takeOver(current, claim.claimedAt());
    }

    /**
     * Takes over {@code current} at {@code now} if it is neither done nor within its lease; null otherwise or when it
     * changed since it was read (of several passes racing for an expired claim, one wins).
     */
    public Held takeOver(Held current, Instant now) {
        Claim c = current.claim();
        if (c.done() || c.leaseUntil() != null && now.isBefore(c.leaseUntil())) {
            return null;
        }
        Held taken = replace(current, c.held(owner, now, lease));
        if (taken != null) {
            LOG.warnf(
                    "Brief %s (subscription %s, %s): claim of %s ran out at %s without the brief queued; taken over",
                    c.id(), c.subscriptionId(), c.localDate(), c.owner(), c.leaseUntil());
        }
        return taken;
    }

    /**
     * Records that {@code held}'s brief is in the delivery log; false when the claim changed meanwhile (its lease ran
     * out and another pass took it over: that pass finds the deliveries written and queues nothing twice).
     */
    public boolean markQueued(Held held) {
        return replace(held, held.claim().queued()) != null;
    }

    /** The claim with this id, or null. */
    public Held get(String id) {
        try {
            GetResponse<Claim> g = client.get(b -> b.index(INDEX).id(id), Claim.class);
            return g.found() && g.source() != null ? new Held(g.source(), g.seqNo(), g.primaryTerm()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Held replace(Held current, Claim next) {
        ensureMapped();
        try {
            IndexResponse r = client.index(i -> i.index(INDEX)
                    .id(next.id())
                    .ifSeqNo(current.seqNo())
                    .ifPrimaryTerm(current.primaryTerm())
                    .document(next));
            return new Held(next, r.seqNo(), r.primaryTerm());
        } catch (IOException | RuntimeException e) {
            if (EsErrors.httpStatus(e) == 409) {
                return null;
            }
            throw unchecked(e);
        }
    }

    /**
     * Adds the lease fields to an index created before they existed (the same definition again is a no-op); once
     * per process.
     */
    private void ensureMapped() {
        if (mapped) {
            return;
        }
        try {
            client.indices()
                    .putMapping(m -> m.index(INDEX)
                            .properties("owner", p -> p.keyword(k -> k))
                            .properties("state", p -> p.keyword(k -> k))
                            .properties("leaseUntil", p -> p.date(d -> d)));
            mapped = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuntimeException unchecked(Exception e) {
        return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
}
