package io.redline.search.audit;

import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/audit}: admins read who changed which feed, subscription or API key, when and from where. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@Blocking
public class AuditResource {

    private final AuditIndex index;

    public AuditResource(AuditIndex index) {
        this.index = index;
    }

    @GET
    @Operation(
            summary = "Audit events of every service, newest first, with filters and paging",
            description = "Events appear seconds after the change (they travel through redline.audit). Page with "
                    + "'after' set to the previous page's 'next' and the same filters; 'next' is null on the last "
                    + "page.")
    public AuditIndex.Page search(
            @Parameter(description = "Exact caller: an API key's owner or an OIDC principal") @QueryParam("actor")
                    String actor,
            @Parameter(description = "Exact action (key.create), or a prefix ending in '.' or '*' (subscription.)")
                    @QueryParam("action")
                    String action,
            @Parameter(description = "feed, subscription or key") @QueryParam("targetType") String targetType,
            @Parameter(description = "The changed object's id") @QueryParam("targetId") String targetId,
            @Parameter(description = "Events at or after this ISO-8601 time") @QueryParam("from") String from,
            @Parameter(description = "Events before this ISO-8601 time") @QueryParam("to") String to,
            @Parameter(description = "Events per page, 1-200 (default 50)") @QueryParam("size") String size,
            @Parameter(description = "'next' of the previous page") @QueryParam("after") String after)
            throws IOException {
        AuditQuery query = AuditQuery.parse(actor, action, targetType, targetId, from, to, size);
        AuditCursor cursor = after == null || after.isBlank() ? null : AuditCursor.decode(after, query.fingerprint());
        return index.search(query, cursor);
    }
}
