package io.redline.search.alerts.subscription;

import io.redline.search.alerts.backtest.BacktestResult;
import io.redline.search.alerts.backtest.Backtester;
import io.redline.search.alerts.delivery.Delivery.Status;
import io.redline.search.alerts.delivery.DeliveryLog;
import io.redline.search.alerts.delivery.DeliveryView;
import io.redline.search.alerts.delivery.TestDelivery;
import io.redline.search.query.InvalidParameterException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/subscriptions}: create, list, get, replace and delete alert subscriptions, rotate a webhook secret,
 * send a test alert and list a subscription's deliveries.
 * Errors are the search API's problem+json (400 naming the field, 404, 409, 503 while Kafka is unavailable).
 */
@Path("/api/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final SubscriptionStore store;
    private final DeliveryLog deliveries;
    private final TestDelivery test;
    private final Backtester backtester;

    public SubscriptionResource(SubscriptionStore store, DeliveryLog deliveries, TestDelivery test,
            Backtester backtester) {
        this.store = store;
        this.deliveries = deliveries;
        this.test = test;
        this.backtester = backtester;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a subscription: name, query and filters as in /api/articles, minLevel, minScore, "
            + "signals, actors, mode, timeZone, quietHours, channels. The response carries the webhook secret, once")
    public Response create(SubscriptionRequest request) {
        SubscriptionView created = store.create(request);
        return Response.created(URI.create("/api/subscriptions/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "List subscriptions (without secrets), oldest first")
    public List<SubscriptionView> list() {
        return store.list().stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One subscription (without secrets)")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(store.get(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a subscription's settings; unchanged channels keep their ids, the secret stays")
    public SubscriptionView update(@PathParam("id") String id, SubscriptionRequest request) {
        return store.update(id, request);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a subscription")
    public Response delete(@PathParam("id") String id) {
        store.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "Make a new webhook secret (returned once); the previous one keeps signing until the overlap "
            + "(redline.alerts.secret-overlap, default 24h) ends")
    public SubscriptionView rotateSecret(@PathParam("id") String id) {
        return store.rotateSecret(id);
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a sample alert (id test_...) through every channel now, once, and report each "
            + "receiver's answer; ignores quiet hours and digest mode, not recorded in the delivery log")
    public List<TestDelivery.Result> test(@PathParam("id") String id) {
        return test.send(store.get(id));
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "The subscription's deliveries, newest first: status, attempts, last error, latency")
    public List<DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        store.get(id);
        return deliveries.forSubscription(id, status(status), limit(limit)).stream().map(DeliveryView::of).toList();
    }

    private static Status status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("status", "one of " + java.util.Arrays.stream(Status.values())
                    .map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList());
        }
    }

    private static int limit(String limit) {
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("limit", "an integer from 1 to 500");
    }

    @GET
    @Path("{id}/backtest")
    @Operation(summary = "How often the subscription would have fired over the last days (1-90, default 7) of indexed "
            + "articles: matching articles, stories, new and update alerts, alerts per UTC day and a sample")
    public BacktestResult backtest(@PathParam("id") String id, @QueryParam("days") String days) throws IOException {
        int window = Backtester.days(days);
        return backtester.run(store.get(id), window);
    }
}
