package io.redline.alerts.quota;

import io.redline.common.rest.Problems;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a {@link QuotaExceededException} as problem details naming the limit, its value and its setting. */
public class QuotaProblems {

    @ServerExceptionMapper
    public Response exceeded(QuotaExceededException e) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("limit", e.limit());
        if (e.value() != null) {
            extensions.put("value", e.value());
        }
        if (e.setting() != null) {
            extensions.put("setting", e.setting());
        }
        Response.ResponseBuilder r =
                Problems.builder(e.status(), Problems.title(e.status()), e.getMessage(), extensions);
        if (e.retryAfterSeconds() != null) {
            r.header("Retry-After", e.retryAfterSeconds());
        }
        return r.build();
    }
}
