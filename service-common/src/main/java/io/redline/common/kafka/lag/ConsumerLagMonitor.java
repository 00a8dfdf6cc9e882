package io.redline.common.kafka.lag;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.redline.common.kafka.IncomingChannels;
import io.redline.common.kafka.IncomingChannels.Channel;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Samples the lag of every incoming Kafka channel's consumer group at a fixed interval, publishes it as the gauge
 * {@value #METRIC} (per group, topic and partition) and keeps the {@link LagTrend} the readiness check reads.
 */
@ApplicationScoped
public class ConsumerLagMonitor {

    /** The lag gauge: records on the partition not yet committed by the group. */
    public static final String METRIC = "redline.kafka.consumer.lag";

    private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);

    /** A channel whose consumers are stuck: lag grown without committed progress for the whole window. */
    public record Stall(String channel, String groupId, long lag, Instant since) {}

    private final Map<String, Object> kafkaConfig;
    private final List<Channel> channels;
    private final MeterRegistry registry;
    private final boolean enabled;
    private final Duration interval;
    private final Duration window;
    private final Clock clock;
    private final Map<String, LagTrend> trends = new LinkedHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private ConsumerLagSampler sampler;
    private ScheduledExecutorService timer;

    @Inject
    public ConsumerLagMonitor(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            Config config,
            MeterRegistry registry,
            @ConfigProperty(name = "redline.kafka.lag.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "redline.kafka.lag.interval", defaultValue = "15s") Duration interval,
            @ConfigProperty(name = "redline.kafka.lag.stall-window", defaultValue = "5m") Duration window) {
        this(kafkaConfig, IncomingChannels.of(config), registry, enabled, interval, window, Clock.systemUTC());
    }

    /** A monitor of the given channels, sampled only when {@link #sampleNow()} is called until it is started. */
    public ConsumerLagMonitor(
            Map<String, Object> kafkaConfig,
            List<Channel> channels,
            MeterRegistry registry,
            boolean enabled,
            Duration interval,
            Duration window,
            Clock clock) {
        this.kafkaConfig = kafkaConfig;
        // A channel without a group id gets a random one from SmallRye: its lag would describe nobody.
        this.channels = channels.stream()
                .filter(c -> c.groupId() != null && !c.topics().isEmpty())
                .toList();
        this.registry = registry;
        this.enabled = enabled;
        this.interval = interval;
        this.window = window;
        this.clock = clock;
        this.channels.forEach(c -> trends.put(c.name(), new LagTrend(window)));
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Starts sampling every interval on a daemon thread of its own (nothing to do without channels). */
    public synchronized void start() {
        if (!enabled || channels.isEmpty() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redline-consumer-lag");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof(
                "Consumer lag of %s sampled every %s; readiness DOWN after %s of growing lag without progress",
                channels.stream().map(Channel::name).toList(), interval, window);
    }

    /** The channels watched. */
    public List<Channel> channels() {
        return channels;
    }

    /** Samples every channel once now: updates the gauges and the trends. Failures are kept per channel. */
    public void sampleNow() {
        for (Channel c : channels) {
            try {
                ConsumerLagSampler.Sample s = sampler().sample(c.groupId(), c.topics(), c.autoOffsetReset());
                s.lagByPartition().forEach((tp, lag) -> gauge(c, tp).set(lag));
                trends.get(c.name()).record(clock.instant(), s.lag(), s.committed());
                if (failures.remove(c.name()) != null) {
                    LOG.infof("Consumer lag of channel %s readable again", c.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The broker being away shows elsewhere (the connector's own health); the gauges keep their values.
                if (failures.put(c.name(), String.valueOf(e.getMessage())) == null) {
                    LOG.warnf("Consumer lag of channel %s could not be read: %s", c.name(), e.getMessage());
                }
            }
        }
    }

    /** The channels whose lag has grown with no committed progress for at least the stall window, as of now. */
    public List<Stall> stalls() {
        Instant now = clock.instant();
        List<Stall> out = new ArrayList<>();
        for (Channel c : channels) {
            LagTrend t = trends.get(c.name());
            if (t.stuck(now)) {
                out.add(new Stall(c.name(), c.groupId(), t.lag(), t.stalledSince()));
            }
        }
        return out;
    }

    /** The last lag sampled of a channel, summed over its partitions (0 before the first sample). */
    public long lag(String channel) {
        LagTrend t = trends.get(channel);
        return t == null ? 0 : t.lag();
    }

    /** The stall window of the readiness rule. */
    public Duration window() {
        return window;
    }

    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sampling consumer lag failed");
        }
    }

    private synchronized ConsumerLagSampler sampler() {
        if (sampler == null) {
            sampler = new ConsumerLagSampler(kafkaConfig);
        }
        return sampler;
    }

    private AtomicLong gauge(Channel c, TopicPartition tp) {
        return gauges.computeIfAbsent(c.name() + "|" + tp, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(METRIC, value, AtomicLong::get)
                    .description("Records on a partition the consumer group has not committed yet")
                    .tag("channel", c.name())
                    .tag("group", c.groupId())
                    .tag("topic", tp.topic())
                    .tag("partition", Integer.toString(tp.partition()))
                    .register(registry);
            return value;
        });
    }

    @PreDestroy
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (sampler != null) {
            sampler.close();
        }
    }
}
