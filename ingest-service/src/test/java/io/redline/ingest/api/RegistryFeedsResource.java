package io.redline.ingest.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.redline.safehttp.LoopbackServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A loopback feed server for {@link FeedRegistryApiTest}: {@code /feeds/<name>.xml} serves a small RSS feed whose
 * items are unique to this run, {@code /broken/<name>.xml} answers 500; polls are fast (2 s). It also hands the
 * service a feeds file ({@code redline.ingest.feeds-file}): an OPML list of one feed with a declared outlet.
 */
public class RegistryFeedsResource implements QuarkusTestResourceLifecycleManager {

    static LoopbackServer server;
    /** Makes article links unique per run, so the dedupe ledger on the shared broker never hides them. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** The feed the feeds file lists, and the outlet it declares for it. */
    static String configuredFeed;

    static final String CONFIGURED_OUTLET = "configured-outlet.example";

    @Override
    public Map<String, String> start() {
        server = new LoopbackServer();
        configuredFeed = feed("configured");
        try {
            Path file = Files.createTempFile("redline-feeds-", ".opml");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <opml version="2.0"><body>
                      <outline type="rss" text="Configured" xmlUrl="%s" outlet="%s"/>
                    </body></opml>
                    """.formatted(configuredFeed, CONFIGURED_OUTLET));
            return Map.of("redline.ingest.poll-interval", "2s", "redline.ingest.feeds-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves an RSS feed with two items at {@code /feeds/<name>.xml} and returns its URL. */
    static String feed(String name) {
        String path = "/feeds/" + name + ".xml";
        server.text(path, "application/rss+xml", rss(name));
        return server.url(path);
    }

    /** Serves HTTP 500 at {@code /broken/<name>.xml} and returns its URL. */
    static String broken(String name) {
        String path = "/broken/" + name + ".xml";
        server.on(path, ex -> LoopbackServer.send(ex, 500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8)));
        return server.url(path);
    }

    /** Requests the feed server got for {@code url} (one of the URLs above). */
    static int hits(String url) {
        return server.hits(url.substring(url.indexOf('/', "http://".length())));
    }

    private static String rss(String name) {
        String base = "https://news.example/" + RUN + "/" + name;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel>
                  <title>%1$s</title><link>%2$s</link><description>Test feed %1$s</description>
                  <item><title>%1$s: first report</title><link>%2$s/1</link>
                    <description>The first report of feed %1$s, long enough to be an article.</description>
                    <pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate></item>
                  <item><title>%1$s: second report</title><link>%2$s/2</link>
                    <description>The second report of feed %1$s, also long enough to be an article.</description>
                    <pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate></item>
                </channel></rss>
                """.formatted(name, base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
