package io.redline.ingest.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.module.SyModule;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how long to wait before polling a feed again, from how often it posts and what its publisher asks.
 *
 * <ol>
 *   <li>A feed with its own interval in the registry is polled at exactly that interval.</li>
 *   <li>Otherwise (adaptive): a quarter of the mean time between its recent posts (the items of the last 7 days
 *       it still shows, from the oldest of them to now), so a feed posting hourly is polled every 15 minutes; a
 *       feed that posted nothing in 7 days is polled at the longest interval.
 *       Without dates to go on, the default interval.</li>
 *   <li>The publisher's wishes are a floor (politeness): RSS {@code <ttl>}, {@code sy:updatePeriod} /
 *       {@code sy:updateFrequency}, and HTTP {@code Cache-Control: max-age} or {@code Expires}.</li>
 *   <li>The result is kept within [min-interval, max-interval], then spread by ±jitter so that feeds added
 *       together do not stay in lock-step.</li>
 * </ol>
 */
public final class PollSchedule {

    /** A wait and the reason for it, shown in {@code /api/feeds}. */
    public record Decision(Duration interval, String reason) {}

    /** The settings the schedule depends on. */
    public record Bounds(Duration defaultInterval, Duration min, Duration max, boolean adaptive, double jitter) {}

    /** What a successful fetch told us about the feed's pace. */
    public record Hints(Duration ttl, Duration syndication, Duration cache, List<Instant> entryDates) {

        public static final Hints NONE = new Hints(null, null, null, List.of());
    }

    static final Duration WINDOW = Duration.ofDays(7);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])(?:max-age|s-maxage)\\s*=\\s*\"?(\\d{1,10})");

    private PollSchedule() {}

    /** The interval before the next poll (without jitter). */
    public static Decision decide(Bounds bounds, Duration fixed, Hints hints, Instant now) {
        if (fixed != null && !fixed.isNegative()) {
            return new Decision(fixed, "fixed");
        }
        if (!bounds.adaptive()) {
            return new Decision(bounds.defaultInterval(), "default");
        }
        Duration interval = bounds.defaultInterval();
        String reason = "default";
        List<Instant> recent = hints.entryDates().stream()
                .filter(d -> !d.isAfter(now) && d.isAfter(now.minus(WINDOW)))
                .distinct()
                .sorted()
                .toList();
        if (!hints.entryDates().isEmpty()) {
            // A feed shows only its latest items, so the rate is measured over the span they cover (oldest recent
            // item to now), not over the whole window: 10 hourly items cover 10 hours, one post an hour.
            interval = recent.isEmpty()
                    ? bounds.max()
                    : Duration.between(recent.get(0), now).dividedBy(recent.size() * 4L);
            reason = "posting-rate (" + recent.size() + " in 7 days)";
        }
        Duration floor = null;
        String floorReason = null;
        for (var hint : List.of(
                new Decision(hints.ttl(), "ttl"),
                new Decision(hints.syndication(), "sy:updatePeriod"),
                new Decision(hints.cache(), "cache-control"))) {
            if (hint.interval() != null && (floor == null || hint.interval().compareTo(floor) > 0)) {
                floor = hint.interval();
                floorReason = hint.reason();
            }
        }
        if (floor != null && floor.compareTo(interval) > 0) {
            interval = floor;
            reason = floorReason;
        }
        if (interval.compareTo(bounds.min()) < 0) {
            interval = bounds.min();
        }
        if (interval.compareTo(bounds.max()) > 0) {
            interval = bounds.max();
        }
        return new Decision(interval, reason);
    }

    /** {@code interval} spread by up to ±{@code jitter} (a fraction), with {@code u} uniform in [0, 1). */
    public static Duration jittered(Duration interval, double jitter, double u) {
        double factor = 1 + jitter * (2 * u - 1);
        return Duration.ofMillis(Math.max(0, Math.round(interval.toMillis() * factor)));
    }

    /** The pace hints of a parsed feed and of the response that carried it. */
    public static Hints hints(SyndFeed feed, String cacheControl, String expires, Instant now) {
        return hints(feed, cacheControl, expires, now, List.of());
    }

    /**
     * The same, for a feed parsed without some of its entries ({@code feed.KnownItems}): {@code otherDates} are the
     * dates of the entries left out.
     */
    static Hints hints(SyndFeed feed, String cacheControl, String expires, Instant now, List<Instant> otherDates) {
        Duration ttl = null;
        WireFeed wire = feed.originalWireFeed();
        if (wire instanceof Channel channel && channel.getTtl() > 0) {
            ttl = Duration.ofMinutes(channel.getTtl());
        }
        Duration sy = null;
        if (feed.getModule(SyModule.URI) instanceof SyModule module && module.getUpdatePeriod() != null) {
            sy = syndication(module.getUpdatePeriod(), module.getUpdateFrequency());
        } else if (wire != null) {
            // Rome parses the sy module for RSS 1.0 and Atom only; RSS 2.0 feeds (WordPress) keep it as foreign markup.
            sy = syndication(wire.getForeignMarkup());
        }
        List<Instant> dates = new java.util.ArrayList<>(otherDates);
        feed.getEntries().stream()
                .map(PollSchedule::dateOf)
                .filter(d -> d != null)
                .forEach(dates::add);
        return new Hints(ttl, sy, cache(cacheControl, expires, now), List.copyOf(dates));
    }

    /** {@code sy:updatePeriod} divided by {@code sy:updateFrequency} (RSS 1.0 syndication module). */
    static Duration syndication(String period, int frequency) {
        Duration base = switch (period.trim().toLowerCase(Locale.ROOT)) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            case "monthly" -> Duration.ofDays(30);
            case "yearly" -> Duration.ofDays(365);
            default -> null;
        };
        return base == null ? null : base.dividedBy(Math.max(1, frequency));
    }

    /** {@code sy:updatePeriod} / {@code sy:updateFrequency} found among a feed's unparsed elements, or null. */
    static Duration syndication(List<org.jdom2.Element> foreignMarkup) {
        String period = null;
        int frequency = 1;
        for (org.jdom2.Element e : foreignMarkup == null ? List.<org.jdom2.Element>of() : foreignMarkup) {
            if (!SyModule.URI.equals(e.getNamespaceURI())) {
                continue;
            }
            if (e.getName().equals("updatePeriod")) {
                period = e.getTextTrim();
            } else if (e.getName().equals("updateFrequency")) {
                try {
                    frequency = Integer.parseInt(e.getTextTrim());
                } catch (NumberFormatException ignored) {
                    // junk counts as 1, as a missing frequency does
                }
            }
        }
        return period == null ? null : syndication(period, frequency);
    }

    /** Freshness lifetime from {@code Cache-Control: max-age} (preferred) or {@code Expires}; null without one. */
    static Duration cache(String cacheControl, String expires, Instant now) {
        if (cacheControl != null) {
            String cc = cacheControl.toLowerCase(Locale.ROOT);
            if (cc.contains("no-cache") || cc.contains("no-store")) {
                return null;
            }
            Matcher m = MAX_AGE.matcher(cc);
            if (m.find()) {
                return Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        if (expires != null) {
            try {
                Instant at = ZonedDateTime.parse(expires.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : null;
            } catch (RuntimeException e) {
                return null; // "Expires: 0" and other junk mean "already expired"
            }
        }
        return null;
    }

    private static Instant dateOf(SyndEntry e) {
        if (e.getPublishedDate() != null) {
            return e.getPublishedDate().toInstant();
        }
        return e.getUpdatedDate() == null ? null : e.getUpdatedDate().toInstant();
    }
}
