package io.redline.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Answers whether a Docker engine answers here and has (or can pull) the images the container backend needs, and
 * if not, why, on one line: so that container tests can be skipped with exactly one printed line.
 *
 * <p>It talks to the engine's HTTP API itself ({@code /_ping}, {@code /images/NAME/json}, {@code /images/create})
 * over {@code DOCKER_HOST}, or over the usual sockets when that is unset, and leaves Testcontainers alone until
 * everything is there. Why not ask Testcontainers: it logs a page per attempt (found no engine, connected, Ryuk is
 * off ...), and when {@code DOCKER_HOST} names a dead engine it silently falls back to {@code /var/run/docker.sock},
 * ignoring the user's choice. Engines it cannot reach this way (TLS, ssh, npipe, or one only
 * {@code ~/.testcontainers.properties} names) are left to Testcontainers after all.
 */
public final class DockerEngine {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(30);
    /** Long enough for a real pull of the official Elasticsearch image; a registry that does not answer fails fast. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the engine was found: its DOCKER_HOST-style address, or Testcontainers when only it can reach it. */
    private record Engine(String address, String problem) {

        static final Engine VIA_TESTCONTAINERS = new Engine(null, null);
    }

    private static Engine engine;

    private DockerEngine() {}

    /** Empty when a Docker engine answers, else why not, on one line. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(engine().problem());
    }

    /** Empty when the engine answers and has both images (pulling those it lacks), else why not, on one line. */
    public static Optional<String> unavailableReason(ContainerImages images) {
        Engine found = engine();
        if (found.problem() != null) {
            return Optional.of(found.problem());
        }
        for (String image : List.of(images.kafka(), images.elasticsearch())) {
            Optional<String> missing = found.address() != null
                    ? imageProblem(found.address(), image)
                    : imageProblemViaTestcontainers(image);
            if (missing.isPresent()) {
                return missing;
            }
        }
        return Optional.empty();
    }

    private static synchronized Engine engine() {
        if (engine == null) {
            engine = findEngine();
        }
        return engine;
    }

