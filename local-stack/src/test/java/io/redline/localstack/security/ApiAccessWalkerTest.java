package io.redline.localstack.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.redline.localstack.security.ApiAccessWalker.Report;
import io.redline.localstack.security.ApiAccessWalker.Violation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the walker against a small in-process HTTP server whose OpenAPI document and behaviour are right for most
 * operations and wrong for a few, and checks that it reports exactly the wrong ones.
 */
class ApiAccessWalkerTest {

    private static final String READER = "rlk_readerreaderread_" + "r".repeat(43);
    private static final String EDITOR = "rlk_editoreditoredit_" + "e".repeat(43);
    private static final String ADMIN = "rlk_adminadminadmina_" + "a".repeat(43);
    private static final String REVOKED = "rlk_revokedrevokedre_" + "x".repeat(43);
    private static final Map<String, Integer> LEVELS = Map.of(READER, 0, EDITOR, 1, ADMIN, 2);

    private static final String DOCUMENT = """
            {
              "openapi": "3.1.0",
              "paths": {
                "/api/things": {
                  "get": { "security": [ { "SecurityScheme": [ "reader" ] } ] },
                  "post": { "security": [ { "SecurityScheme": [ "editor" ] } ],
                            "requestBody": { "content": { "application/json": {} } } }
                },
                "/api/things/{id}": {
                  "delete": { "security": [ { "SecurityScheme": [ "admin" ] } ] }
                },
                "/api/feeds/{subscriptionId}.json": {
                  "get": { "security": [ { "SecurityScheme": [ "editor" ] } ],
                           "parameters": [ { "name": "limit", "in": "query", "required": true,
                                             "schema": { "type": "integer" } } ] }
                },
                "/api/stream": {
                  "get": { "security": [ { "SecurityScheme": [ "reader" ] } ] }
                },
                "/api/import": {
                  "post": { "security": [ { "SecurityScheme": [ "admin" ] } ],
                            "requestBody": { "content": { "text/x-opml": {}, "application/json": {} } } }
                },
                "/api/broken": {
                  "post": { "security": [ { "SecurityScheme": [ "editor" ] } ],
                            "requestBody": { "content": { "text/plain": {} } } }
                },
                "/api/strict": {
                  "get": { "security": [ { "SecurityScheme": [ "reader" ] } ] }
                },
                "/api/open": {
                  "get": { "responses": { "200": { "description": "OK" } } }
                },
                "/q/health": {
                  "get": {}
                }
              }
            }
            """;

    /** The role level each path really demands; absent paths are not protected at all. */
    private static final Map<String, Integer> ENFORCED = Map.of(
            "GET /api/things",
            0,
            "POST /api/things",
            1,
            "DELETE /api/things/" + ApiAccessWalker.PLACEHOLDER,
            2,
            "GET /api/feeds/" + ApiAccessWalker.PLACEHOLDER + ".json",
            1,
            "GET /api/stream",
            0,
            "POST /api/import",
            2,
            "GET /api/strict",
            1, // the document says reader: too strict
            "GET /api/open",
            0); // protected, but the document names no role

    private static final String UNSUPPORTED = "application/x-walker-unsupported";

    private record Received(String method, String uri, String contentType, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private ExecutorService executor;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Its own threads, so a stream that the walker has left open does not block the next request.
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void reportsExactlyTheOperationsThatAreWrong() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Report report =
                new ApiAccessWalker(base, Map.of("reader", READER, "editor", EDITOR, "admin", ADMIN), REVOKED).walk();
        System.out.println(report.table());
        System.out.println(report.violationMessage());

        assertThat(report.violations())
                .extracting(Violation::method, Violation::path, Violation::check)
                .containsExactly(
                        tuple("POST", "/api/import", "no credentials, unsupported Content-Type"),
                        tuple("POST", "/api/import", "unknown rlk_ key, unsupported Content-Type"),
                        tuple("POST", "/api/broken", "no credentials"),
                        tuple("POST", "/api/broken", "unknown rlk_ key (Bearer)"),
                        tuple("POST", "/api/broken", "malformed X-API-Key"),
                        tuple("POST", "/api/broken", "revoked key (Bearer)"),
                        tuple("POST", "/api/broken", "no credentials, unsupported Content-Type"),
                        tuple("POST", "/api/broken", "unknown rlk_ key, unsupported Content-Type"),
                        tuple("POST", "/api/broken", "no credentials, malformed body"),
                        tuple("POST", "/api/broken", "reader key (below editor)"),
                        tuple("GET", "/api/strict", "reader key (role reader or higher)"),
                        tuple("GET", "/api/open", "OpenAPI security"));
        assertThat(report.violations().get(0).got()).startsWith("415 application/problem+json");
        assertThat(report.violations().get(2).got()).startsWith("200 text/plain");
        assertThat(report.violations().get(10).got()).startsWith("403 application/problem+json");

        // Nine /api operations: eight with a role (4 unauthenticated + 3 role requests each), one without (4), and
        // three more unauthenticated requests for each of the three that take a body.
        assertThat(report.operations()).hasSize(9);
        assertThat(report.requests()).isEqualTo(8 * 7 + 4 + 3 * 3);
        assertThat(received).hasSize(report.requests() + 1); // and the document itself
        assertThat(report.table()).contains("9 operations walked, 69 requests sent, 12 violation(s)");
    }

