package io.redline.common.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details ({@code application/problem+json}), the one error format of every service's REST API:
 * {@code type} (always {@code about:blank}), {@code title}, {@code status}, {@code detail}, then any extension
 * members such as {@code parameter} or {@code field}, in that order.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** The problem response. */
    public static Response response(int status, String title, String detail) {
        return builder(status, title, detail).build();
    }

    /** The problem response with extension members ({@code parameter}: the request part at fault). */
    public static Response response(int status, String title, String detail, Map<String, ?> extensions) {
        return builder(status, title, detail, extensions).build();
    }

    /**
     * The problem response for the status JAX-RS chose (malformed JSON, unsupported media type, unknown path), keeping
     * the {@code Retry-After} a {@code ServiceUnavailableException} carries.
     */
    public static Response response(WebApplicationException e) {
        Response original = e.getResponse();
        Response.ResponseBuilder r =
                builder(original.getStatus(), original.getStatusInfo().getReasonPhrase(), e.getMessage());
        Object retryAfter = original.getHeaders().getFirst("Retry-After");
        if (retryAfter != null) {
            r.header("Retry-After", retryAfter);
        }
        return r.build();
    }

    /** A problem response still open for headers ({@code Retry-After}, {@code WWW-Authenticate}). */
    public static Response.ResponseBuilder builder(int status, String title, String detail) {
        return builder(status, title, detail, Map.of());
    }

    /** A problem response with extension members, still open for headers. */
    public static Response.ResponseBuilder builder(int status, String title, String detail, Map<String, ?> extensions) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, title, detail, extensions));
    }

    /** The body: standard members first, then {@code extensions} in their iteration order. */
    public static Map<String, Object> body(int status, String title, String detail, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }

    /** The status's reason phrase as RFC 9110 names it; JAX-RS's enum lacks 422 and names 413 by its old name. */
    public static String title(int status) {
        return switch (status) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            default ->
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }
}
