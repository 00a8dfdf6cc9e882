package io.redline.search.story;

import io.redline.query.Ids;
import io.redline.search.query.ArticleSearch;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/stories/{id}}: the articles of one story, first outlet first. */
@Path("/api/stories")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.READER_NAME)
public class StoryResource {

    private final ArticleSearch search;

    public StoryResource(ArticleSearch search) {
        this.search = search;
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "A story's articles (near-duplicates and rewrites), earliest published first; 404 when unknown")
    public ArticleSearch.Story story(
            @Parameter(description = "Story id, as in storyId of a search hit") @PathParam("id") String id)
            throws IOException {
        return search.story(Ids.check("id", id)).orElseThrow(() -> new NotFoundException("no story " + id));
    }
}
