package io.redline.alerts.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.SubscriptionAccess;
import io.redline.query.InvalidParameterException;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/alerts/feeds/{subscriptionId}.json|.rss}: a subscription's latest alerts as JSON Feed 1.1 or RSS 2.0.
 *
 * <p>No {@code @Produces}: the format is in the path, and feed readers send all sorts of Accept headers, which
 * must not turn into 406s. Someone else's subscription is a 404, as if it did not exist (admins read every feed).
 */
@Path("/api/alerts/feeds")
@Blocking
@RolesAllowed(Role.EDITOR_NAME)
public class AlertFeedResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final AlertLog log;
    private final SubscriptionAccess subscriptions;
    private final ObjectMapper mapper;

    public AlertFeedResource(AlertLog log, SubscriptionAccess subscriptions, ObjectMapper mapper) {
        this.log = log;
        this.subscriptions = subscriptions;
        this.mapper = mapper;
    }

    @GET
    @Path("{subscriptionId}.json")
    @Operation(summary = "The subscription's latest alerts, newest first, as a JSON Feed 1.1")
    public Response jsonFeed(
            @PathParam("subscriptionId") String subscriptionId,
            @Parameter(description = "How many alerts, 1-200, default 50") @RestQuery("limit") String limit,
            @Context UriInfo uri) {
        Subscription s = subscriptions.get("subscriptionId", subscriptionId);
        List<LoggedAlert> alerts = log.recent(s.id(), limit(limit));
        return Response.ok(AlertFeeds.jsonFeed(mapper, info(s, uri), alerts), AlertFeeds.JSON_FEED)
                .build();
    }

    @GET
    @Path("{subscriptionId}.rss")
    @Operation(summary = "The subscription's latest alerts, newest first, as RSS 2.0")
    public Response rss(
            @PathParam("subscriptionId") String subscriptionId,
            @Parameter(description = "How many alerts, 1-200, default 50") @RestQuery("limit") String limit,
            @Context UriInfo uri) {
        Subscription s = subscriptions.get("subscriptionId", subscriptionId);
        List<LoggedAlert> alerts = log.recent(s.id(), limit(limit));
        return Response.ok(AlertFeeds.rss(info(s, uri), alerts, Instant.now()), AlertFeeds.RSS)
                .build();
    }

    private static AlertFeeds.FeedInfo info(Subscription s, UriInfo uri) {
        String home = uri.getBaseUriBuilder()
                .path("api/subscriptions")
                .path(s.id())
                .build()
                .toString();
        return new AlertFeeds.FeedInfo(s.id(), s.name(), uri.getRequestUri().toString(), home);
    }

    /** The limit as text, so "abc" is a 400 naming it rather than the framework's 404 for an unparsable number. */
    static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
