package io.redline.ingest.support;

import io.redline.ingest.feed.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link IngestConfig} for tests that build the poller without Quarkus; defaults as in production unless set. */
public final class TestIngestConfig implements IngestConfig {

    public List<String> allow = List.of("127.0.0.0/8", "::1");
    public Duration fetchTimeout = Duration.ofSeconds(10);
    public Duration pollInterval = Duration.ofSeconds(60);
    public long maxBodyBytes = 10L * 1024 * 1024;
    public int failingThreshold = 3;
    /** Off by default so that poll timing in tests follows {@link #pollInterval} exactly. */
    public boolean adaptive = false;

    public double jitter = 0;
    /** None, so that tests polling several feeds of one loopback server back to back need not wait. */
    public Duration hostInterval = Duration.ZERO;

    @Override
    public Optional<List<String>> feeds() {
        return Optional.empty();
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public String userAgent() {
        return "Redline-test/1";
    }

    @Override
    public Duration connectTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration readTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public int maxRedirects() {
        return 5;
    }

    @Override
    public Optional<List<String>> allow() {
        return Optional.of(allow);
    }

    @Override
    public int failingThreshold() {
        return failingThreshold;
    }

    @Override
    public Duration maxBackoff() {
        return Duration.ofHours(6);
    }

    @Override
    public Duration hostInterval() {
        return hostInterval;
    }

    @Override
    public int fetchThreads() {
        return 2;
    }

    /** Admin outlet groups, as {@code redline.ingest.outlet-groups} entries. */
    public List<String> outletGroups = List.of();

    @Override
    public Optional<List<String>> outletGroups() {
        return Optional.of(outletGroups);
    }

    @Override
    public int dedupeCapacity() {
        return 1000;
    }

    @Override
    public Optional<String> feedsFile() {
        return Optional.empty();
    }

    @Override
    public boolean adaptive() {
        return adaptive;
    }

    @Override
    public Duration minInterval() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration maxInterval() {
        return Duration.ofMinutes(30);
    }

    @Override
    public double jitter() {
        return jitter;
    }

    @Override
    public Optional<String> instanceId() {
        return Optional.of("test");
    }

    @Override
    public String groupId() {
        return "redline-ingest-test";
    }
}
