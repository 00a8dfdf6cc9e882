package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.localstack.FreePorts;
import io.redline.localstack.StackDirs;
import io.redline.localstack.run.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./redline} as a user runs it: up in the background, a refused second up, status, the printed key and curl,
 * search, README's "Try an alert" (a subscription on alert-service and {@code ./redline receive} verifying a signed
 * alert), down with nothing left behind, reset. Free ports and a throw-away data folder keep a real
 * {@code ./redline up} safe.
 */
class RedlineScriptIT {

    private static final Path ROOT =
            Path.of(System.getProperty("redline.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> ENV = new LinkedHashMap<>();
    private static final Path DATA = StackDirs.newRunDir("script");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        for (String name : List.of(
                "REDLINE_SEARCH_PORT",
                "REDLINE_INGEST_PORT",
                "REDLINE_ANALYSIS_PORT",
                "REDLINE_ALERT_PORT",
                "REDLINE_CONSOLE_PORT",
                "REDLINE_DEMO_PORT",
                "REDLINE_KAFKA_PORT",
                "REDLINE_KAFKA_CONTROLLER_PORT",
                "REDLINE_ES_PORT")) {
            ENV.put(name, Integer.toString(FreePorts.next()));
        }
        ENV.put("REDLINE_DATA_DIR", DATA.toString());
        // New demo articles every few seconds instead of 20, so that one matching the README's alert comes soon.
        ENV.put("REDLINE_DEMO_INTERVAL", "3s");
    }

    /** What ./redline up uses when no REDLINE_*_PORT is set: the ports README's commands are written for. */
    private static final StackSettings DEFAULTS = StackSettings.fromEnv(ROOT, Map.of());

    /** The lines of the start-up banner a new user copies: the key export and the first search. */
    private static final Pattern EXPORT_LINE = Pattern.compile("(?m)^\\s*export REDLINE_KEY=(\\S+)");

    private static final Pattern CURL_LINE = Pattern.compile(
            "(?m)^\\s*curl -s -H \"Authorization: Bearer \\$REDLINE_KEY\" '(http://localhost:\\d+/api/articles\\?q=\\w+)'$");

    record Result(int exit, String out) {}

    @Test
    void upStatusSecondUpAlertDownAndReset() throws Exception {
        markBuilt();
        Result up = redline("up", "-d");
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out())
                .contains("Redline is up")
                .contains("http://localhost:" + ENV.get("REDLINE_SEARCH_PORT"))
                .contains("http://localhost:" + ENV.get("REDLINE_ALERT_PORT") + "/api/subscriptions")
                .contains("Newsroom console")
                .contains("http://localhost:" + ENV.get("REDLINE_CONSOLE_PORT") + "/");
        Matcher export = EXPORT_LINE.matcher(up.out());
        assertThat(export.find())
                .as("an export REDLINE_KEY=... line in:%n%s", up.out())
                .isTrue();
        String key = export.group(1);
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);
        Matcher curl = CURL_LINE.matcher(up.out());
        assertThat(curl.find()).as("a curl with the key in:%n%s", up.out()).isTrue();
        URI printedSearch = URI.create(curl.group(1));
        assertThat(printedSearch.getPort()).isEqualTo(Integer.parseInt(ENV.get("REDLINE_SEARCH_PORT")));