    private static Engine findEngine() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            // The user chose this engine: it alone counts, whatever else answers on this machine.
            String address = dockerHost.strip();
            if (!reachable(address)) {
                return viaTestcontainers();
            }
            String problem = ping(address);
            return problem == null
                    ? new Engine(address, null)
                    : new Engine(null, "no Docker engine answers at DOCKER_HOST=" + address + " (" + problem + ")");
        }
        List<String> tried = new ArrayList<>();
        for (String socket : defaultSockets()) {
            String problem = ping(socket);
            if (problem == null) {
                return new Engine(socket, null);
            }
            tried.add(socket + ": " + problem);
        }
        if (testcontainersConfigured()) {
            return viaTestcontainers();
        }
        return new Engine(null, "no Docker engine answers (DOCKER_HOST is unset; " + String.join("; ", tried) + ")");
    }

    /** The sockets an engine usually listens on when DOCKER_HOST is unset: system, rootless, Docker Desktop. */
    private static List<String> defaultSockets() {
        Set<String> sockets = new LinkedHashSet<>();
        sockets.add("unix:///var/run/docker.sock");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add("unix://" + Path.of(runtimeDir, "docker.sock"));
        }
        String home = System.getProperty("user.home");
        sockets.add("unix://" + Path.of(home, ".docker", "run", "docker.sock"));
        sockets.add("unix://" + Path.of(home, ".docker", "desktop", "docker.sock"));
        return List.copyOf(sockets);
    }

    /** Whether ~/.testcontainers.properties names an engine (tc.host, docker.host) that only Testcontainers knows. */
    private static boolean testcontainersConfigured() {
        Path file = Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        try {
            return Files.isRegularFile(file)
                    && Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .map(String::strip)
                            .anyMatch(l -> l.startsWith("tc.host") || l.startsWith("docker.host"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this class can talk to {@code address} itself: a unix socket, or tcp without TLS. */
    private static boolean reachable(String address) {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean tls = "1".equals(System.getenv("DOCKER_TLS_VERIFY"));
        return "unix".equals(uri.getScheme()) && uri.getPath() != null
                || "tcp".equals(uri.getScheme()) && !tls && uri.getHost() != null && uri.getPort() > 0;
    }

    /** Null when {@code GET /_ping} answers 200, else what went wrong. */
    static String ping(String address) {
        try {
            Response response = request(address, "GET", "/_ping", PING_TIMEOUT);
            return response.status() == 200 ? null : "/_ping answered " + response.status();
        } catch (IOException e) {
            return oneLine(e.getMessage());
        }
    }

    /** Empty when the engine has the image or pulled it; else why it cannot be had. */
    private static Optional<String> imageProblem(String address, String image) {
        try {
            Response inspect = request(address, "GET", "/images/" + image + "/json", INSPECT_TIMEOUT);
            if (inspect.status() == 200) {
                return Optional.empty();
            }
            if (inspect.status() != 404) {
                return Optional.of("the Docker engine answered " + inspect.status() + " when asked for image " + image
                        + ": " + message(inspect.body()));
            }
            // With no tag the engine would pull every tag of the repository; "latest" is what a run would use.
            DockerImageName name = DockerImageName.parse(image);
            Response pull = request(
                    address,
                    "POST",
                    "/images/create?fromImage="
                            + URLEncoder.encode(name.getUnversionedPart(), StandardCharsets.UTF_8) + "&tag="
                            + URLEncoder.encode(name.getVersionPart(), StandardCharsets.UTF_8),
                    PULL_TIMEOUT);
            String failure = pull.status() != 200 ? message(pull.body()) : streamError(pull.body());
            return failure == null
                    ? Optional.empty()
                    : Optional.of(
                            "image " + image + " is not on the Docker engine and cannot be pulled (" + failure + ")");
        } catch (IOException e) {
            return Optional.of("cannot ask the Docker engine at " + address + " for image " + image + " ("
                    + oneLine(e.getMessage()) + ")");
        }
    }

    /** The engine's {"message": ...} error, or the body itself. */
    private static String message(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return oneLine(node.get("message").asText());
            }
        } catch (IOException e) {
            // not JSON: the body as it is
        }
        return oneLine(body);
    }

    /** A pull answers 200 and then streams progress, one JSON object a line; a failure is an "error" among them. */
    private static String streamError(String body) {
        for (String line : body.lines().toList()) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.hasNonNull("error")) {
                    return oneLine(node.get("error").asText());
                }
            } catch (IOException e) {
                // a partial line: skip it
            }
        }
        return null;
    }

    /** Testcontainers alone can reach the engine: it decides, at the price of its log lines. */
    private static Engine viaTestcontainers() {
        try {
            DockerClientFactory.instance().client();
            return Engine.VIA_TESTCONTAINERS;
        } catch (RuntimeException e) {
            return new Engine(
                    null, "Testcontainers finds no Docker engine it can use (" + oneLine(e.getMessage()) + ")");
        }
    }

    private static Optional<String> imageProblemViaTestcontainers(String image) {
        DockerClient client = DockerClientFactory.instance().client();
        try {
            client.inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (NotFoundException e) {
            // not here: try the registry below
        }
        DockerImageName name = DockerImageName.parse(image);
        try {
            boolean done = client.pullImageCmd(name.getUnversionedPart())
                    .withTag(name.getVersionPart())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return done
                    ? Optional.empty()
                    : Optional.of("image " + image + " is not on the Docker engine and pulling " + "it took more than "
                            + PULL_TIMEOUT.toMinutes() + " min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling " + image);
        } catch (RuntimeException e) {
            return Optional.of("image " + image + " is not on the Docker engine and cannot be pulled ("
                    + oneLine(e.getMessage()) + ")");
        }
    }

    // --- a minimal HTTP/1.0 client for the engine's API: one request per connection, read to the end

    /** An answer of the engine: status code and body. */
    private record Response(int status, String body) {}

    /**
     * Sends one request to the engine at {@code address} (unix or tcp) and reads the whole answer, within
     * {@code timeout}: a hung engine accepts the connection and never answers, so the connection is closed then.
     */
    private static Response request(String address, String method, String path, Duration timeout) throws IOException {
        URI uri = URI.create(address);
        byte[] request = (method + " " + path + " HTTP/1.0\r\nHost: docker\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        AtomicReference<Closeable> connection = new AtomicReference<>();
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try {
                if ("unix".equals(uri.getScheme())) {
                    Path socket = Path.of(uri.getPath());
                    if (!Files.exists(socket)) {
                        throw new IOException("no such socket");
                    }
                    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        connection.set(channel);
                        channel.connect(UnixDomainSocketAddress.of(socket));
                        channel.write(ByteBuffer.wrap(request));
                        return readAll(Channels.newInputStream(channel));
                    }
                }
                try (Socket socket = new Socket()) {
                    connection.set(socket);
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) PING_TIMEOUT.toMillis());
                    socket.getOutputStream().write(request);
                    return readAll(socket.getInputStream());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] raw;
        try {
            raw = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Closeable open = connection.get();
            if (open != null) {
                open.close();
            }
            throw new IOException("no answer to " + method + " " + path + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        String statusLine = text.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ");
        if (!statusLine.startsWith("HTTP/") || parts.length < 2 || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer: \"" + oneLine(statusLine) + "\"");
        }
        return new Response(Integer.parseInt(parts[1]), headerEnd < 0 ? "" : text.substring(headerEnd + 4));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