    @Test
    void comparesTheDocumentsRolesWithTheExpectedOnes() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Report report =
                new ApiAccessWalker(base, Map.of("reader", READER, "editor", EDITOR, "admin", ADMIN), REVOKED).walk();

        assertThat(report.roleMismatches(Map.of(
                        "/api",
                        "reader",
                        "/api/things",
                        "editor",
                        "/api/things/{id}",
                        "admin",
                        "/api/feeds",
                        "editor",
                        "/api/import",
                        "admin",
                        "/api/broken",
                        "editor")))
                .containsExactly(
                        "GET /api/things: document says reader, expected editor (/api/things)",
                        "GET /api/open: document says null, expected reader (/api)");
        assertThat(report.roleMismatches(Map.of("/api/things", "reader")))
                .contains("GET /api/stream: no expected role for this path")
                .doesNotContain("GET /api/things: no expected role for this path");
    }

    @Test
    void theMatrixCheckMintsOneKeyPerRoleAndARevokedAdminKeyAndFailsOnViolations() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Map<String, String> byRole = Map.of("reader", READER, "editor", EDITOR, "admin", ADMIN);
        List<String> created = new ArrayList<>();
        List<String> revoked = new ArrayList<>();

        assertThatThrownBy(() -> ApiAccessMatrix.check(
                        base,
                        (name, role) -> {
                            created.add(name + " as " + role);
                            return name.equals("matrix revoked") ? REVOKED : byRole.get(role);
                        },
                        revoked::add,
                        Map.of("/api", "reader"),
                        1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("12 access-control violation(s) in 9 /api operations")
                .hasMessageContaining("POST /api/broken [no credentials]");
        assertThat(created)
                .containsExactly(
                        "matrix reader as reader",
                        "matrix editor as editor",
                        "matrix admin as admin",
                        "matrix revoked as admin");
        assertThat(revoked).containsExactly(REVOKED);
    }

    @Test
    void sendsOnlyPlaceholdersAndBodiesOfTheDeclaredType() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        new ApiAccessWalker(base, Map.of("reader", READER, "editor", EDITOR, "admin", ADMIN), REVOKED).walk();

        assertThat(received)
                .extracting(Received::uri)
                .doesNotContain("/q/health")
                .contains("/api/things/zz-walker-0", "/api/feeds/zz-walker-0.json?limit=1");
        assertThat(received)
                .filteredOn(r -> r.uri().equals("/api/things") && r.method().equals("POST"))
                .extracting(Received::contentType, Received::body)
                .containsOnly(
                        tuple("application/json", "{}"),
                        tuple("application/x-walker-unsupported", "{}"), // unauthenticated: 401 before 415
                        tuple("application/json", "{")); // unauthenticated: 401 before 400
        assertThat(received)
                .filteredOn(r -> r.uri().equals("/api/import") && !UNSUPPORTED.equals(r.contentType()))
                .allSatisfy(r -> {
                    assertThat(r.contentType()).isEqualTo("text/x-opml");
                    assertThat(r.body()).startsWith("<");
                });
        assertThat(received)
                .filteredOn(r -> r.uri().equals("/api/broken"))
                .extracting(Received::contentType)
                .containsOnly("text/plain", UNSUPPORTED);
        assertThat(received)
                .filteredOn(r -> r.method().equals("GET") || r.method().equals("DELETE"))
                .allSatisfy(r -> assertThat(r.body()).isEmpty());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String uri = exchange.getRequestURI().toString();
        received.add(new Received(
                method,
                uri,
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/q/openapi")) {
            send(exchange, 200, "application/json", DOCUMENT);
            return;
        }
        if (path.equals("/api/import")
                && UNSUPPORTED.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            // Content negotiation before authentication: tells anyone what the operation accepts.
            send(exchange, 415, "application/problem+json", "{\"title\":\"Unsupported Media Type\",\"status\":415}");
            return;
        }
        if (path.equals("/api/broken")) {
            send(exchange, 200, "text/plain", "anyone may"); // forgot its check
            return;
        }
        Integer required = ENFORCED.get(method + " " + path);
        if (required == null) {
            send(exchange, 404, "text/plain", "no such path");
            return;
        }
        String key = presentedKey(exchange);
        Integer level = key == null ? null : LEVELS.get(key);
        if (level == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"fake\"");
            send(exchange, 401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}");
        } else if (level < required) {
            send(exchange, 403, "application/problem+json", "{\"title\":\"Forbidden\",\"status\":403}");
        } else if (path.equals("/api/stream")) {
            stream(exchange);
        } else {
            send(exchange, path.contains(ApiAccessWalker.PLACEHOLDER) ? 404 : 200, "application/json", "{}");
        }
    }

    private static String presentedKey(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length());
        }
        return exchange.getRequestHeaders().getFirst("X-API-Key");
    }

    /** An event stream that ends only when the client goes away: the walker must not wait for its end. */
    private static void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the stream, or the server is stopping
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
