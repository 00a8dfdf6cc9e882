package io.redline.console.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.console.Browser;
import io.redline.console.UpstreamsResource;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Neither credentials nor bodies reach the log, whatever happens to the request: forwarded, refused or failed (the
 * console logs at DEBUG in this test, so every line it can write is captured).
 */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class NoSecretsInLogsTest {

    private static final String KEY = "rlk_never_logged_8c1f0e2d9b7a4c3e";
    private static final String BODY = "body-never-logged-5d2a";

    @TestHTTPResource("/")
    URL console;

    /** Every record of every logger, with its parameters and exception, as text. */
    static final class Capture extends Handler {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord r) {
            StringBuilder b = new StringBuilder(r.getLoggerName() + " " + r.getMessage());
            if (r.getParameters() != null) {
                b.append(' ').append(Arrays.toString(r.getParameters()));
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                b.append(' ').append(t);
            }
            lines.add(b.toString());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void authorizationAndBodiesAreNeverLogged() {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (String path : List.of(
                    "/api/analyze", // forwarded
                    "/api/feeds", // service down: 502, logged as a warning
                    "/api/analyze/slow", // service silent: 504
                    "/api/articles/../keys", // refused path
                    "/api/none")) { // 404
                Browser.send(Browser.request(console.getPort(), path)
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .header("Authorization", "Bearer " + KEY)
                        .header("X-API-Key", KEY)
                        .build());
            }
        } finally {
            root.removeHandler(capture);
        }
        List<String> lines = capture.lines();
        // The capture works: the forwarded request and the failure were logged.
        assertThat(lines).anyMatch(l -> l.contains("/api/analyze"));
        assertThat(lines).anyMatch(l -> l.contains("ingest-service"));
        assertThat(lines).noneMatch(l -> l.contains(KEY)).noneMatch(l -> l.contains(BODY));
    }
}
