package io.redline.localstack.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks every {@code /api} operation of a running service's OpenAPI document and checks that it refuses callers
 * without a valid key (401) or with too low a role (403) and lets the role the document names, and every higher
 * one, through.
 *
 * <p>Because it reads the operations from the document instead of a hand-written list, an endpoint added later is
 * checked too; one without a role in the document (not annotated, or {@code @PermitAll}) is reported as such.
 *
 * <p>Only placeholder ids ({@value #PLACEHOLDER}) go into paths, so the requests that get through touch nothing
 * that exists: they answer 404 or 400, or act on an empty body.
 */
public final class ApiAccessWalker {

    /** The roles from lowest to highest, as the OpenAPI document names them in its security scopes. */
    public static final List<String> ROLES = List.of("reader", "editor", "admin");

    /** What every path parameter is set to: an id nothing real has. */
    public static final String PLACEHOLDER = "zz-walker-0";

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}/]+}");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Enough for any problem-details body, and never waits for the end of a stream that has none. */
    private static final int BODY_PREFIX = 8192;

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String EMPTY_OPML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<opml version=\"2.0\"><head><title>walker</title></head><body/></opml>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final char[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final String base;
    private final Map<String, String> keysByRole;
    private final String revokedKey;
    private final HttpClient http;

    /**
     * @param baseUri    the service, e.g. {@code http://localhost:8081}
     * @param keysByRole a valid key for each of {@link #ROLES}
     * @param revokedKey a key that was valid once and has been revoked; null skips that check
     */
    public ApiAccessWalker(URI baseUri, Map<String, String> keysByRole, String revokedKey) {
        String uri = baseUri.toString();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        for (String role : ROLES) {
            if (keysByRole.get(role) == null) {
                throw new IllegalArgumentException("no key for role " + role);
            }
        }
        this.keysByRole = Map.copyOf(keysByRole);
        this.revokedKey = revokedKey;
        // HTTP/1.1 only: the JDK client would otherwise offer an h2c upgrade, which is not what API clients do.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One broken expectation. */
    public record Violation(String method, String path, String check, String expected, String got) {
        @Override
        public String toString() {
            return method + " " + path + " [" + check + "]: expected " + expected + ", got " + got;
        }
    }

    /** One operation of the document and what the walk found for it. */
    public record Operation(String method, String path, String role, int requests, int violations) {}

    /** The outcome of a walk. */
    public record Report(List<Operation> operations, int requests, List<Violation> violations) {

        /** Whether every operation had a role and behaved as it says. */
        public boolean clean() {
            return violations.isEmpty();
        }

        /** Every violation on its own line, for an assertion message. */
        public String violationMessage() {
            StringBuilder sb = new StringBuilder()
                    .append(violations.size())
                    .append(" access-control violation(s) in ")
                    .append(operations.size())
                    .append(" /api operations:");
            for (Violation v : violations) {
                sb.append("\n  ").append(v);
            }
            return sb.toString();
        }

        /**
         * Operations whose role differs from the one expected for their path: the walk proves that the service does
         * what its document says, this that the document says what was decided. {@code lowestRoleByPathPrefix} maps a
         * path prefix ({@code /api/keys} covers {@code /api/keys} and {@code /api/keys/...}) to its lowest role; the
         * longest matching prefix counts, and an operation no prefix covers is reported, so a new path needs a
         * decision.
         */
        public List<String> roleMismatches(Map<String, String> lowestRoleByPathPrefix) {
            List<String> mismatches = new ArrayList<>();
            for (Operation o : operations) {
                String prefix = lowestRoleByPathPrefix.keySet().stream()
                        .filter(p -> o.path().equals(p) || o.path().startsWith(p + "/"))
                        .max(Comparator.comparingInt(String::length))
                        .orElse(null);
                if (prefix == null) {
                    mismatches.add(o.method() + " " + o.path() + ": no expected role for this path");
                } else if (!lowestRoleByPathPrefix.get(prefix).equals(o.role())) {
                    mismatches.add(o.method() + " " + o.path() + ": document says " + o.role() + ", expected "
                            + lowestRoleByPathPrefix.get(prefix) + " (" + prefix + ")");
                }
            }
            return mismatches;
        }

        /** A table of what was walked, so a test's output shows the coverage. */
        public String table() {
            int width =
                    operations.stream().mapToInt(o -> o.path().length()).max().orElse(4);
            StringBuilder sb = new StringBuilder();
            String row = "%-7s %-" + width + "s %-6s %8s  %s%n";
            sb.append(String.format(row, "METHOD", "PATH", "ROLE", "REQUESTS", "RESULT"));
            for (Operation o : operations) {
                sb.append(String.format(
                        row,
                        o.method(),
                        o.path(),
                        o.role() == null ? "-" : o.role(),
                        o.requests(),
                        o.violations() == 0 ? "ok" : o.violations() + " violation(s)"));
            }
            sb.append(operations.size())
                    .append(" operations walked, ")
                    .append(requests)
                    .append(" requests sent, ")
                    .append(violations.size())
                    .append(" violation(s)");
            return sb.toString();
        }
    }

    /**
     * Fetches {@code /q/openapi} and walks every operation under {@code /api/}.
     *
     * @throws IllegalStateException when the document cannot be fetched or read
     */
    public Report walk() {
        JsonNode document = fetchDocument();
        List<Operation> operations = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        int requests = 0;
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> pathEntry = paths.next();
            String path = pathEntry.getKey();
            if (!path.equals("/api") && !path.startsWith("/api/")) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> ops = pathEntry.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> opEntry = ops.next();
                if (!METHODS.contains(opEntry.getKey())) {
                    continue; // "parameters", "summary" and the like
                }
                String method = opEntry.getKey().toUpperCase(Locale.ROOT);
                int before = violations.size();
                OperationWalk walk =
                        new OperationWalk(document, method, path, pathEntry.getValue(), opEntry.getValue(), violations);
                walk.run();
                requests += walk.requests;
                operations.add(new Operation(method, path, walk.role, walk.requests, violations.size() - before));
            }
        }
        return new Report(List.copyOf(operations), requests, List.copyOf(violations));
    }

    private JsonNode fetchDocument() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /q/openapi answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The role check and the requests for one operation. */
    private final class OperationWalk {

        private final JsonNode document;
        private final String method;
        private final String path;
        private final JsonNode pathItem;
        private final JsonNode operation;
        private final List<Violation> violations;
        String role;
        int requests;

        OperationWalk(
                JsonNode document,
                String method,
                String path,
                JsonNode pathItem,
                JsonNode operation,
                List<Violation> violations) {
            this.document = document;
            this.method = method;
            this.path = path;
            this.pathItem = pathItem;
            this.operation = operation;
            this.violations = violations;
        }

        void run() {
            role = declaredRole();
            URI uri = URI.create(base + PATH_PARAMETER.matcher(path).replaceAll(PLACEHOLDER) + requiredQuery());
            Body body = body();

            // Without a valid key the role does not matter, so these run even when the document names none.
            expectUnauthenticated(uri, body, "no credentials", null, null);
            expectUnauthenticated(uri, body, "unknown rlk_ key (Bearer)", "Authorization", "Bearer " + unknownKey());
            expectUnauthenticated(uri, body, "malformed X-API-Key", "X-API-Key", "not-a-key");
            if (revokedKey != null) {
                expectUnauthenticated(uri, body, "revoked key (Bearer)", "Authorization", "Bearer " + revokedKey);
            }
            // Who is calling is asked first: an anonymous caller must not learn what an operation accepts (415),
            // how much (413) or what is valid (400/422) before the 401.
            if (body != null) {
                Body wrongType = new Body("application/x-walker-unsupported", body.text());
                Body malformed = new Body(
                        body.type(), body.type().toLowerCase(Locale.ROOT).contains("json") ? "{" : "<");
                expectUnauthenticated(uri, wrongType, "no credentials, unsupported Content-Type", null, null);
                expectUnauthenticated(
                        uri,
                        wrongType,
                        "unknown rlk_ key, unsupported Content-Type",
                        "Authorization",
                        "Bearer " + unknownKey());
                expectUnauthenticated(uri, malformed, "no credentials, malformed body", null, null);
            }
            if (role == null) {
                return;
            }
            int required = ROLES.indexOf(role);
            for (int i = 0; i < ROLES.size(); i++) {
                String caller = ROLES.get(i);
                String header = "Bearer " + keysByRole.get(caller);
                if (i < required) {
                    expectForbidden(uri, body, caller + " key", header);
                } else {
                    expectAllowed(uri, body, caller + " key", header);
                }
            }
        }

        /**
         * The one role the operation's security requirements name; null (and a violation) when they name none, more
         * than one, or allow a call without credentials (an empty requirement).
         */
        private String declaredRole() {
            JsonNode security = operation.has("security") ? operation.get("security") : document.get("security");
            Set<String> scopes = new LinkedHashSet<>();
            boolean anonymousAllowed = false;
            if (security != null && security.isArray()) {
                for (JsonNode requirement : security) {
                    if (requirement.size() == 0) {
                        anonymousAllowed = true;
                    }
                    requirement
                            .fields()
                            .forEachRemaining(scheme -> scheme.getValue().forEach(scope -> scopes.add(scope.asText())));
                }
            }
            String problem = null;
            if (security == null || !security.isArray() || security.isEmpty()) {
                problem = "no security requirement (not annotated, or @PermitAll)";
            } else if (anonymousAllowed) {
                problem = "an empty security requirement (callable without credentials)";
            } else if (scopes.size() != 1 || !ROLES.contains(scopes.iterator().next())) {
                problem = "scopes " + scopes;
            }
            if (problem != null) {
                violations.add(
                        new Violation(method, path, "OpenAPI security", "exactly one role scope of " + ROLES, problem));
                return null;
            }
            return scopes.iterator().next();
        }

        /** Required query parameters set to harmless values, so a 400 for a missing one cannot hide the check. */
        private String requiredQuery() {
            StringBuilder query = new StringBuilder();
            List<JsonNode> parameters = new ArrayList<>();
            pathItem.path("parameters").forEach(parameters::add);
            operation.path("parameters").forEach(parameters::add);
            for (JsonNode parameter : parameters) {
                parameter = resolve(parameter);
                if (!"query".equals(parameter.path("in").asText())
                        || !parameter.path("required").asBoolean()) {
                    continue;
                }
                JsonNode schema = resolve(parameter.path("schema"));
                String value;
                if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
                    value = schema.path("enum").get(0).asText();
                } else {
                    value = switch (schema.path("type").asText()) {
                        case "integer", "number" -> "1";
                        case "boolean" -> "false";
                        default -> PLACEHOLDER;
                    };
                }
                query.append(query.length() == 0 ? '?' : '&')
                        .append(URLEncoder.encode(parameter.path("name").asText(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return query.toString();
        }

        private JsonNode resolve(JsonNode node) {
            String ref = node.path("$ref").asText(null);
            if (ref == null || !ref.startsWith("#/")) {
                return node;
            }
            return document.at(ref.substring(1));
        }

        /** A small body of the first declared request content type, or none when the operation takes none. */
        private Body body() {
            JsonNode content = resolve(operation.path("requestBody")).path("content");
            Iterator<String> types = content.fieldNames();
            if (!types.hasNext()) {
                return null;
            }
            String type = types.next();
            String lower = type.toLowerCase(Locale.ROOT);
            String text;
            if (lower.contains("json")) {
                text = "{}";
            } else if (lower.contains("xml") || lower.contains("opml")) {
                text = EMPTY_OPML;
            } else if (lower.startsWith("text/")) {
                text = "Access walker probe.";
            } else {
                text = ""; // octet streams, forms: empty is valid for all of them
            }
            return new Body(type, text);
        }

        private void expectUnauthenticated(URI uri, Body body, String check, String header, String value) {
            Outcome got = send(uri, body, header, value);
            String expected = "401 + WWW-Authenticate + " + PROBLEM_JSON;
            if (got.status != 401 || got.challenge == null || !got.problem(401)) {
                violations.add(new Violation(method, path, check, expected, got.toString()));
            }
        }

        private void expectForbidden(URI uri, Body body, String check, String authorization) {
            Outcome got = send(uri, body, "Authorization", authorization);
            if (got.status != 403 || !got.problem(403)) {
                violations.add(new Violation(
                        method, path, check + " (below " + role + ")", "403 + " + PROBLEM_JSON, got.toString()));
            }
        }

        private void expectAllowed(URI uri, Body body, String check, String authorization) {
            Outcome got = send(uri, body, "Authorization", authorization);
            // 503 is a dependency being down, not an access decision; any other 5xx hides whether access works.
            boolean serverError = got.status >= 500 && got.status != 503;
            if (got.status < 0 || got.status == 401 || got.status == 403 || serverError) {
                violations.add(new Violation(
                        method,
                        path,
                        check + " (role " + role + " or higher)",
                        "neither 401 nor 403 nor 5xx (503 allowed)",
                        got.toString()));
            }
        }

        private Outcome send(URI uri, Body body, String header, String value) {
            requests++;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
            if (header != null) {
                request.header(header, value);
            }
            if (body != null) {
                request.header("Content-Type", body.type())
                        .method(method, HttpRequest.BodyPublishers.ofString(body.text(), StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                // Closed right after the headers (and a short prefix of an error body): a success that never ends,
                // like Server-Sent Events, must not hold the walk.
                try (InputStream in = response.body()) {
                    byte[] prefix = response.statusCode() >= 400 ? in.readNBytes(BODY_PREFIX) : new byte[0];
                    return new Outcome(
                            response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null),
                            response.headers().firstValue("WWW-Authenticate").orElse(null),
                            new String(prefix, StandardCharsets.UTF_8),
                            null);
                }
            } catch (IOException e) {
                return new Outcome(-1, null, null, "", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private record Body(String type, String text) {}

    /** What came back: status and the headers and body the checks look at. */
    private record Outcome(int status, String contentType, String challenge, String body, String error) {

        /** A problem-details body whose status member matches {@code expected}. */
        boolean problem(int expected) {
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(PROBLEM_JSON)) {
                return false;
            }
            try {
                return JSON.readTree(body).path("status").asInt() == expected;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            if (error != null) {
                return "no response: " + error;
            }
            return status + " " + (contentType == null ? "(no Content-Type)" : contentType)
                    + (status == 401 && challenge == null ? ", no WWW-Authenticate" : "")
                    + (body.isEmpty() ? "" : ", body " + abbreviate(body));
        }

        private static String abbreviate(String text) {
            String flat = text.replaceAll("\\s+", " ").strip();
            return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
        }
    }

    /** A key of the right shape ({@code rlk_<16 base-32>_<43 base64url>}) that no service issued. */
    static String unknownKey() {
        StringBuilder key = new StringBuilder("rlk_");
        for (int i = 0; i < 16; i++) {
            key.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        key.append('_');
        for (int i = 0; i < 43; i++) {
            key.append(BASE64URL[RANDOM.nextInt(BASE64URL.length)]);
        }
        return key.toString();
    }
}
