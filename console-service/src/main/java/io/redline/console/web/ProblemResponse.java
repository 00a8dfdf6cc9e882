package io.redline.console.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The console's own error answers as RFC 9457 problem details ({@code application/problem+json}), in the members and
 * order every Redline service uses: {@code type} ({@code about:blank}), {@code title}, {@code status}, {@code
 * detail}.
 */
public final class ProblemResponse {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponse() {}

    /** Ends {@code response} with the problem, unless an answer has already begun (then the connection is closed). */
    public static void send(HttpServerResponse response, int status, String title, String detail) {
        send(response, status, title, detail, false);
    }

    /**
     * As {@link #send(HttpServerResponse, int, String, String)}, then closes the connection when {@code close}: after
     * refusing a request whose body is still arriving, so the rest of it is not read.
     */
    public static void send(HttpServerResponse response, int status, String title, String detail, boolean close) {
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // Too late for a status: cutting the connection is the only way left to say the answer is incomplete.
            response.reset();
            return;
        }
        String body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .encode();
        response.headers().clear();
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).putHeader("Cache-Control", "no-store");
        if (close) {
            response.putHeader("Connection", "close");
            response.end(body).onComplete(done -> response.close());
        } else {
            response.end(body);
        }
    }
}
