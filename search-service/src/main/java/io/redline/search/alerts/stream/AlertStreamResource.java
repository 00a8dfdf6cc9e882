package io.redline.search.alerts.stream;

import io.redline.search.alerts.subscription.SubscriptionStore;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/alerts/stream}: dispatched alerts as Server-Sent Events, resumable with Last-Event-ID.
 *
 * <p>The method only checks its parameters (in memory) and returns the stream, so it runs on the event loop; the
 * Elasticsearch reads happen on the {@link AlertStreamHub}'s own threads.
 */
@Path("/api/alerts")
public class AlertStreamResource {

    private final AlertStreamHub hub;
    private final SubscriptionStore subscriptions;
    private final int maxClients;

    public AlertStreamResource(AlertStreamHub hub, SubscriptionStore subscriptions,
            @ConfigProperty(name = "redline.alerts.stream.max-clients", defaultValue = "200") int maxClients) {
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.maxClients = maxClients;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Dispatched alerts as Server-Sent Events (event alert.created or alert.updated, id = cursor, "
            + "data = the alert JSON), a comment every 15 s. Without Last-Event-ID only alerts dispatched from now on; "
            + "with it, every alert after that event first, then live")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "Only this subscription's alerts; repeat for several. Default: all")
            @RestQuery("subscription") List<String> subscription,
            @Parameter(description = "The id of the last event received: resume after it (EventSource sends it)")
            @RestHeader("Last-Event-ID") String lastEventIdHeader,
            @Parameter(description = "Same as the Last-Event-ID header, for clients that cannot set headers; "
                    + "the header wins when both are given")
            @RestQuery("lastEventId") String lastEventId,
            @Context Sse sse) {
        Set<String> ids = new LinkedHashSet<>();
        if (subscription != null) {
            for (String value : subscription) {
                for (String id : value.split(",")) {
                    if (!id.isBlank()) {
                        ids.add(subscriptions.get(id.strip()).id()); // 404 problem when unknown
                    }
                }
            }
        }
        AlertCursor resume = null;
        if (lastEventIdHeader != null && !lastEventIdHeader.isBlank()) {
            resume = AlertCursor.decode(lastEventIdHeader, "Last-Event-ID");
        } else if (lastEventId != null && !lastEventId.isBlank()) {
            resume = AlertCursor.decode(lastEventId, "lastEventId");
        }
        if (!hub.tryReserve()) {
            throw new StreamLimitException(maxClients);
        }
        try {
            return hub.stream(sse, Set.copyOf(ids), resume);
        } catch (RuntimeException e) {
            hub.release();
            throw e;
        }
    }
}
