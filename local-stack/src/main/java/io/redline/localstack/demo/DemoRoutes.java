package io.redline.localstack.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the demo server's HTTP requests: maps a path to a feed, an article page, the OPML or the index, and sends
 * it with an ETag, a Last-Modified and a 304 while the client's copy is current.
 *
 * <p>Paths: {@code /feeds/world.rss}, {@code /feeds/security.atom}, {@code /feeds/diplomacy.rss},
 * {@code /outlets/<outlet>.rss},
 * {@code /articles/<id>}, {@code /feeds.opml} and {@code /} (or {@code /index.html}). Unknown paths get 404,
 * methods other than GET and HEAD get 405.
 */
final class DemoRoutes implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(DemoRoutes.class.getName());
    private static final Pattern ARTICLE_PATH = Pattern.compile("/articles/([a-z0-9]+(?:-[a-z0-9]+)*)");

    /** What a GET would send; {@code lastModified} may be null. */
    private record Resource(String contentType, byte[] body, String etag, Instant lastModified) {}

    private final DemoPublication publication;
    private final String baseUrl;
    private final Instant startedAt;
    private final Duration interval;

    /**
     * @param startedAt the OPML's creation date
     * @param interval  the drip interval the index page mentions
     */
    DemoRoutes(DemoPublication publication, String baseUrl, Instant startedAt, Duration interval) {
        this.publication = publication;
        this.baseUrl = baseUrl;
        this.startedAt = startedAt;
        this.interval = interval;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            Resource resource = resolve(exchange.getRequestURI().getPath());
            if (resource == null) {
                sendError(
                        exchange,
                        404,
                        "No such page: " + exchange.getRequestURI().getPath());
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendError(exchange, 405, "Method " + method + " is not allowed; use GET or HEAD.");
            } else {
                sendConditionally(exchange, resource);
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing to answer.
            LOG.log(System.Logger.Level.DEBUG, "Demo feed response not sent", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Demo feed request failed: " + exchange.getRequestURI(), e);
            try {
                sendError(exchange, 500, "Internal error.");
            } catch (IOException | RuntimeException ignored) {
                // Headers were probably sent already; closing the exchange below is all that is left.
            }
        } finally {
            exchange.close();
        }
    }

    /** The resource at {@code path}, or null when there is none. */
    private Resource resolve(String path) {
        if (path == null) {
            return null;
        }
        Map<DemoChannel, DemoPublication.FeedDocument> documents = publication.documents();
        for (DemoChannel feed : publication.channels()) {
            if (feed.path().equals(path)) {
                DemoPublication.FeedDocument current = documents.get(feed);
                return new Resource(
                        feed.format().contentType(), current.body(), current.etag(), current.lastModified());
            }
        }
        if (path.equals("/") || path.equals("/index.html")) {
            List<DemoRenderer.FeedSummary> summaries = new ArrayList<>();
            for (DemoChannel feed : publication.channels()) {
                DemoPublication.FeedDocument document = documents.get(feed);
                summaries.add(new DemoRenderer.FeedSummary(feed, document.items(), document.lastModified()));
            }
            return html(DemoRenderer.indexPage(baseUrl, summaries, interval), null);
        }
        if (path.equals("/feeds.opml")) {
            byte[] body = DemoRenderer.opml(baseUrl, startedAt).getBytes(StandardCharsets.UTF_8);
            return new Resource("text/x-opml; charset=utf-8", body, ConditionalGet.etag(body), startedAt);
        }
        Matcher article = ARTICLE_PATH.matcher(path);
        if (article.matches()) {
            PublishedArticle item = publication.page(article.group(1));
            return item == null ? null : html(DemoRenderer.articlePage(item, baseUrl), item.publishedAt());
        }
        return null;
    }

    private static Resource html(String page, Instant lastModified) {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        return new Resource("text/html; charset=utf-8", body, ConditionalGet.etag(body), lastModified);
    }

    private static void sendConditionally(HttpExchange exchange, Resource resource) throws IOException {
        Headers response = exchange.getResponseHeaders();
        response.set("ETag", resource.etag());
        if (resource.lastModified() != null) {
            response.set("Last-Modified", DemoRenderer.rfc822(resource.lastModified()));
        }
        // Caches may keep a copy but must ask again each time: the live drip changes feeds at any moment.
        response.set("Cache-Control", "no-cache");
        if (ConditionalGet.notModified(exchange.getRequestHeaders(), resource.etag(), resource.lastModified())) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        response.set("Content-Type", resource.contentType());
        send(exchange, 200, resource.body());
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        send(exchange, status, DemoRenderer.errorPage(status, message).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            // The JDK server sends no body for HEAD and wants length -1; the length is set by hand so a
            // HEAD answers with the same Content-Length a GET would.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
