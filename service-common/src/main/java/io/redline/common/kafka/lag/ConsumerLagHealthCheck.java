package io.redline.common.kafka.lag;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while a consumer group's lag has grown for longer than {@code redline.kafka.lag.stall-window}
 * without any committed progress: its consumers are stuck, not merely busy.
 */
@Readiness
@ApplicationScoped
public class ConsumerLagHealthCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "kafka-consumer-lag";

    private final ConsumerLagMonitor monitor;

    public ConsumerLagHealthCheck(ConsumerLagMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        // Built directly rather than through HealthCheckResponse.named(): that looks up a provider at run time.
        Map<String, Object> data = new LinkedHashMap<>();
        List<ConsumerLagMonitor.Stall> stalls = monitor.stalls();
        for (ConsumerLagMonitor.Stall s : stalls) {
            data.put(
                    s.channel(),
                    "group " + s.groupId() + ": lag " + s.lag() + ", growing with no committed progress since "
                            + s.since());
        }
        for (var c : monitor.channels()) {
            data.put(c.name() + ".lag", monitor.lag(c.name()));
        }
        return new HealthCheckResponse(
                NAME,
                stalls.isEmpty() ? Status.UP : Status.DOWN,
                data.isEmpty() ? Optional.empty() : Optional.of(data));
    }
}
