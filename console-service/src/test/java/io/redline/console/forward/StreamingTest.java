package io.redline.console.forward;

import static io.redline.console.UpstreamsResource.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.console.Browser;
import io.redline.console.UpstreamsResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The alert stream flows through the console event by event while the service keeps it open, passes Last-Event-ID,
 * outlives the idle timeout while the service sends heartbeats, and closing it in the browser closes it at the
 * service.
 */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class StreamingTest {

    @TestHTTPResource("/")
    URL console;

    @Test
    void eventsArriveOneByOneBeforeTheStreamEnds() throws IOException {
        alert.events.clear();
        HttpResponse<InputStream> r = Browser.send(
                Browser.request(console.getPort(), "/api/alerts/stream")
                        .header("Authorization", "Bearer rlk_stream_key")
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", "alert-41")
                        .timeout(Duration.ofMinutes(2))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
        // The service's own Cache-Control stays.
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        List<String> lines = new CopyOnWriteArrayList<>();
        InputStream body = r.body();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("closed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains(": connected"));
        assertThat(alert.received.stream()
                        .filter(q -> q.uri().equals("/api/alerts/stream"))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .header("Last-Event-ID"))
                .contains("alert-41");

        alert.events.add("id: alert-42\nevent: alert\ndata: {\"n\":1}\n\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("data: {\"n\":1}"));
        assertThat(lines).doesNotContain("data: {\"n\":2}");

        // Past the idle timeout (2 s here; 30 heartbeats are 3 s): the heartbeats keep the stream open.
        int start = alert.heartbeats.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> alert.heartbeats.get() >= start + 30);
        alert.events.add("id: alert-43\nevent: alert\ndata: {\"n\":2}\n\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("data: {\"n\":2}"));
        assertThat(lines).contains("id: alert-42", "id: alert-43").noneMatch(l -> l.startsWith("closed"));

        // The browser goes away: the console closes the service's stream too.
        alert.streamClosed = false;
        body.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> alert.streamClosed);
    }
}
