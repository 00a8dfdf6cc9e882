package io.redline.alerts.stream;

import io.redline.alerts.AlertsConfig;
import io.redline.alerts.subscription.OwnerKeys;
import io.redline.alerts.subscription.SubscriptionAccess;
import io.redline.query.InvalidParameterException;
import io.redline.security.Caller;
import io.redline.security.Role;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/alerts/stream}: dispatched alerts as Server-Sent Events, resumable with Last-Event-ID.
 *
 * <p>The method only checks its parameters (in memory) and returns the stream, so it runs on the event loop; the
 * Elasticsearch reads happen on the {@link AlertStreamHub}'s own threads. An editor only ever receives the alerts
 * of their own subscriptions, an admin every alert. A stream ends once the API key it was opened with is revoked.
 */
@Path("/api/alerts")
@RolesAllowed(Role.EDITOR_NAME)
public class AlertStreamResource {

    /** More subscription ids than anyone owns sensibly in one stream is a mistake, refused before any lookup. */
    static final int MAX_SUBSCRIPTIONS = 100;

    private final AlertStreamHub hub;
    private final SubscriptionAccess subscriptions;
    private final OwnerKeys keys;
    private final int maxClients;

    public AlertStreamResource(
            AlertStreamHub hub, SubscriptionAccess subscriptions, OwnerKeys keys, AlertsConfig config) {
        this.hub = hub;
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.maxClients = config.stream().maxClients();
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Dispatched alerts as Server-Sent Events (event alert.created or alert.updated, id = cursor, "
                    + "data = the alert JSON), a comment every 15 s. Without Last-Event-ID only alerts dispatched from now on; "
                    + "with it, every alert after that event first, then live")
    public Multi<OutboundSseEvent> stream(
            @Parameter(
                            description =
                                    "Only this subscription's alerts; repeat or comma-separate for several (at most "
                                            + MAX_SUBSCRIPTIONS
                                            + "). Default: all the caller may see (an editor's own, an admin's all)")
                    @RestQuery("subscription")
                    List<String> subscription,
            @Parameter(description = "The id of the last event received: resume after it (EventSource sends it)")
                    @RestHeader("Last-Event-ID")
                    String lastEventIdHeader,
            @Parameter(
                            description = "Same as the Last-Event-ID header, for clients that cannot set headers; "
                                    + "the header wins when both are given")
                    @RestQuery("lastEventId")
                    String lastEventId,
            @Context Sse sse) {
        Set<String> ids = new LinkedHashSet<>();
        if (subscription != null) {
            for (String value : subscription) {
                for (String id : value.split(",")) {
                    if (!id.isBlank()) {
                        // 404 problem when unknown or someone else's, 400 when it cannot be an id
                        ids.add(subscriptions.get("subscription", id.strip()).id());
                    }
                    if (ids.size() > MAX_SUBSCRIPTIONS) {
                        throw new InvalidParameterException(
                                "subscription", "at most " + MAX_SUBSCRIPTIONS + " subscriptions per stream");
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
            Caller caller = subscriptions.caller();
            // The request (and its identity) is gone once streaming; the key is re-checked from the caller record.
            return hub.stream(
                    sse, Set.copyOf(ids), subscriptions.visibleTo(caller), () -> keys.keyActive(caller), resume);
        } catch (RuntimeException e) {
            hub.release();
            throw e;
        }
    }
}
