package io.redline.alerts.stream;

import io.redline.localstack.TestKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal Server-Sent Events reader over java.net.http: parses the stream line by line into events and comments. */
public final class SseClient implements AutoCloseable {

    /** One dispatched SSE event (comments are kept apart). */
    public record Event(String id, String name, String data) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public final int status;
    public final String contentType;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final List<String> comments = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        this.reader = new Thread(this::read, "sse-test-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Opens {@code uri} as the test profile's admin (returns once the response headers are in), with a
     * Last-Event-ID header when not null.
     */
    public static SseClient open(URI uri, String lastEventId) throws IOException, InterruptedException {
        return open(uri, lastEventId, TestKeys.ADMIN);
    }

    /** Opens {@code uri} with the API key {@code key}, as {@link #open(URI, String)}. */
    public static SseClient open(URI uri, String lastEventId, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", TestKeys.bearer(key))
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
        String id = null;
        String name = null;
        List<String> data = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || id != null || name != null) {
                        events.add(new Event(id, name, String.join("\n", data)));
                    }
                    id = null;
                    name = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data.add(value);
                        default -> {
                            // retry and unknown fields: not needed here
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        } finally {
            ended = true;
        }
    }

    /** The data of the events received so far, in order. */
    List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    boolean ended() {
        return ended;
    }

    /** Disconnects, as a browser tab closing would. */
    @Override
    public void close() throws IOException {
        body.close();
    }
}
