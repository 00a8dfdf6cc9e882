package io.redline.search.query;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.redline.common.rest.Problems;
import io.redline.query.InvalidParameterException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem-details responses: 400 naming the parameter, 404, 503 with Retry-After. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return Problems.response(400, "Invalid parameter", e.getMessage(), Map.of("parameter", e.parameter()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return Problems.response(e);
    }

    /** Elasticsearch unreachable: the client may retry shortly. */
    @ServerExceptionMapper({
        IOException.class,
        java.io.UncheckedIOException.class,
        TransportException.class,
        ConnectException.class
    })
    public Response unavailable(Exception e) {
        return Problems.builder(503, "Search backend unavailable", "Elasticsearch did not answer; retry shortly")
                .header("Retry-After", "5")
                .build();
    }

    /** Elasticsearch answered but overloaded or failing (429/5xx) is unavailability too; anything else is our bug. */
    @ServerExceptionMapper
    public Response elasticsearch(ElasticsearchException e) {
        if (e.status() == 429 || e.status() >= 500) {
            return unavailable(e);
        }
        return Problems.response(500, "Search failed", "Elasticsearch refused the search (" + e.status() + ")");
    }
}
