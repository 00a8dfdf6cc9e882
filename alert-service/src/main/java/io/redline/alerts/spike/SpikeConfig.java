package io.redline.alerts.spike;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the spike subscriptions' evaluator, under {@code redline.alerts.spikes}. */
@ConfigMapping(prefix = "redline.alerts.spikes")
public interface SpikeConfig {

    /** How often the spikes are detected and the spike subscriptions alerted. */
    @WithDefault("60s")
    Duration interval();

    /** The window counted: the last this long, against the same window in earlier weeks. */
    @WithDefault("60m")
    Duration window();

    /** How many earlier weeks make the baseline (1-12). */
    @WithDefault("4")
    int weeks();
}
