package io.redline.ingest.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.redline.common.rest.Problems;
import io.redline.ingest.registry.RegistryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem-details responses naming the field at fault. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response registry(RegistryException e) {
        Response.ResponseBuilder r =
                Problems.builder(e.status(), Problems.title(e.status()), e.getMessage(), field(e.field()));
        if (e.status() == 503) {
            r.header("Retry-After", "5");
        }
        return r.build();
    }

    /** Malformed JSON, unsupported media types, unknown paths: the status JAX-RS chose, as a problem. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return Problems.response(e);
    }

    /** A JSON field of the wrong shape ({@code "tags": {}}): a 400 problem naming the field (else Quarkus answers plain JSON). */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .filter(f -> f != null)
                .collect(Collectors.joining("."));
        return Problems.response(400, "Bad Request", e.getOriginalMessage(), field(field.isEmpty() ? null : field));
    }

    /** The {@code field} member naming the part of the request at fault; none when the request as a whole is. */
    private static Map<String, String> field(String field) {
        return field == null ? Map.of() : Map.of("field", field);
    }
}
