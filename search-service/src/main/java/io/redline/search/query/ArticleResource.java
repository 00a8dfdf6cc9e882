package io.redline.search.query;

import io.redline.contracts.AnalyzedArticle;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/articles}: search analysed articles and read one by id. */
@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
public class ArticleResource {

    static final int MAX_SIZE = 100;

    private final ArticleSearch search;

    public ArticleResource(ArticleSearch search) {
        this.search = search;
    }

    @GET
    @Operation(summary = "Search articles; newest first without q, by relevance with q")
    public ArticleSearch.Page search(
            @Parameter(description = "Simple query syntax: words (all must match), \"phrases\", OR (|), NOT (-), prefix*")
            @QueryParam("q") String q,
            @Parameter(description = "Results per page, 1-100")
            @QueryParam("size") @DefaultValue("20") int size) throws IOException {
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidParameterException("size", "must be between 1 and " + MAX_SIZE);
        }
        if (q != null && q.length() > 1000) {
            throw new InvalidParameterException("q", "must be at most 1000 characters");
        }
        return search.search(q, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The full article with its analysis and evidence")
    public AnalyzedArticle get(@PathParam("id") String id) throws IOException {
        return search.get(id).orElseThrow(() -> new NotFoundException("no article " + id));
    }
}
