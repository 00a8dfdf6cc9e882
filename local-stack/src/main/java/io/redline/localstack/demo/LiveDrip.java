package io.redline.localstack.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Publishes the demo server's next live article every interval on a daemon thread, until stopped or after a cap. */
final class LiveDrip {

    private static final System.Logger LOG = System.getLogger(LiveDrip.class.getName());

    private final DemoFeedServer server;
    /** Live articles after which the drip stops (0: never), so a test knows exactly how many were published. */
    private final int maxLive;

    private final ScheduledExecutorService executor;

    /** Starts dripping: the first article one interval from now. */
    LiveDrip(DemoFeedServer server, Duration interval, int maxLive) {
        this.server = server;
        this.maxLive = maxLive;
        this.executor = Executors.newSingleThreadScheduledExecutor(DemoFeedServer.daemonThreads("redline-demo-drip-"));
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleAtFixedRate(this::once, millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    private void once() {
        try {
            long published = server.liveCount();
            if (maxLive > 0 && published >= maxLive) {
                if (maxLive == published) {
                    LOG.log(System.Logger.Level.INFO, "Live drip done: {0} articles", maxLive);
                }
                executor.shutdown();
                return;
            }
            PublishedArticle article = server.publishNext();
            LOG.log(
                    System.Logger.Level.INFO,
                    "Live drip: {0} in {1}",
                    article.id(),
                    article.feed().key());
        } catch (RuntimeException e) {
            // A thrown exception would silently cancel the schedule; log it and try again next time.
            if (server.running()) {
                LOG.log(System.Logger.Level.WARNING, "Live drip failed", e);
            }
        }
    }
}
