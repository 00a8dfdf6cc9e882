package io.redline.search.alerts.delivery;

import io.redline.search.alerts.delivery.DeliveryLog.Versioned;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/deliveries/{id}}: one delivery of the log, and sending it again ({@code replay}). */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryLog log;
    private final DeliveryService service;

    public DeliveryResource(DeliveryLog log, DeliveryService service) {
        this.log = log;
        this.service = service;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One delivery: status, attempts, last error, latency")
    public DeliveryView get(@PathParam("id") String id) {
        Versioned v = log.get(id);
        if (v == null) {
            throw new NotFoundException("no delivery with id " + id);
        }
        return DeliveryView.of(v.delivery());
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Send a delivery again now, whatever its state (same webhook-id; attempts start over); "
            + "answers with the outcome. A failed attempt is retried with backoff as usual")
    public DeliveryView replay(@PathParam("id") String id) {
        if (log.get(id) == null) {
            throw new NotFoundException("no delivery with id " + id);
        }
        Versioned v = service.replay(id);
        if (v == null) {
            throw new ServiceUnavailableException("the delivery changed while being replayed; try again", 1L);
        }
        return DeliveryView.of(v.delivery());
    }
}
