package io.redline.ingest.api;

import io.redline.ingest.registry.FeedRegistry;
import io.redline.ingest.registry.FeedRequest;
import io.redline.ingest.registry.FeedView;
import io.redline.ingest.registry.RegistryException;
import io.redline.security.AuditLog;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/feeds}: the feed registry (create, list with health, get, update, delete, refresh) and OPML, for admins. */
@Path("/api/feeds")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class FeedResource {

    private static final Set<String> STATUSES = Set.of("ok", "erroring", "failing", "pending", "disabled");
    /** A feed id is the first 12 hex digits of its URL's SHA-256 ({@code FeedDefinition.idOf}). */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    /** As long as a stored tag may be ({@code FeedRequest.MAX_TAG}): a longer filter can match nothing. */
    private static final int MAX_TAG_FILTER = 64;
    /**
     * Largest OPML document accepted: 10,000 outlines (the parser's limit) of ordinary size fit with room to spare.
     * Below {@code quarkus.http.limits.max-body-size} (5M), so an oversized list gets a problem naming the field
     * rather than the HTTP layer's bare 413.
     */
    static final int MAX_OPML_BYTES = 4 * 1024 * 1024;

    private final FeedRegistry registry;
    private final AuditLog audit;

    public FeedResource(FeedRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @GET
    @Operation(
            summary =
                    "List feeds with their health: last fetch, last success, consecutive errors, last error, next poll")
    public List<FeedView> list(@QueryParam("tag") String tag, @QueryParam("status") String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new RegistryException(400, "status", "status must be one of " + STATUSES);
        }
        if (tag != null
                && (tag.isBlank()
                        || tag.length() > MAX_TAG_FILTER
                        || tag.chars().anyMatch(Character::isISOControl))) {
            throw new RegistryException(
                    400, "tag", "tag must be 1 to " + MAX_TAG_FILTER + " characters without control characters");
        }
        return registry.list().stream()
                .filter(f -> tag == null || f.tags().contains(tag))
                .filter(f -> status == null || f.status().equals(status))
                .toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a feed (url required; title, tags, language, pollInterval, enabled optional)")
    public Response create(FeedRequest request) {
        if (request == null) {
            throw new RegistryException(400, null, "a JSON body with at least \"url\" is required");
        }
        FeedView created = registry.create(request);
        audit.record("feed.create", "feed", created.id(), details(created));
        return Response.created(URI.create("/api/feeds/" + created.id()))
                .entity(created)
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One feed with its health")
    public FeedView get(@PathParam("id") String id) {
        return registry.get(validId(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a feed's settings (its id stays)")
    public FeedView update(@PathParam("id") String id, FeedRequest request) {
        validId(id);
        if (request == null) {
            throw new RegistryException(400, null, "a JSON body is required");
        }
        FeedView updated = registry.update(id, request);
        Map<String, Object> details = details(updated);
        details.put("enabled", updated.enabled());
        audit.record("feed.update", "feed", id, details);
        return updated;
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove a feed and its saved state")
    public Response delete(@PathParam("id") String id) {
        // Read first: once deleted, the audit event could no longer say which URL was removed.
        FeedView gone = registry.get(validId(id));
        registry.delete(id);
        audit.record("feed.delete", "feed", id, details(gone));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/refresh")
    @Operation(summary = "Poll the feed now (on whichever instance owns it)")
    public Response refresh(@PathParam("id") String id) {
        FeedView refreshed = registry.refresh(validId(id));
        audit.record("feed.refresh", "feed", id, Map.of("url", refreshed.url()));
        return Response.accepted(refreshed).build();
    }

    @POST
    @Path("opml")
    @Consumes({"text/x-opml", "text/xml", "application/xml", "application/octet-stream", "text/plain"})
    @Operation(summary = "Import an OPML subscription list; nested outlines become tags")
    public FeedRegistry.ImportResult importOpml(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RegistryException(400, "opml", "an OPML document is required");
        }
        if (body.length > MAX_OPML_BYTES) {
            throw new RegistryException(413, "opml", "an OPML document may have at most " + MAX_OPML_BYTES + " bytes");
        }
        FeedRegistry.ImportResult result = registry.importOpml(body);
        audit.record(
                "feed.import-opml",
                "feed",
                "opml",
                Map.of(
                        "bytes",
                        body.length,
                        "created",
                        result.created().size(),
                        "existing",
                        result.existing().size(),
                        "invalid",
                        result.invalid().size(),
                        "createdIds",
                        result.created()));
        return result;
    }

    @GET
    @Path("opml")
    @Produces("text/x-opml")
    @Operation(summary = "Export the registry as OPML 2.0")
    public Response exportOpml() {
        return Response.ok(registry.exportOpml())
                .header("Content-Disposition", "attachment; filename=\"redline-feeds.opml\"")
                .build();
    }

    /** {@code id} when it has the shape of a feed id; else a 400 problem rather than a lookup that cannot succeed. */
    private static String validId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new RegistryException(400, "id", "a feed id is 12 lower-case hex digits");
        }
        return id;
    }

    /** What an audit event says about a feed: where it points and how it is labelled. */
    private static Map<String, Object> details(FeedView feed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", feed.url());
        if (feed.title() != null) {
            details.put("title", feed.title());
        }
        details.put("tags", feed.tags());
        return details;
    }
}