        Result keyCommand = redline("key");
        assertThat(keyCommand.exit()).as(keyCommand.out()).isZero();
        assertThat(keyCommand.out()).isEqualTo(key + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA.resolve("admin-key"))))
                .as("the key file is its owner's only")
                .isEqualTo("rw-------");
        // alert-service's secrets key (it seals webhook secrets and channel URLs), made once and as private.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA.resolve("secrets-key"))))
                .as("the secrets key file is its owner's only")
                .isEqualTo("rw-------");

        Result second = redline("up");
        assertThat(second.exit()).isNotZero();
        assertThat(second.out().strip().lines()).singleElement().asString().contains("already running");

        Result status = redline("status");
        assertThat(status.exit()).as(status.out()).isZero();
        // Kafka, Elasticsearch, demo feeds, the four services and the console.
        assertThat(status.out().lines().filter(l -> l.strip().startsWith("up ")))
                .hasSize(8);
        assertThat(status.out()).contains("alert-service").contains("alerted ");

        HttpClient http = HttpClient.newHttpClient();
        // The printed curl works as printed, and the API refuses the same request without the key or with another.
        HttpResponse<String> printed = http.send(
                HttpRequest.newBuilder(printedSearch)
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(printed.statusCode()).as("printed curl: %s", printed.body()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(printedSearch).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("without a key")
                .isEqualTo(401);
        assertThat(http.send(
                                HttpRequest.newBuilder(printedSearch)
                                        .header("Authorization", "Bearer " + key + "x")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("with a wrong key")
                .isEqualTo(401);
        // The printed console URL serves the page, and its /api answers for the same key (one origin for the browser).
        URI console = URI.create("http://localhost:" + ENV.get("REDLINE_CONSOLE_PORT") + "/");
        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        HttpResponse<String> me = http.send(
                HttpRequest.newBuilder(console.resolve("/api/me"))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("role").asText()).isEqualTo("admin");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ENV.get("REDLINE_SEARCH_PORT")
                                            + "/api/articles?q=nuclear"))
                                    .header("Authorization", "Bearer " + key)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && !r.body().startsWith("{\"total\":0");
                });

        tryAnAlertAsTheReadmeShows(key);
        newsroomIntelligenceAsTheReadmeShows(key);

        Result down = redline("down");
        assertThat(down.exit()).as(down.out()).isZero();
        assertThat(stackProcesses()).as("processes left after down").isEmpty();
        ENV.forEach((name, value) -> {
            if (name.endsWith("_PORT")) {
                assertThat(FreePorts.isFree(Integer.parseInt(value)))
                        .as(name + " free after down")
                        .isTrue();
            }
        });

        Result reset = redline("reset");
        assertThat(reset.exit()).as(reset.out()).isZero();
        assertThat(DATA).doesNotExist();
        Result noKey = redline("key");
        assertThat(noKey.exit()).as("no key after reset").isNotZero();
        assertThat(noKey.out()).contains("./redline up makes one");
    }

    /**
     * README "Try an alert" as written, on this test's ports: its curl makes a subscription on alert-service, its
     * {@code ./redline receive} (with the answer's secret) gets a demo article's alert and finds its signature valid.
     */
    private static void tryAnAlertAsTheReadmeShows(String key) throws Exception {
        List<String> commands = readmeBlock("## Try an alert");
        String subscribe = commands.stream()
                .filter(c -> c.startsWith("curl ") && c.contains("/api/subscriptions"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no subscription curl in README \"Try an alert\""));
        String receive = commands.stream()
                .filter(c -> c.startsWith("./redline receive"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ./redline receive in README \"Try an alert\""));
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/api/subscriptions")
                .matcher(subscribe);
        assertThat(url.find()).as("a subscriptions URL in %s", subscribe).isTrue();
        assertThat(Integer.parseInt(url.group(1)))
                .as("README's subscriptions port: alert-service's default")
                .isEqualTo(DEFAULTS.alertPort());
        Matcher receiverPort = Pattern.compile("--port (\\d+)").matcher(receive);
        assertThat(receiverPort.find()).as("--port in %s", receive).isTrue();
        String readmeReceiver = "127.0.0.1:" + receiverPort.group(1);
        assertThat(subscribe)
                .as("the webhook goes to the receiver the README starts")
                .contains(readmeReceiver);

        // The same commands on this test's free ports.
        int port = FreePorts.next();
        String created = bash(
                subscribe
                        .replace(
                                url.group(0),
                                "http://127.0.0.1:" + ENV.get("REDLINE_ALERT_PORT") + "/api/subscriptions")
                        .replace(readmeReceiver, "127.0.0.1:" + port),
                key);
        JsonNode subscription = JSON.readTree(created);
        String secret = subscription.path("webhookSecret").asText();
        assertThat(secret).as("the answer to the README's curl: %s", created).startsWith("whsec_");

        Path work = Files.createDirectories(Path.of("target", "redline-script").toAbsolutePath());
        Path log = work.resolve("deliveries.jsonl");
        Files.deleteIfExists(log);
        markBuilt();
        String receiveHere = receive.replace("--port " + receiverPort.group(1), "--port " + port)
                        .replaceFirst("--secret \\S+", Matcher.quoteReplacement("--secret " + secret))
                + " --log " + log;
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", receiveHere)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("receive.out").toFile());
        builder.environment().putAll(ENV);
        Process receiver = builder.start();
        try {
            String line = await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> {
                                assertThat(receiver.isAlive())
                                        .as("./redline receive runs")
                                        .isTrue();
                                return Files.exists(log)
                                        ? Files.readAllLines(log).stream()
                                                .filter(l -> l.startsWith("{"))
                                                .findFirst()
                                                .orElse(null)
                                        : null;
                            },
                            first -> first != null);
            JsonNode delivery = JSON.readTree(line);
            System.out.println("first delivery to ./redline receive: " + delivery);
            assertThat(delivery.path("valid").asBoolean())
                    .as("signature verified: %s", delivery)
                    .isTrue();
            assertThat(delivery.path("type").asText()).isEqualTo("alert.created");
        } finally {
            receiver.descendants().forEach(ProcessHandle::destroy);
            receiver.destroy();
            receiver.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * README "Newsroom intelligence" as written, on this test's ports, on the demo that {@code ./redline up} started:
     * a story told by several demo outlets with its independent outlet count, the demo's burst on {@code /api/spikes},
     * the Russia-Ukraine dyad series, the desk brief, the three subscriptions, and a brief sent now and delivered to
     * {@code ./redline receive} with a valid signature.
     */
    private static void newsroomIntelligenceAsTheReadmeShows(String key) throws Exception {
        List<String> commands = readmeSection("## Newsroom intelligence");
        int receiverPort = FreePorts.next();
        java.util.function.Function<String, String> here =
                c -> c.replace("http://localhost:8080", "http://127.0.0.1:" + ENV.get("REDLINE_SEARCH_PORT"))
                        .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + ENV.get("REDLINE_SEARCH_PORT"))
                        .replace("http://127.0.0.1:8083", "http://127.0.0.1:" + ENV.get("REDLINE_ALERT_PORT"))
                        .replace("http://localhost:8083", "http://127.0.0.1:" + ENV.get("REDLINE_ALERT_PORT"))
                        .replace("127.0.0.1:9999", "127.0.0.1:" + receiverPort)
                        .replace("--port 9999", "--port " + receiverPort);
        String storySearch = command(commands, "/api/articles?q=izmail");
        // The demo's outlet feeds are registered once the services are up: wait for the story to gather its outlets.
        JsonNode firstStory = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> curl(here.apply(storySearch), key, 200)
                                .path("items")
                                .path(0),
                        hit -> hit.path("corroboration").path("outlets").asInt() >= 4);
        System.out.println("izmail story: " + firstStory.path("corroboration"));
        String storyId = firstStory.path("storyId").asText();
        JsonNode story =
                curl(here.apply(command(commands, "/api/stories/")).replace("<storyId of a hit>", storyId), key, 200);
        assertThat(story.path("corroboration").path("outlets").asInt())
                .as("the story answer's outlets: %s", story)
                .isGreaterThanOrEqualTo(4);
        assertThat(story.path("corroboration").path("copies").asInt())
                .as("copies count every article of the story")
                .isGreaterThan(story.path("corroboration").path("outlets").asInt());
        JsonNode corroborated = curl(here.apply(command(commands, "minOutlets=3")), key, 200);
        assertThat(corroborated.path("items").findValuesAsText("storyId")).contains(storyId);

        String spikesCommand = here.apply(command(commands, "/api/spikes?window=60&weeks=4"));
        // The burst comes through several outlet feeds, polled and indexed a few at a time (fresh-clone CI queried
        // with 6 of its 8 articles in): wait until the README's figure is all in, then check the whole spike.
        JsonNode spikes = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> curl(spikesCommand, key, 200), answer -> {
                    for (JsonNode spike : answer.path("spikes")) {
                        if (spike.path("kind").asText().equals("actor")
                                && spike.path("key").asText().equals("LTU")
                                && spike.path("articles").asInt() >= 8) {
                            return true;
                        }
                    }
                    return false;
                });
        System.out.println("spikes: " + spikes.path("spikes"));
        assertThat(spikes.path("unit").asText()).isEqualTo("stories");
        // Eight burst articles; the spike counts their stories (README: 7, the same-event matcher joins two).
        assertThat(spikes.path("spikes"))
                .as("the demo's burst on Lithuania is a spike")
                .anySatisfy(spike -> {
                    assertThat(spike.path("kind").asText()).isEqualTo("actor");
                    assertThat(spike.path("key").asText()).isEqualTo("LTU");
                    assertThat(spike.path("observed").asInt()).isGreaterThanOrEqualTo(6);
                    assertThat(spike.path("articles").asInt())
                            .isGreaterThanOrEqualTo(8)
                            .isGreaterThanOrEqualTo(spike.path("observed").asInt());
                });
        curl(here.apply(command(commands, "/api/spikes?kind=actor,dyad")), key, 200);

        JsonNode dyad = curl(here.apply(command(commands, "/api/dyads/RUS/UKR")), key, 200);
        List<JsonNode> days = new java.util.ArrayList<>();
        dyad.path("days").forEach(d -> {
            if (d.path("articles").asInt() > 0) {
                days.add(d);
            }
        });
        System.out.println("RUS/UKR days with articles: " + days.size());
        assertThat(days).as("the demo's 14-day Russia-Ukraine series: %s", dyad).hasSizeGreaterThanOrEqualTo(6);
        assertThat(days).anySatisfy(d -> assertThat(d.path("conflict").asInt()).isPositive());
        assertThat(days)
                .anySatisfy(d -> assertThat(d.path("cooperation").asInt()).isPositive());
        assertThat(curl(here.apply(command(commands, "/api/dyads/RUS/all")), key, 200)
                        .path("days"))
                .isNotEmpty();

        JsonNode brief = curl(here.apply(command(commands, "/api/brief?hours=12")), key, 200);
        // The brief lists the strongest spikes of its 12 hours against the same hours of earlier weeks (the demo's
        // live drip repeats stories, so its actors spike too and may outrank the burst).
        assertThat(brief.path("spikes").findValuesAsText("key"))
                .as("desk brief: %s", brief)
                .isNotEmpty();
        assertThat(brief.path("corroborated").findValuesAsText("storyId")).contains(storyId);

        List<String> subscribe = commands.stream()
                .filter(c -> c.startsWith("curl -X POST") && c.contains("/api/subscriptions'"))
                .toList();
        assertThat(subscribe).as("README's three subscriptions").hasSize(3);
        JsonNode briefSubscription = null;
        for (String c : subscribe) {
            JsonNode created = curl(here.apply(c), key, 201);
            if (c.contains("\"brief\"")) {
                briefSubscription = created;
            }
        }
        assertThat(briefSubscription)
                .as("a subscription with a brief in README")
                .isNotNull();
        String id = briefSubscription.path("id").asText();
        String secret = briefSubscription.path("webhookSecret").asText();
        assertThat(secret).startsWith("whsec_");

        Path work = Files.createDirectories(Path.of("target", "redline-script").toAbsolutePath());
        Path log = work.resolve("briefs.jsonl");
        Files.deleteIfExists(log);
        markBuilt();
        String receive = here.apply(command(commands, "./redline receive"))
                        .replaceFirst("--secret \\S+", Matcher.quoteReplacement("--secret " + secret))
                + " --log " + log;
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", receive)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("receive-brief.out").toFile());
        builder.environment().putAll(ENV);
        Process receiver = builder.start();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> FreePorts.isFree(receiverPort) == false);
            curl(here.apply(command(commands, "/brief/send")).replace("<id>", id), key, 200);
            String line = await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> Files.exists(log)
                                    ? Files.readAllLines(log).stream()
                                            .filter(l -> l.contains("brief.created"))
                                            .findFirst()
                                            .orElse(null)
                                    : null,
                            first -> first != null);
            JsonNode delivery = JSON.readTree(line);
            System.out.println("brief delivered to ./redline receive: " + delivery);
            assertThat(delivery.path("valid").asBoolean())
                    .as("signature verified: %s", delivery)
                    .isTrue();
            System.out.println(Files.readString(work.resolve("receive-brief.out")));
        } finally {
            receiver.descendants().forEach(ProcessHandle::destroy);
            receiver.destroy();
            receiver.waitFor(30, TimeUnit.SECONDS);
        }
        JsonNode subscriptionBrief =
                curl(here.apply(command(commands, "<id>/brief?hours=")).replace("<id>", id), key, 200);
        assertThat(subscriptionBrief.has("levelRises"))
                .as("%s", subscriptionBrief)
                .isTrue();
    }

    /** The one README command containing {@code part}. */
    private static String command(List<String> commands, String part) {
        List<String> found = commands.stream().filter(c -> c.contains(part)).toList();
        assertThat(found).as("one README command with %s in %s", part, commands).hasSize(1);
        return found.get(0);
    }

    /** Runs a README curl with its status code appended, asserts the status and reads the JSON answer. */
    private static JsonNode curl(String command, String key, int status) throws Exception {
        assertThat(command).startsWith("curl ");
        String out = bash("curl -s -w '\\n%{http_code}' " + command.substring("curl ".length()), key);
        int cut = out.lastIndexOf('\n');
        assertThat(out.substring(cut + 1).strip())
                .as("%s answered: %s", command, out)
                .isEqualTo(Integer.toString(status));
        String body = out.substring(0, cut);
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** The commands of every bash block between {@code heading} and the next second-level heading. */
    private static List<String> readmeSection(String heading) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf(heading);
        assertThat(start).as("README.md has %s", heading).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<String> commands = new java.util.ArrayList<>();
        for (int i = start; i < end; i++) {
            if (lines.get(i).strip().equals("```bash")) {
                commands.addAll(blockAt(lines, i));
            }
        }
        return commands;
    }

    /** The commands of the first bash block after {@code heading} in README.md, continuation lines joined. */
    private static List<String> readmeBlock(String heading) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf(heading);
        assertThat(start).as("README.md has %s", heading).isNotNegative();
        int block = start + 1;
        while (block < lines.size() && !lines.get(block).strip().equals("```bash")) {
            block++;
        }
        return blockAt(lines, block);
    }

    /** The commands of the bash block opening at line {@code open}, continuation lines joined, comments dropped. */
    private static List<String> blockAt(List<String> lines, int open) {
        List<String> commands = new java.util.ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : lines.subList(open + 1, lines.size())) {
            if (line.strip().equals("```")) {
                break;
            }
            String text = line.strip();
            if (text.endsWith("\\")) {
                command.append(text, 0, text.length() - 1);
                continue;
            }
            command.append(text);
            String joined = command.toString().replaceFirst("\\s+#.*$", "").strip();
            if (!joined.isEmpty() && !joined.startsWith("#")) {
                commands.add(joined);
            }
            command.setLength(0);
        }
        return commands;
    }

    /** Runs a README command with bash, REDLINE_KEY set as the README exports it; its standard output. */
    private static String bash(String command, String key) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                .directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(ENV);
        builder.environment().put("REDLINE_KEY", key);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("%s ended", command)
                .isTrue();
        System.out.println("$ " + command + " -> exit " + process.exitValue() + "\n" + out);
        assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }

    /**
     * The reactor built every jar before this test: the script is told so (its build stamp), so that neither
     * {@code up} nor {@code receive} rebuilds the tree because a source changed while the test ran.
     */
    private static void markBuilt() throws IOException {
        Files.writeString(ROOT.resolve("local-stack/target/.redline-build-stamp"), "");
    }

    @AfterAll
    static void stopIfLeftRunning() throws Exception {
        redline("down");
    }

    /** Processes whose command line names this test's data folder: Kafka, Elasticsearch, services, orchestrator. */
    private static List<String> stackProcesses() {
        String marker = DATA.toString();
        String marker2 = "port=" + ENV.get("REDLINE_ES_PORT");
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker) || c.contains(marker2))
                .toList();
    }

    private static Result redline(String... args) throws IOException, InterruptedException {
        List<String> command =
                new java.util.ArrayList<>(List.of(ROOT.resolve("redline").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(ENV);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./redline " + String.join(" ", args) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println("$ ./redline " + String.join(" ", args) + " -> exit " + process.exitValue() + "\n" + text);
        return new Result(process.exitValue(), text);
    }
}
