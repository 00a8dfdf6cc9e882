package io.redline.ingest.feed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.redline.safehttp.LoopbackServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Three loopback feed servers standing for three outlets on three hosts (127.0.0.1 a wire service, 127.0.0.2 a hostile
 * feed, 127.0.0.3 an aggregator), whose documents tests change at will; polls every second.
 */
public class OutletFeedsResource implements QuarkusTestResourceLifecycleManager {

    static LoopbackServer wire;
    static LoopbackServer hostile;
    static LoopbackServer aggregator;
    private static final Map<String, String> BODIES = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        wire = new LoopbackServer(address("127.0.0.1"));
        hostile = new LoopbackServer(address("127.0.0.2"));
        aggregator = new LoopbackServer(address("127.0.0.3"));
        return Map.of("redline.ingest.poll-interval", "1s");
    }

    /** Serves {@code rss} at {@code path} of {@code server} (replacing what it served there) and returns its URL. */
    static String serve(LoopbackServer server, String path, String rss) {
        String url = server.url(path);
        if (BODIES.put(url, rss) == null) {
            server.on(
                    path,
                    ex -> LoopbackServer.send(
                            ex, 200, "application/rss+xml", BODIES.get(url).getBytes(StandardCharsets.UTF_8)));
        }
        return url;
    }

    /** An RSS document with one item. */
    static String rss(String title, String link, String text) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Feed</title><link>http://outlet.example/</link>
                  <description>d</description>
                  <item><title>%s</title><link>%s</link><description>%s</description>
                    <pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate></item>
                </channel></rss>
                """.formatted(title, link, text);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        for (LoopbackServer s : new LoopbackServer[] {wire, hostile, aggregator}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
