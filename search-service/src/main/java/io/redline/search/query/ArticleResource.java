package io.redline.search.query;

import io.redline.query.ArticleFilters;
import io.redline.query.Ids;
import io.redline.query.InvalidParameterException;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code /api/articles}: search analysed articles and read one by id. */
@Path("/api/articles")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.READER_NAME)
public class ArticleResource {

    static final int MAX_SIZE = 100;

    private final ArticleSearch search;

    public ArticleResource(ArticleSearch search) {
        this.search = search;
    }

    @GET
    @Operation(
            summary = "Search articles with filters, facets, highlights and a stable cursor",
            description = "Newest first without q, by relevance with q. Every hit of a result set is returned exactly "
                    + "once when paging with nextCursor, even while new articles are indexed.")
    public ArticleSearch.Page search(
            @BeanParam FilterParams filters,
            @Parameter(
                            description = "relevance (default with q), newest (default without q), escalation "
                                    + "(score, then newest) or outlets (most independent outlets of the story when the "
                                    + "article was indexed, then newest)")
                    @QueryParam("sort")
                    String sort,
            @Parameter(description = "Results per page, 1-100 (default 20)") @QueryParam("size") String size,
            @Parameter(
                            description =
                                    "nextCursor of the previous page; repeat the same q, filters and sort with it. "
                                            + "Valid for 5 minutes after the previous page")
                    @QueryParam("cursor")
                    String cursor,
            @Parameter(
                            description = "story: one article per story (the best ranked), with the story's matching "
                                    + "article count and other ids; no cursor in this mode")
                    @QueryParam("group")
                    String group,
            @Parameter(
                            description = "First page only: all (default: signals, actors, sources, levels, "
                                    + "languages, categories), none, or a comma-separated list of those names. "
                                    + "Cursor pages never carry facets")
                    @QueryParam("facets")
                    String facets,
            @Parameter(
                            description = "First page only: exact (default) counts every match; estimate counts "
                                    + "exactly up to 10,000 and then answers total 10000 with totalRelation gte "
                                    + "(much cheaper on broad searches). Cursor pages repeat the first page's "
                                    + "total and totalRelation")
                    @QueryParam("total")
                    String total)
            throws IOException {
        int pageSize = InvalidParameterException.intParam("size", size, 20, 1, MAX_SIZE);
        boolean byStory = false;
        if (group != null && !group.isBlank()) {
            if (!group.trim().equalsIgnoreCase("story")) {
                throw new InvalidParameterException("group", "only 'story' is supported");
            }
            byStory = true;
        }
        ArticleSearch.Sort order = sort == null || sort.isBlank()
                ? (filters.q == null || filters.q.isBlank() ? ArticleSearch.Sort.NEWEST : ArticleSearch.Sort.RELEVANCE)
                : ArticleFilters.enums("sort", List.of(sort), ArticleSearch.Sort.class)
                        .get(0);
        return search.search(
                filters.q,
                filters.parse(),
                filters.minOutlets(),
                order,
                pageSize,
                cursor,
                byStory,
                facetNames(facets),
                totalMode(total));
    }

    /** The facets parameter as facet names: all by default, none, or a list of known names. */
    static List<String> facetNames(String facets) {
        if (facets == null || facets.isBlank() || facets.trim().equalsIgnoreCase("all")) {
            return ArticleSearch.FACET_NAMES;
        }
        if (facets.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : facets.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!ArticleSearch.FACET_NAMES.contains(name)) {
                throw new InvalidParameterException(
                        "facets",
                        "unknown facet '" + part.strip() + "': use all, none or a comma-separated list of "
                                + String.join(", ", ArticleSearch.FACET_NAMES));
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    static ArticleSearch.TotalMode totalMode(String total) {
        if (total == null || total.isBlank()) {
            return ArticleSearch.TotalMode.EXACT;
        }
        return switch (total.strip().toLowerCase(Locale.ROOT)) {
            case "exact" -> ArticleSearch.TotalMode.EXACT;
            case "estimate" -> ArticleSearch.TotalMode.ESTIMATE;
            default -> throw new InvalidParameterException("total", "must be exact or estimate");
        };
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "The full article with its analysis and evidence, and its story's corroboration now; 404 when "
                    + "unknown")
    public ArticleSearch.ArticleAnswer get(
            @Parameter(description = "Article id (32 hex digits)") @PathParam("id") String id) throws IOException {
        return search.get(Ids.check("id", id)).orElseThrow(() -> new NotFoundException("no article " + id));
    }
}
