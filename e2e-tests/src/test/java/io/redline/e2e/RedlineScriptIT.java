package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redline.localstack.FreePorts;
import io.redline.localstack.StackDirs;
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
 * search, down with nothing left behind, reset. Free ports and a throw-away data folder keep a real
 * {@code ./redline up} safe.
 */
class RedlineScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("redline.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> ENV = new LinkedHashMap<>();
    private static final Path DATA = StackDirs.newRunDir("script");

    static {
        for (String name : List.of("REDLINE_SEARCH_PORT", "REDLINE_INGEST_PORT", "REDLINE_ANALYSIS_PORT",
                "REDLINE_DEMO_PORT", "REDLINE_KAFKA_PORT", "REDLINE_KAFKA_CONTROLLER_PORT", "REDLINE_ES_PORT")) {
            ENV.put(name, Integer.toString(FreePorts.next()));
        }
        ENV.put("REDLINE_DATA_DIR", DATA.toString());
    }

    /** The lines of the start-up banner a new user copies: the key export and the first search. */
    private static final Pattern EXPORT_LINE = Pattern.compile("(?m)^\\s*export REDLINE_KEY=(\\S+)");
    private static final Pattern CURL_LINE = Pattern.compile(
            "(?m)^\\s*curl -s -H \"Authorization: Bearer \\$REDLINE_KEY\" '(http://localhost:\\d+/api/articles\\?q=\\w+)'$");

    record Result(int exit, String out) {
    }

    @Test
    void upStatusSecondUpDownAndReset() throws Exception {
        // The reactor just built every jar: tell the script so, as a first `./redline up` after a build would find.
        Files.writeString(ROOT.resolve("local-stack/target/.redline-build-stamp"), "");

        Result up = redline("up", "-d");
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).contains("Redline is up").contains("http://localhost:" + ENV.get("REDLINE_SEARCH_PORT"));
        Matcher export = EXPORT_LINE.matcher(up.out());
        assertThat(export.find()).as("an export REDLINE_KEY=... line in:%n%s", up.out()).isTrue();
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
                .as("the key file is its owner's only").isEqualTo("rw-------");

        Result second = redline("up");
        assertThat(second.exit()).isNotZero();
        assertThat(second.out().strip().lines()).singleElement().asString().contains("already running");

        Result status = redline("status");
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out().lines().filter(l -> l.strip().startsWith("up "))).hasSize(6);

        HttpClient http = HttpClient.newHttpClient();
        // The printed curl works as printed, and the API refuses the same request without the key or with another.
        HttpResponse<String> printed = http.send(HttpRequest.newBuilder(printedSearch)
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(printed.statusCode()).as("printed curl: %s", printed.body()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(printedSearch).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("without a key").isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(printedSearch).header("Authorization", "Bearer " + key + "x").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("with a wrong key").isEqualTo(401);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ENV.get("REDLINE_SEARCH_PORT") + "/api/articles?q=nuclear"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && !r.body().startsWith("{\"total\":0");
        });

        Result down = redline("down");
        assertThat(down.exit()).as(down.out()).isZero();
        assertThat(stackProcesses()).as("processes left after down").isEmpty();
        ENV.forEach((name, value) -> {
            if (name.endsWith("_PORT")) {
                assertThat(FreePorts.isFree(Integer.parseInt(value))).as(name + " free after down").isTrue();
            }
        });

        Result reset = redline("reset");
        assertThat(reset.exit()).as(reset.out()).isZero();
        assertThat(DATA).doesNotExist();
        Result noKey = redline("key");
        assertThat(noKey.exit()).as("no key after reset").isNotZero();
        assertThat(noKey.out()).contains("./redline up makes one");
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
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("redline").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
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
