package io.redline.alerts.quota;

import io.quarkus.security.identity.SecurityIdentity;
import io.redline.alerts.subscription.SubscriptionStore;
import io.redline.query.InvalidParameterException;
import io.redline.security.AuditLog;
import io.redline.security.Caller;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/quotas}: the per-owner quotas in force, and an admin's overrides of the defaults for one owner; every
 * change is written to the audit log.
 */
@Path("/api/quotas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class QuotaResource {

    /** What an owner may look like (as {@code SubscriptionAccess} checks it). */
    private static final Pattern OWNER = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,100}");

    private final Quotas quotas;
    private final AlertRate rate;
    private final SubscriptionStore store;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public QuotaResource(
            Quotas quotas, AlertRate rate, SubscriptionStore store, AuditLog audit, SecurityIdentity identity) {
        this.quotas = quotas;
        this.rate = rate;
        this.store = store;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The default quotas (redline.alerts.quota.*) and every owner's override")
    public Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("defaults", quotas.defaults());
        out.put("overrides", quotas.overrides());
        return out;
    }

    @GET
    @Path("{owner}")
    @Operation(
            summary = "The quotas in force for one owner (defaults with the override applied), the override, and "
                    + "what the owner uses: subscriptions, alerts in the last hour, alerts suppressed on this instance")
    public Map<String, Object> get(@PathParam("owner") String owner) {
        return view(owner(owner));
    }

    @PUT
    @Path("{owner}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set one owner's quotas: subscriptionsPerOwner, channelsPerSubscription, recipientsPerChannel, "
                    + "alertsPerHour (each optional; an omitted one keeps the default). Applies on every instance")
    public Map<String, Object> put(@PathParam("owner") String owner, QuotaOverride request) {
        String o = owner(owner);
        QuotaOverride stored = quotas.put(o, request, Caller.of(identity).owner());
        Map<String, Object> details = new LinkedHashMap<>();
        for (Limit limit : Limit.values()) {
            if (stored.value(limit) != null) {
                details.put(limit.field(), stored.value(limit));
            }
        }
        audit.record("quota.update", "quota", o, details);
        return view(o);
    }

    @DELETE
    @Path("{owner}")
    @Operation(summary = "Remove one owner's override: the defaults apply again")
    public Response delete(@PathParam("owner") String owner) {
        String o = owner(owner);
        if (quotas.delete(o)) {
            audit.record("quota.delete", "quota", o, Map.of());
        }
        return Response.noContent().build();
    }

    private Map<String, Object> view(String owner) {
        QuotaLimits limits = quotas.limitsFor(owner);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("owner", owner);
        for (Limit limit : Limit.values()) {
            out.put(limit.field(), limits.value(limit));
        }
        out.put("overrides", quotas.override(owner));
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("subscriptions", store.idsOwnedBy(owner).size());
        usage.put("alertsLastHour", rate.lastHour(owner));
        usage.put("alertsSuppressed", rate.suppressed(owner));
        out.put("usage", usage);
        return out;
    }

    private static String owner(String raw) {
        String owner = raw == null ? "" : raw.strip();
        if (!OWNER.matcher(owner).matches()) {
            throw new InvalidParameterException("owner", "must be 1-100 letters, digits or . _ @ + -");
        }
        return owner;
    }
}
