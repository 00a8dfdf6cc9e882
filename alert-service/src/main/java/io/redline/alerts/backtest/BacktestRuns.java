package io.redline.alerts.backtest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.redline.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets each API key (an OIDC user: each principal) run one backtest at a time on this instance.
 *
 * <p>A backtest reads up to {@value Backtester#MAX_ARTICLES} articles and holds their summaries in memory; parallel
 * runs by one caller multiply that without telling it anything new, so a second one is refused with 429 while the
 * first runs rather than queued. Another caller's runs are not affected.
 */
@ApplicationScoped
public class BacktestRuns {

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    @Inject
    public BacktestRuns(MeterRegistry registry) {
        Gauge.builder("redline.alerts.backtests.running", running, Set::size)
                .description("Backtests running on this instance (at most one per API key)")
                .register(registry);
    }

    /** Runs without a metric, for unit tests. */
    BacktestRuns() {}

    /** A started run; closing it lets its caller start the next one. */
    public interface Run extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts a run for {@code caller}.
     *
     * @throws BacktestRunningException when the caller's previous run has not finished
     */
    public Run start(Caller caller) {
        String key = caller.rateLimitKey();
        if (!running.add(key)) {
            throw new BacktestRunningException();
        }
        return () -> running.remove(key);
    }

    /** Backtests running now. */
    public int running() {
        return running.size();
    }
}
