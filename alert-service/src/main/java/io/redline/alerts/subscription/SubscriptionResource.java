package io.redline.alerts.subscription;

import io.redline.alerts.backtest.BacktestResult;
import io.redline.alerts.backtest.Backtester;
import io.redline.alerts.delivery.Delivery.Status;
import io.redline.alerts.delivery.DeliveryLog;
import io.redline.alerts.delivery.DeliveryView;
import io.redline.alerts.delivery.TestDelivery;
import io.redline.alerts.quota.AlertRate;
import io.redline.alerts.quota.Quotas;
import io.redline.query.InvalidParameterException;
import io.redline.security.AuditLog;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/subscriptions}: create, list, get, replace and delete alert subscriptions, rotate a webhook secret,
 * send a test alert and list a subscription's deliveries.
 * Errors are the search API's problem+json (400 naming the field, 404, 409, 503 while Kafka is unavailable).
 *
 * <p>Editors see and change only their own subscriptions, admins all of them ({@link SubscriptionAccess}); every
 * change is recorded in the audit log once it has been written.
 */
@Path("/api/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.EDITOR_NAME)
public class SubscriptionResource {

    private final SubscriptionStore store;
    private final SubscriptionAccess access;
    private final DeliveryLog deliveries;
    private final TestDelivery test;
    private final Backtester backtester;
    private final AuditLog audit;

    @Inject
    OwnerKeys owners;

    @Inject
    io.redline.alerts.brief.Briefs briefs;

    private final Quotas quotas;
    private final AlertRate rate;

    public SubscriptionResource(
            SubscriptionStore store,
            SubscriptionAccess access,
            DeliveryLog deliveries,
            TestDelivery test,
            Backtester backtester,
            AuditLog audit,
            Quotas quotas,
            AlertRate rate) {
        this.quotas = quotas;
        this.rate = rate;
        this.store = store;
        this.access = access;
        this.deliveries = deliveries;
        this.test = test;
        this.backtester = backtester;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a subscription: name, query and filters as in /api/articles, minLevel, minScore, "
                    + "signals, actors, mode, timeZone, quietHours, channels; owner defaults to the caller (only an admin may "
                    + "name another). The response carries the webhook secret, once")
    public Response create(SubscriptionRequest request) {
        SubscriptionView created = store.create(
                request,
                access.ownerForCreate(request),
                (s, owner, owned) -> quotas.checkSubscription(owner, s, owned));
        audit.record("subscription.create", "subscription", created.id(), summary(created));
        return Response.created(URI.create("/api/subscriptions/" + created.id()))
                .entity(created)
                .build();
    }

    @GET
    @Operation(
            summary = "List the caller's subscriptions (an admin: all, or one owner's with ?owner=), without "
                    + "secrets, oldest first, a JSON array of at most limit (1-1000, default 100); a Link header "
                    + "with rel=\"next\" gives the next page (after=<cursor>)")
    public Response list(
            @QueryParam("owner") String owner,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @Context UriInfo uri) {
        int n = SubscriptionPage.limit(limit);
        SubscriptionPage.Cursor from = SubscriptionPage.Cursor.parse(after);
        SubscriptionPage page = SubscriptionPage.of(access.list(owner), from, n);
        Response.ResponseBuilder r = Response.ok(page.items().stream()
                .map(SubscriptionView::of)
                .map(owners::show)
                .toList());
        if (page.next() != null) {
            URI next = uri.getRequestUriBuilder()
                    .replaceQueryParam("after", page.next().encode())
                    .replaceQueryParam("limit", n)
                    .build();
            r.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return r.build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One subscription (without secrets)")
    public SubscriptionView get(@PathParam("id") String id) {
        return owners.show(SubscriptionView.of(access.get(id)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace a subscription's settings; unchanged channels keep their ids, the secret stays, "
                    + "the owner stays unless an admin names another")
    public SubscriptionView update(@PathParam("id") String id, SubscriptionRequest request) {
        Subscription old = access.get(id);
        SubscriptionView updated = store.update(
                id,
                request,
                access.ownerForUpdate(request, old),
                // Only a subscription moving to another owner counts against that owner's subscription limit.
                (s, owner, owned) ->
                        quotas.checkSubscription(owner, s, Objects.equals(owner, old.owner()) ? -1 : owned));
        Map<String, Object> details = summary(updated);
        details.put("changed", changed(SubscriptionView.of(old), updated));
        audit.record("subscription.update", "subscription", id, details);
        return owners.show(updated);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a subscription")
    public Response delete(@PathParam("id") String id) {
        Subscription old = access.get(id);
        store.delete(id);
        audit.record("subscription.delete", "subscription", id, summary(SubscriptionView.of(old)));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(
            summary = "Make a new webhook secret (returned once); the previous one keeps signing until the overlap "
                    + "(redline.alerts.secret-overlap, default 24h) ends")
    public SubscriptionView rotateSecret(@PathParam("id") String id) {
        access.get(id);
        SubscriptionView rotated = store.rotateSecret(id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", rotated.name());
        details.put("owner", rotated.owner());
        audit.record("subscription.rotate-secret", "subscription", id, details);
        return rotated;
    }

    @POST
    @Path("{id}/test")
    @Operation(
            summary = "Send a sample alert (id test_...) through every channel now, once, and report each "
                    + "receiver's answer; ignores quiet hours and digest mode, not recorded in the delivery log")
    public List<TestDelivery.Result> test(@PathParam("id") String id) {
        Subscription s = access.get(id);
        rate.refuseWhenExhausted(s.owner());
        return test.send(s);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "The subscription's deliveries, newest first: status, attempts, last error, latency")
    public List<DeliveryView> deliveries(
            @PathParam("id") String id,
            @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("50") String limit) {
        access.get(id);
        return deliveries.forSubscription(id, status(status), limit(limit)).stream()
                .map(DeliveryView::of)
                .toList();
    }

    /**
     * What the audit log keeps of a subscription: enough to tell which one and what it matches, but only the
     * channel types, because channel URLs often embed a token (Slack, Teams) and addresses are personal data.
     */
    static Map<String, Object> summary(SubscriptionView s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", s.name());
        details.put("owner", s.owner());
        details.put("query", s.query());
        details.put(
                "channelTypes",
                s.channels().stream()
                        .map(c -> c.type().name().toLowerCase(java.util.Locale.ROOT))
                        .toList());
        return details;
    }

    /** The names of the settings that differ between two versions (channels compared by type and destination). */
    static List<String> changed(SubscriptionView before, SubscriptionView after) {
        List<String> names = new ArrayList<>();
        diff(names, "name", before.name(), after.name());
        diff(names, "owner", before.owner(), after.owner());
        diff(names, "query", before.query(), after.query());
        diff(names, "filters", before.filters(), after.filters());
        diff(names, "minLevel", before.minLevel(), after.minLevel());
        diff(names, "minScore", before.minScore(), after.minScore());
        diff(names, "minOutlets", before.minOutlets(), after.minOutlets());
        diff(names, "signals", before.signals(), after.signals());
        diff(names, "actors", before.actors(), after.actors());
        diff(names, "mode", before.mode(), after.mode());
        diff(names, "timeZone", before.timeZone(), after.timeZone());
        diff(names, "quietHours", before.quietHours(), after.quietHours());
        diff(names, "channels", before.channels(), after.channels());
        diff(names, "enabled", before.enabled(), after.enabled());
        diff(names, "brief", before.brief(), after.brief());
        return names;
    }

    private static void diff(List<String> names, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            names.add(name);
        }
    }

    private static Status status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    "status",
                    "one of "
                            + java.util.Arrays.stream(Status.values())
                                    .map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                                    .toList());
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
    @Operation(
            summary = "How often the subscription would have fired over the last days (1-90, default 7) of indexed "
                    + "articles: matching articles, stories, new and update alerts, alerts per UTC day and a sample")
    public BacktestResult backtest(@PathParam("id") String id, @QueryParam("days") String days) throws IOException {
        int window = Backtester.days(days);
        return backtester.run(access.caller(), access.get(id), window);
    }

    @GET
    @Path("{id}/brief")
    @Operation(
            summary = "The subscription's brief of the last hours (1-72, default 12): stories whose level rose most, "
                    + "new spikes and newly corroborated stories among the articles its query and filters select")
    public io.redline.alerts.brief.Brief brief(@PathParam("id") String id, @QueryParam("hours") String hours)
            throws IOException {
        int window = io.redline.alerts.brief.Briefs.hours(hours);
        return briefs.build(access.get(id), window);
    }

    @POST
    @Path("{id}/brief/send")
    @Operation(
            summary = "Send the subscription's brief (its brief.hours, else 12) through every channel now, recorded in "
                    + "the delivery log; does not count as or block the day's scheduled brief")
    public io.redline.alerts.brief.BriefSender.Sent sendBrief(@PathParam("id") String id) throws IOException {
        Subscription s = access.get(id);
        rate.refuseWhenExhausted(s.owner());
        return briefs.sendNow(s);
    }
}
