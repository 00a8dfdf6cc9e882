package io.redline.ingest.registry;

import io.redline.ingest.feed.FeedPoller;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the registry, saved states and dedupe memory are read and the instance has joined the feed group. */
@Readiness
@ApplicationScoped
public class FeedRegistryHealth implements HealthCheck {

    private final FeedAssignment assignment;
    private final FeedRegistry registry;
    private final FeedPoller poller;
    private final KafkaLedger ledger;

    public FeedRegistryHealth(FeedAssignment assignment, FeedRegistry registry, FeedPoller poller, KafkaLedger ledger) {
        this.assignment = assignment;
        this.registry = registry;
        this.poller = poller;
        this.ledger = ledger;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("feed registry")
                .status(assignment.ready())
                .withData("feeds", registry.definitions().size())
                .withData("polledHere", poller.owned().size())
                .withData("articleIdsRemembered", ledger.size())
                .build();
    }
}
