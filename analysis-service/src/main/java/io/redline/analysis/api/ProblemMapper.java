package io.redline.analysis.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns client errors of the REST API into RFC 9457 problem details ({@code application/problem+json}). */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        // Jackson's messages name the line and column of malformed JSON; keep the first line only.
        String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        body.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
