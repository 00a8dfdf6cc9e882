package io.redline.search.query;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem-details responses: 400 naming the parameter, 404, 503 with Retry-After. */
public class ProblemMappers {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        Map<String, Object> body = problem(400, "Invalid parameter", e.getMessage());
        body.put("parameter", e.parameter());
        return Response.status(400).type(PROBLEM_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Response.status(status).type(PROBLEM_JSON)
                .entity(problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
    }

    /** Elasticsearch unreachable: the client may retry shortly. */
    @ServerExceptionMapper({IOException.class, java.io.UncheckedIOException.class, TransportException.class,
            ConnectException.class})
    public Response unavailable(Exception e) {
        return Response.status(503).type(PROBLEM_JSON).header("Retry-After", "5")
                .entity(problem(503, "Search backend unavailable", "Elasticsearch did not answer; retry shortly"))
                .build();
    }

    /** Elasticsearch answered but overloaded or failing (429/5xx) is unavailability too; anything else is our bug. */
    @ServerExceptionMapper
    public Response elasticsearch(ElasticsearchException e) {
        if (e.status() == 429 || e.status() >= 500) {
            return unavailable(e);
        }
        return Response.status(500).type(PROBLEM_JSON)
                .entity(problem(500, "Search failed", "Elasticsearch refused the search (" + e.status() + ")")).build();
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
