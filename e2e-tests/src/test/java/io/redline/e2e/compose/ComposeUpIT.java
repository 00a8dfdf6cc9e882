package io.redline.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.localstack.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} with the demo override, started as the README's "With Docker" section tells an operator:
 * the images built (locally, where no registry answers), {@code up -d}, every container healthy, a demo article
 * fetched and searchable through {@code /api/articles} with the admin key of the env file, the newsroom console's
 * page and its {@code /api} on the console's port (the URL staff open), a subscription made through the console and
 * its signed alert received and verified by the receiver container, the services auditing the caller's address that
 * the console forwards (and no address a direct caller claims), and {@code down -v} leaving nothing behind. Prints the
 * timings of each step.
 */
class ComposeUpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_KEY =
            "rlk_admin_" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void composeFileRunsTheDemoFromFeedToSignedAlert() throws Exception {
        ContainerChecks.assumeEngine("ComposeUpIT");
        Path work = Path.of("target", "compose-up").toAbsolutePath();

        Instant t0 = Instant.now();
        Map<String, String> images = ContainerChecks.images("ComposeUpIT", work);
        int search = freePort();
        int console = freePort();
        Map<String, String> kafkaPasswords = BrokerAccess.newPasswords();
        Compose compose = new Compose(
                        ContainerChecks.root(),
                        "rlcompose" + ProcessHandle.current().pid(),
                        work,
                        List.of("docker-compose.yml", "deploy/docker-compose.demo.yml"))
                .env(images)
                .env("ELASTIC_PASSWORD", "pw-" + UUID.randomUUID())
                .env("REDLINE_ADMIN_KEY", ADMIN_KEY)
                // alert-service seals webhook secrets and channel URLs with it (README "With Docker" puts it in .env).
                .env("REDLINE_SECRETS_KEY", TestKeys.SECRETS_KEY)
                // Every service hashes API keys with it (README "With Docker" puts it in .env).
                .env("REDLINE_KEY_PEPPER", TestKeys.KEY_PEPPER)
                // The Kafka users' passwords (admin and one per service), as README "With Docker" asks of .env.
                .env(kafkaPasswords)
                // Free host ports, so a ./redline up or another stack on this machine is never in the way.
                .env("REDLINE_SEARCH_PORT", Integer.toString(search))
                .env("REDLINE_CONSOLE_PORT", Integer.toString(console))
                .env("REDLINE_ALERT_PORT", Integer.toString(freePort()))
                .env("REDLINE_INGEST_PORT", Integer.toString(freePort()))
                .env("REDLINE_ANALYSIS_PORT", Integer.toString(freePort()))
                .env("REDLINE_ES_PORT", Integer.toString(freePort()))
                // Two cores: small heaps (the services' containers are capped at 768m by the compose file).
                .env("KAFKA_HEAP", "512m")
                .env("ES_HEAP", "512m")
                .env("REDLINE_DEMO_INTERVAL", "10s");
        Instant down;
        try {
            compose.run(Duration.ofMinutes(10), "build");
            Duration build = Duration.between(t0, Instant.now());

            Instant upStart = Instant.now();
            compose.run(Duration.ofMinutes(5), "up", "-d");
            Map<String, String> states = compose.awaitHealthy(Duration.ofMinutes(6));
            Duration upToHealthy = Duration.between(upStart, Instant.now());
            // Kafka is locked down: no write without credentials, and ingest-service (which parses hostile XML)
            // cannot write the API-key table, only its own topics.
            BrokerAccess.in(compose, "kafka", "kafka:9092", kafkaPasswords).assertIngestCannotMintKeys();
            // kafka, kafka-init (exited 0), elasticsearch, the four services, the console, demo-feeds and receiver.
            assertThat(states).hasSize(10);

            // A demo article fetched by ingest-service, analysed and searchable, read with the env file's admin key.
            Instant healthy = Instant.now();
            JsonNode first = awaitArticle(search, Duration.ofMinutes(3));
            Duration healthyToSearchable = Duration.between(healthy, Instant.now());
            JsonNode article = first.path("document").path("article");
            // One of the three demo feeds or a demo outlet's (deploy/demo/outlet-feeds.opml).
            assertThat(article.path("feedUrl").asText()).matches("http://demo-feeds:8099/(feeds|outlets)/[^/]+");
            assertThat(article.path("url").asText()).startsWith("http://demo-feeds:8099/articles/");
            Instant fetchedAt = Instant.parse(article.path("fetchedAt").asText());
            assertThat(get(search, "/api/articles?size=1", null).statusCode())
                    .as("the API refuses a caller without a key")
                    .isEqualTo(401);
            // Fetch -> searchable for an article the feeds publish from now on (the demo drips one every 10 s):
            // from its fetchedAt to the first poll (every 250 ms) that finds it.
            Duration fetchToSearchable = awaitFreshArticle(search, Instant.now(), Duration.ofMinutes(2));

            // The newsroom console on its port: the page, with its Content-Security-Policy, and /api/me forwarded to
            // search-service (the sign-in), refused as problem details without a key.
            Instant consoleChecked = Instant.now();
            HttpResponse<String> page = get(console, "/", null);
            assertThat(page.statusCode()).as("GET / on the console").isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse(""))
                    .as("GET / on the console: Content-Type")
                    .startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as("GET / on the console: Content-Security-Policy")
                    .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            HttpResponse<String> me = get(console, "/api/me", ADMIN_KEY);
            assertThat(me.statusCode())
                    .as("GET /api/me through the console: %s", me.body())
                    .isEqualTo(200);
            assertThat(JSON.readTree(me.body()).path("role").asText())
                    .as(me.body())
                    .isEqualTo("admin");
            HttpResponse<String> anonymous = get(console, "/api/me", null);
            assertThat(anonymous.statusCode())
                    .as("GET /api/me through the console without a key: %s", anonymous.body())
                    .isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
                    .as("GET /api/me through the console without a key: Content-Type")
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(anonymous.body()).path("status").asInt())
                    .as(anonymous.body())
                    .isEqualTo(401);
            Duration consoleAnswers = Duration.between(consoleChecked, Instant.now());

            // The demo outlets' feeds came from the feeds file (deploy/demo/outlet-feeds.opml), each with its outlet.
            HttpResponse<String> outlets = get(console, "/api/feeds?tag=demo-outlet", ADMIN_KEY);
            assertThat(outlets.statusCode())
                    .as("GET /api/feeds?tag=demo-outlet: %s", outlets.body())
                    .isEqualTo(200);
            JsonNode outletFeeds = JSON.readTree(outlets.body());
            assertThat(outletFeeds.size()).as(outlets.body()).isEqualTo(7);
            for (JsonNode feed : outletFeeds) {
                assertThat(feed.path("url").asText()).as(outlets.body()).startsWith("http://demo-feeds:8099/outlets/");
                assertThat(feed.path("outlet").asText()).as(outlets.body()).endsWith(".example");
            }

            // A subscription to every article of the demo feeds (a source filter: a subscription matching every
            // article must be selective or a digest), made through the console as the page makes it, delivered to
            // the receiver container, which verifies each signature.
            HttpResponse<String> created = post(console, "/api/subscriptions", """
                    {"name":"compose desk","filters":{"source":["demo-feeds"]},
                     "channels":[{"type":"webhook","url":"http://receiver:9999/hook"}]}""", Map.of());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String subscriptionId = JSON.readTree(created.body()).path("id").asText();
            String secret = JSON.readTree(created.body()).path("webhookSecret").asText();
            assertThat(secret).startsWith("whsec_");
            Instant subscribed = Instant.now();
            compose.env("REDLINE_WEBHOOK_SECRET", secret);
            compose.run(Duration.ofMinutes(2), "up", "-d", "--no-deps", "receiver");
            JsonNode delivery = awaitDelivery(compose, Duration.ofMinutes(3));
            Duration toAlert = Duration.between(subscribed, Instant.now());
            assertThat(delivery.path("valid").asBoolean())
                    .as("signature verified: " + delivery)
                    .isTrue();
            assertThat(delivery.path("type").asText()).isEqualTo("alert.created");

            // The caller's address the services limit failed sign-ins by and audit: through the console, the one the
            // console saw (not the console's own); directly on a published port, never one the caller claims.
            HttpResponse<String> key = post(
                    search,
                    "/api/keys",
                    "{\"name\":\"compose address check\",\"owner\":\"compose\",\"role\":\"reader\"}",
                    Map.of("X-Forwarded-For", "203.0.113.9"));
            assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
            String direct = auditedAddress(
                    console, "key", JSON.readTree(key.body()).path("id").asText());
            String viaConsole = auditedAddress(console, "subscription", subscriptionId);
            String consoleAddress = Compose.exec(
                            ContainerChecks.root(),
                            Duration.ofSeconds(30),
                            List.of(
                                    "docker",
                                    "inspect",
                                    "--format",
                                    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                                    compose.container("console")))
                    .strip();
            assertThat(direct)
                    .as("address audited for a direct call that claimed X-Forwarded-For: 203.0.113.9")
                    .isNotBlank()
                    .isNotEqualTo("203.0.113.9");
            assertThat(viaConsole)
                    .as(
                            "address audited for a call through the console (the console container is %s; the same"
                                    + " host called search-service directly from %s)",
                            consoleAddress, direct)
                    .isNotEqualTo(consoleAddress)
                    .isEqualTo(direct);

            System.out.printf(
                    """
                    ComposeUpIT timings (docker-compose.yml + deploy/docker-compose.demo.yml, %s):
                      build (local images + 6 service images)   %6.1f s
                      up -d to all 10 containers healthy        %6.1f s
                      healthy to first article searchable       %6.1f s   (that article: fetched %s)
                      fetch to searchable (a new article)       %6.1f s
                      console: page, /api/me, 401               %6.1f s
                      subscription to first signed alert        %6.1f s   (fetch -> received %s ms, match -> received %s ms)
                      caller's address audited: %s through the console (itself %s), %s directly (claimed 203.0.113.9)
                    %n""",
                    images.get("REDLINE_KAFKA_IMAGE"),
                    secs(build),
                    secs(upToHealthy),
                    secs(healthyToSearchable),
                    fetchedAt,
                    secs(fetchToSearchable),
                    secs(consoleAnswers),
                    secs(toAlert),
                    delivery.path("fetchToReceivedMs").asText(),
                    delivery.path("matchToReceivedMs").asText(),
                    viaConsole,
                    consoleAddress,
                    direct);
        } finally {
            down = Instant.now();
            compose.close();
        }
        System.out.printf(
                "ComposeUpIT: down -v in %.1f s; no container, network or volume of the project left%n",
                secs(Duration.between(down, Instant.now())));
    }

    private static JsonNode awaitArticle(int port, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r;
            try {
                r = get(port, "/api/articles?size=1", ADMIN_KEY);
            } catch (IOException e) {
                // Not answering yet (a restart by its policy): retried until the deadline.
                last = e.toString();
                Compose.sleep(Duration.ofMillis(500));
                continue;
            }
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode items = JSON.readTree(r.body()).path("items");
                if (items.size() > 0) {
                    return items.get(0);
                }
            }
            Compose.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("no article searchable within " + timeout + "; last answer: " + last);
    }

    /** How long after its fetch the first article fetched after {@code since} became searchable. */
    private static Duration awaitFreshArticle(int port, Instant since, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get(port, "/api/articles?size=5&sort=newest", ADMIN_KEY);
            Instant seen = Instant.now();
            if (r.statusCode() == 200) {
                for (JsonNode item : JSON.readTree(r.body()).path("items")) {
                    Instant fetched = Instant.parse(item.path("document")
                            .path("article")
                            .path("fetchedAt")
                            .asText());
                    if (fetched.isAfter(since)) {
                        return Duration.between(fetched, seen);
                    }
                }
            }
            Compose.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("no article fetched after " + since + " became searchable within " + timeout);
    }

    /** The first delivery the receiver container logged (one JSON line per delivery). */
    private static JsonNode awaitDelivery(Compose compose, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        String receiver = compose.container("receiver");
        while (Instant.now().isBefore(deadline)) {
            Compose.Result r = Compose.execute(
                    ContainerChecks.root(),
                    Duration.ofSeconds(30),
                    List.of("docker", "exec", receiver, "cat", "/var/log/redline/deliveries.jsonl"));
            if (r.exit() == 0) {
                for (String line : r.output().lines().toList()) {
                    if (line.startsWith("{")) {
                        return JSON.readTree(line);
                    }
                }
            }
            Compose.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError(
                "the receiver got no delivery within " + timeout + "; its log:\n" + compose.tail(receiver, 40));
    }

    private static HttpResponse<String> get(int port, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String json, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The source address of the audit entry for a target, read through the console once search-service indexed it. */
    private static String auditedAddress(int console, String targetType, String targetId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r =
                    get(console, "/api/audit?targetType=" + targetType + "&targetId=" + targetId, ADMIN_KEY);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode items = JSON.readTree(r.body()).path("items");
                if (items.size() > 0) {
                    return items.get(0).path("sourceAddress").asText();
                }
            }
            Compose.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("no audit entry for " + targetType + " " + targetId + "; last answer: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
