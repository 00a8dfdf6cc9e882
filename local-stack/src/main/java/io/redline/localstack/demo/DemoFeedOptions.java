package io.redline.localstack.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the demo feed server's settings: its command-line options, the live drip interval from them, the system
 * property {@value #INTERVAL_PROPERTY} or the environment variable {@value #INTERVAL_ENV}, and whether to publish the
 * deliberate burst from them, {@value #BURST_PROPERTY} or {@value #BURST_ENV}.
 */
public final class DemoFeedOptions {

    /** System property holding the default drip interval. */
    public static final String INTERVAL_PROPERTY = "redline.demo.interval";
    /** Environment variable holding the default drip interval, read when the property is not set. */
    public static final String INTERVAL_ENV = "REDLINE_DEMO_INTERVAL";
    /** Drip interval when neither the property nor the environment variable sets one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(20);

    /** System property saying whether the burst is published ({@code on} or {@code off}). */
    public static final String BURST_PROPERTY = "redline.demo.burst";
    /** Environment variable saying whether the burst is published, read when the property is not set. */
    public static final String BURST_ENV = "REDLINE_DEMO_BURST";

    static final String USAGE = "usage: DemoFeedServer [--host 127.0.0.1] [--public-host NAME] [--port 0]"
            + " [--interval 20s] [--max-live N] [--burst on|off]";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private DemoFeedOptions() {}

    /**
     * Reads {@code --host H} (default 127.0.0.1), {@code --public-host N} (the host name in links; default the bind
     * host), {@code --port N} (default 0, any free port), {@code --interval D} (default {@link #defaultInterval()}),
     * {@code --max-live N} (stop the drip after N articles) and {@code --burst on|off} (default
     * {@link #defaultBurst()}), each also as {@code --name=value}.
     *
     * @return a builder with those settings, or null when help was asked for
     * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad one
     */
    public static DemoFeedServer.Builder parse(String[] args) {
        DemoFeedServer.Builder builder = DemoFeedServer.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            switch (name) {
                case "--host" -> builder.host(value);
                case "--public-host" -> builder.publicHost(value);
                case "--max-live" -> builder.maxLive(number(name, value));
                case "--port" -> builder.port(number(name, value));
                case "--interval" -> builder.interval(parseInterval(value));
                case "--burst" -> builder.burst(parseSwitch(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return builder;
    }

    /**
     * The default drip interval: the system property {@value #INTERVAL_PROPERTY}, else the environment variable
     * {@value #INTERVAL_ENV}, else {@link #DEFAULT_INTERVAL}.
     *
     * @throws IllegalArgumentException if the value set cannot be read as a duration
     */
    public static Duration defaultInterval() {
        String value = System.getProperty(INTERVAL_PROPERTY);
        String source = INTERVAL_PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(INTERVAL_ENV);
            source = INTERVAL_ENV;
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        try {
            return parseInterval(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the deliberate burst is published: the system property {@value #BURST_PROPERTY}, else the environment
     * variable {@value #BURST_ENV}, else on.
     *
     * @throws IllegalArgumentException if the value set is not on/off, true/false, yes/no or 1/0
     */
    public static boolean defaultBurst() {
        String value = System.getProperty(BURST_PROPERTY);
        String source = BURST_PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(BURST_ENV);
            source = BURST_ENV;
        }
        return value == null || value.isBlank() || parseSwitch(source, value);
    }

    /** Reads {@code on}/{@code off} (also true/false, yes/no, 1/0), naming {@code name} when it is neither. */
    static boolean parseSwitch(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " '" + value + "' is neither on nor off");
        };
    }

    /**
     * Reads an interval: ISO-8601 ({@code PT20S}) or a number with an optional unit {@code ms}, {@code s},
     * {@code m} or {@code h} (seconds when none); {@code 0} means no drip.
     */
    public static Duration parseInterval(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            Duration duration;
            try {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration like PT20S", e);
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("interval '" + value + "' is negative");
            }
            return duration;
        }
        Matcher matcher = SIMPLE_DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not an interval like 20s, 500ms, 2m, PT20S or 0 (no drip)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number", e);
        }
    }
}
