package io.redline.alerts.brief;

import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/brief}: the desk's brief over every indexed article (a subscription's is under its own path). */
@Path("/api/brief")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READER_NAME)
public class BriefResource {

    private final Briefs briefs;

    public BriefResource(Briefs briefs) {
        this.briefs = briefs;
    }

    @GET
    @Operation(
            summary = "The desk brief of the last hours (1-72, default 12): the stories whose level rose most, new "
                    + "spikes and newly corroborated stories, each with its evidence sentence")
    public Brief brief(@QueryParam("hours") String hours) throws IOException {
        return briefs.build(null, Briefs.hours(hours));
    }
}
