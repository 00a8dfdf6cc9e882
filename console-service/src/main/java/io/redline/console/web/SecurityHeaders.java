package io.redline.console.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The headers every answer of the console carries, set as the head is written so they cover the page, the forwarded
 * API answers, problems and Quarkus's own 404s alike: the page's Content-Security-Policy (scripts, styles and
 * connections only from this origin, no framing) and the usual hardening headers; plus a caching rule per kind of
 * answer (static files revalidated on every use, API answers not stored unless the service said otherwise).
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Exactly the console brief's policy: no inline script or style, nothing from another origin. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Powerful browser features the console never uses, turned off for it and anything it might embed. */
    public static final String PERMISSIONS_POLICY =
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    /** Before every other filter, so even an early refusal carries the headers. */
    static final int PRIORITY = 10_000;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        ctx.addHeadersEndHandler(end ->
                apply(path, ctx.response().getStatusCode(), ctx.response().headers()));
        ctx.next();
    }

    static void apply(String path, int status, MultiMap headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", PERMISSIONS_POLICY);
        if (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/q/")) {
            if (!headers.contains("Cache-Control")) {
                headers.set("Cache-Control", "no-store");
            }
        } else if (status == 200 || status == 304) {
            // The page's files may be cached but are checked (ETag / Last-Modified) on every use, so a new
            // version of the console reaches the browser at once instead of after a max-age.
            headers.set("Cache-Control", "no-cache");
        } else {
            headers.set("Cache-Control", "no-store");
        }
    }
}
