package io.redline.ingest.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.redline.ingest.registry.RegistryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem-details responses naming the field at fault. */
public class ProblemMappers {

    private static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response registry(RegistryException e) {
        Map<String, Object> body = problem(e.status(), title(e.status()), e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        Response.ResponseBuilder r = Response.status(e.status()).type(PROBLEM_JSON).entity(body);
        if (e.status() == 503) {
            r.header("Retry-After", "5");
        }
        return r.build();
    }

    /** Malformed JSON, unsupported media types, unknown paths: the status JAX-RS chose, as a problem. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Response.status(status).type(PROBLEM_JSON)
                .entity(problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
    }

    /** A JSON field of the wrong shape ({@code "tags": {}}): a 400 problem naming the field (else Quarkus answers plain JSON). */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        Map<String, Object> body = problem(400, "Bad Request", e.getOriginalMessage());
        String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(f -> f != null).collect(Collectors.joining("."));
        if (!field.isEmpty()) {
            body.put("field", field);
        }
        return Response.status(400).type(PROBLEM_JSON).entity(body).build();
    }

    /** The reason phrase; JAX-RS's enum lacks 422 and names 413 by its old name. */
    static String title(int status) {
        return switch (status) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            default -> Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
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
