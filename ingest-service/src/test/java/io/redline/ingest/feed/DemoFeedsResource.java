package io.redline.ingest.feed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.redline.localstack.demo.DemoFeedServer;
import java.time.Duration;
import java.util.Map;

/** Serves the demo feeds on a free loopback port and points ingest-service at them. */
public class DemoFeedsResource implements QuarkusTestResourceLifecycleManager {

    static DemoFeedServer server;

    @Override
    public Map<String, String> start() {
        // No drip: tests publish the next article themselves, so nothing depends on timing.
        server =
                DemoFeedServer.builder().port(0).interval(Duration.ZERO).build().start();
        return Map.of(
                "redline.ingest.feeds", String.join(",", server.feedUrls()), "redline.ingest.poll-interval", "1s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
