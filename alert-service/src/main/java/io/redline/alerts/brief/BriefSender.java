package io.redline.alerts.brief;

import io.redline.alerts.delivery.Delivery;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog;
import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.delivery.DeliveryService;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.ChannelType;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Claims a brief, then hands it to delivery as one delivery per enabled channel (kind {@code brief} in the delivery
 * log), so a brief is retried, replayed, dead-lettered and listed like a digest. Quiet hours do not hold a brief
 * back: its time is one the subscriber chose.
 */
@ApplicationScoped
public class BriefSender {

    private static final Logger LOG = Logger.getLogger(BriefSender.class);

    /** A brief handed to delivery: its id and window, and each channel's delivery. */
    public record Sent(
            String briefId, String subscriptionId, Instant from, Instant to, List<ChannelDelivery> channels) {}

    /**
     * One channel's delivery of the brief.
     *
     * @param deliveryId the delivery log entry (null when the channel is disabled)
     * @param status     the delivery's status after its first attempt (send-now), {@code pending} when left to the
     *                   delivery pool (scheduled), {@code skipped} for a disabled channel
     * @param httpStatus the receiver's answer to the first attempt, or null
     * @param error      why that attempt failed, or null
     */
    public record ChannelDelivery(
            String deliveryId, String channelId, ChannelType type, String status, Integer httpStatus, String error) {}

    /** Builds the brief once its claim is won. */
    public interface Build {
        Brief get() throws IOException;
    }

    private final BriefClaims claims;
    private final DeliveryLog log;
    private final DeliveryService service;
    private final Clock clock = Clock.systemUTC();

    public BriefSender(BriefClaims claims, DeliveryLog log, DeliveryService service) {
        this.claims = claims;
        this.log = log;
        this.service = service;
    }

    /**
     * Claims {@code claim} (or takes it over when its holder's lease ran out before the brief was queued) and sends
     * the brief it builds; null when the claim was taken already and is done or still leased.
     */
    public Sent sendClaimed(Subscription s, BriefClaims.Claim claim, Build build) throws IOException {
        BriefClaims.Held held = claims.claimOrTakeOver(claim);
        if (held == null) {
            return null;
        }
        return queued(held, deliver(s, held.claim(), build.get(), false));
    }

    /** Claims {@code claim} (a send-now's own id) and sends {@code brief}; {@code wait} attempts each channel here. */
    public Sent send(Subscription s, BriefClaims.Claim claim, Brief brief, boolean wait) {
        BriefClaims.Held held = claims.claim(claim);
        if (held == null) {
            throw new IllegalStateException("brief " + claim.id() + " was claimed twice");
        }
        return queued(held, deliver(s, held.claim(), brief, wait));
    }

    /**
     * Marks the claim done once every delivery is in the delivery log (the durable step: from there delivery retries
     * and takes over). If this write fails the lease runs out and a later pass retakes the claim, finds the
     * deliveries written (their ids are the brief's and the channel's) and sends nothing twice.
     */
    private Sent queued(BriefClaims.Held held, Sent sent) {
        try {
            if (!claims.markQueued(held)) {
                LOG.warnf(
                        "Brief %s: claim taken over before it was marked queued",
                        held.claim().id());
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Brief %s: claim not marked queued (%s); a pass retakes it after its lease",
                    held.claim().id(), e);
        }
        return sent;
    }

    /** The deliveries' times come from the real clock (a scheduler pass may be run for another instant in tests). */
    private Sent deliver(Subscription s, BriefClaims.Claim claim, Brief brief, boolean wait) {
        Instant now = clock.instant();
        BriefMessage message = new BriefMessage(claim.id(), s.id(), s.name(), s.timeZone(), brief);
        List<ChannelDelivery> out = new ArrayList<>();
        for (Channel c : s.channels()) {
            if (!c.enabled()) {
                out.add(new ChannelDelivery(null, c.id(), c.type(), "skipped", null, "channel disabled"));
                continue;
            }
            Delivery d = new Delivery(
                    Delivery.idFor(claim.id(), c.id()),
                    Delivery.BRIEF,
                    s.id(),
                    c.id(),
                    c.type(),
                    Status.PENDING,
                    0,
                    null,
                    null,
                    now,
                    now,
                    now,
                    now.plus(service.lease()),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    message);
            Versioned created = log.create(d);
            if (created == null) {
                continue; // made by an earlier attempt of this very claim: delivery owns it now
            }
            if (wait) {
                Versioned done = service.attempt(created);
                Delivery r = done == null ? created.delivery() : done.delivery();
                out.add(new ChannelDelivery(r.id(), c.id(), c.type(), status(r), r.lastStatus(), r.lastError()));
            } else {
                service.submit(created);
                out.add(new ChannelDelivery(d.id(), c.id(), c.type(), status(d), null, null));
            }
        }
        return new Sent(claim.id(), s.id(), brief.from(), brief.to(), out);
    }

    private static String status(Delivery d) {
        return d.status().name().toLowerCase(Locale.ROOT);
    }
}
