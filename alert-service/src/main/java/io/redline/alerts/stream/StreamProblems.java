package io.redline.alerts.stream;

import io.redline.common.rest.Problems;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The pull channels' own 503s as RFC 9457 problem-details with Retry-After. */
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
        return Problems.builder(503, title, detail)
                .header("Retry-After", retryAfterSeconds)
                .build();
    }
}
