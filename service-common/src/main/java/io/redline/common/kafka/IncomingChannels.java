package io.redline.common.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The service's incoming SmallRye Kafka channels as its configuration defines them: consumer group, topics and the
 * effective unprocessed-record age limit, for the consumer-lag monitor and the tests that keep that limit off.
 */
public final class IncomingChannels {

    /** SmallRye's connector name. */
    public static final String CONNECTOR = "smallrye-kafka";

    /** The throttled commit strategy's age limit attribute; past it SmallRye fails the channel for good. */
    public static final String MAX_AGE = "throttled.unprocessed-record-max-age.ms";

    /** SmallRye's default for {@link #MAX_AGE}: 60 s. */
    static final long DEFAULT_MAX_AGE_MS = 60_000;

    private static final Pattern CONNECTOR_KEY = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");

    /**
     * One incoming channel.
     *
     * @param name                      channel name
     * @param groupId                   consumer group, or null when SmallRye would make up a random one
     * @param topics                    the topics it reads (empty for a pattern subscription)
     * @param autoOffsetReset           where a group without a committed offset starts ({@code earliest}, {@code
     *                                  latest} -- SmallRye's default -- or {@code none})
     * @param unprocessedRecordMaxAgeMs the age at which an unacknowledged record kills the channel; 0 when there is
     *                                  no such limit (limit off, or a commit strategy without it)
     */
    public record Channel(
            String name, String groupId, List<String> topics, String autoOffsetReset, long unprocessedRecordMaxAgeMs) {}

    private IncomingChannels() {}

    /** Every enabled incoming channel of the {@code smallrye-kafka} connector in {@code config}, by name. */
    public static List<Channel> of(Config config) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : config.getPropertyNames()) {
            Matcher m = CONNECTOR_KEY.matcher(key);
            if (m.matches()
                    && CONNECTOR.equals(
                            config.getOptionalValue(key, String.class).orElse(""))) {
                names.add(m.group(1));
            }
        }
        List<Channel> out = new ArrayList<>();
        for (String name : names) {
            if (!Boolean.parseBoolean(attribute(config, name, "enabled").orElse("true"))) {
                continue;
            }
            List<String> topics;
            if (attribute(config, name, "pattern").map(Boolean::parseBoolean).orElse(false)) {
                topics = List.of();
            } else {
                topics = attribute(config, name, "topics")
                        .map(t -> Arrays.stream(t.split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList())
                        .orElseGet(
                                () -> List.of(attribute(config, name, "topic").orElse(name)));
            }
            out.add(new Channel(
                    name,
                    attribute(config, name, "group.id").orElse(null),
                    topics,
                    attribute(config, name, "auto.offset.reset").orElse("latest"),
                    maxAgeMs(config, name)));
        }
        return out;
    }

    /** The effective age limit: only the throttled strategy has one (SmallRye's default unless auto-commit is on). */
    private static long maxAgeMs(Config config, String channel) {
        boolean autoCommit = Boolean.parseBoolean(
                attribute(config, channel, "enable.auto.commit").orElse("false"));
        String strategy = attribute(config, channel, "commit-strategy").orElse(autoCommit ? "ignore" : "throttled");
        if (!"throttled".equals(strategy)) {
            return 0;
        }
        return Math.max(
                0, Long.parseLong(attribute(config, channel, MAX_AGE).orElse(Long.toString(DEFAULT_MAX_AGE_MS))));
    }

    /** A channel attribute as SmallRye reads it: the channel's own setting, else the connector-wide one. */
    private static Optional<String> attribute(Config config, String channel, String attribute) {
        Optional<String> own =
                config.getOptionalValue("mp.messaging.incoming." + channel + "." + attribute, String.class);
        return own.isPresent()
                ? own
                : config.getOptionalValue("mp.messaging.connector." + CONNECTOR + "." + attribute, String.class);
    }
}
