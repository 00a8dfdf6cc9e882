package io.redline.analysis.api;

import io.redline.common.rest.Problems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns client errors of the REST API into RFC 9457 problem details ({@code application/problem+json}). */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        // Jackson's messages name the line and column of malformed JSON; keep the first line only.
        String detail =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return Problems.response(status, title, detail);
    }
}
