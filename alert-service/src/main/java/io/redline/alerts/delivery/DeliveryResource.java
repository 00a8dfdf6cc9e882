package io.redline.alerts.delivery;

import io.redline.alerts.delivery.DeliveryLog.Versioned;
import io.redline.alerts.subscription.SubscriptionAccess;
import io.redline.query.Ids;
import io.redline.security.AuditLog;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/deliveries/{id}}: one delivery of the log, and sending it again ({@code replay}); only for whoever
 * may access the delivery's subscription.
 */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.EDITOR_NAME)
public class DeliveryResource {

    private final DeliveryLog log;
    private final DeliveryService service;
    private final SubscriptionAccess access;
    private final AuditLog audit;

    public DeliveryResource(DeliveryLog log, DeliveryService service, SubscriptionAccess access, AuditLog audit) {
        this.log = log;
        this.service = service;
        this.access = access;
        this.audit = audit;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One delivery: status, attempts, last error, latency")
    public DeliveryView get(@PathParam("id") String id) {
        return DeliveryView.of(accessible(id).delivery());
    }

    @POST
    @Path("{id}/replay")
    @Operation(
            summary = "Send a delivery again now, whatever its state (same webhook-id; attempts start over); "
                    + "answers with the outcome. A failed attempt is retried with backoff as usual")
    public DeliveryView replay(@PathParam("id") String id) {
        accessible(id);
        Versioned v = service.replay(id);
        if (v == null) {
            throw new ServiceUnavailableException("the delivery changed while being replayed; try again", 1L);
        }
        Delivery d = v.delivery();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subscriptionId", d.subscriptionId());
        details.put("kind", d.kind());
        details.put(
                "channelType",
                d.channelType() == null ? null : d.channelType().name().toLowerCase(Locale.ROOT));
        details.put("status", d.status() == null ? null : d.status().name().toLowerCase(Locale.ROOT));
        audit.record("delivery.replay", "delivery", id, details);
        return DeliveryView.of(d);
    }

    /**
     * The delivery when its subscription is the caller's (or the caller is an admin); otherwise the same 404 as an
     * unknown id, so nobody learns which deliveries exist. A deleted subscription's deliveries are admin-only.
     */
    private Versioned accessible(String id) {
        Ids.check("id", id);
        Versioned v = log.get(id);
        if (v == null || !access.mayAccess(v.delivery().subscriptionId())) {
            throw new NotFoundException("no delivery with id " + id);
        }
        return v;
    }
}
