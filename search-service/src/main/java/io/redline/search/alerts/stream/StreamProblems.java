package io.redline.search.alerts.stream;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The pull channels' own 503s as RFC 9457 problem-details with Retry-After, like query.ProblemMappers answers. */
public class StreamProblems {

    @ServerExceptionMapper
    public Response streamLimit(StreamLimitException e) {
        return unavailable("Too many alert streams", e.getMessage(), 10);
    }

    @ServerExceptionMapper
    public Response logUnavailable(AlertLogUnavailableException e) {
        return unavailable("Alert log unavailable", "Elasticsearch did not answer; retry shortly", 5);
    }

    private static Response unavailable(String title, String detail, int retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", 503);
        body.put("detail", detail);
        return Response.status(503).type("application/problem+json").header("Retry-After", retryAfterSeconds)
                .entity(body).build();
    }
}
