package io.redline.ingest.feed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/feeds}: the feeds being polled and their health. */
@Path("/api/feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    private final FeedPoller poller;

    public FeedResource(FeedPoller poller) {
        this.poller = poller;
    }

    @GET
    @Operation(summary = "List feeds with their health: last fetch, last success, consecutive errors, last error")
    public List<FeedState.Snapshot> list() {
        return poller.snapshots();
    }
}
