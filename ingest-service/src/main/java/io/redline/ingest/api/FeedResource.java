package io.redline.ingest.api;

import io.redline.ingest.registry.FeedRegistry;
import io.redline.ingest.registry.FeedRequest;
import io.redline.ingest.registry.FeedView;
import io.redline.ingest.registry.RegistryException;
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
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/feeds}: the feed registry (create, list with health, get, update, delete, refresh) and OPML. */
@Path("/api/feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    private static final Set<String> STATUSES = Set.of("ok", "erroring", "failing", "pending", "disabled");
    private final FeedRegistry registry;

    public FeedResource(FeedRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List feeds with their health: last fetch, last success, consecutive errors, last error, next poll")
    public List<FeedView> list(@QueryParam("tag") String tag, @QueryParam("status") String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new RegistryException(400, "status", "status must be one of " + STATUSES);
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
        return Response.created(URI.create("/api/feeds/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One feed with its health")
    public FeedView get(@PathParam("id") String id) {
        return registry.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a feed's settings (its id stays)")
    public FeedView update(@PathParam("id") String id, FeedRequest request) {
        if (request == null) {
            throw new RegistryException(400, null, "a JSON body is required");
        }
        return registry.update(id, request);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove a feed and its saved state")
    public Response delete(@PathParam("id") String id) {
        registry.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/refresh")
    @Operation(summary = "Poll the feed now (on whichever instance owns it)")
    public Response refresh(@PathParam("id") String id) {
        return Response.accepted(registry.refresh(id)).build();
    }

    @POST
    @Path("opml")
    @Consumes({"text/x-opml", "text/xml", "application/xml", "application/octet-stream", "text/plain"})
    @Operation(summary = "Import an OPML subscription list; nested outlines become tags")
    public FeedRegistry.ImportResult importOpml(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RegistryException(400, "opml", "an OPML document is required");
        }
        return registry.importOpml(body);
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
}
