package io.redline.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndFeed;
import io.redline.ingest.parse.FeedParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The poll schedule: fixed, default, posting-rate and publisher-hint intervals, clamping and jitter. */
class PollScheduleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Wide bounds, so the posting rate itself shows unless a test is about clamping. */
    private static final PollSchedule.Bounds ADAPTIVE =
            new PollSchedule.Bounds(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofDays(1), true, 0.1);

    private static PollSchedule.Hints dates(Instant... dates) {
        return new PollSchedule.Hints(null, null, null, List.of(dates));
    }

    /** {@code n} distinct entry dates spread over the last {@code span}. */
    private static List<Instant> recent(int n, Duration span) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(NOW.minus(span.multipliedBy(i + 1).dividedBy(n + 1)));
        }
        return out;
    }

    private static PollSchedule.Hints withFloors(List<Instant> dates, Duration ttl, Duration sy, Duration cache) {
        return new PollSchedule.Hints(ttl, sy, cache, dates);
    }

    @Test
    void aFixedIntervalWinsOverEverything() {
        PollSchedule.Hints hints = withFloors(
                recent(50, Duration.ofDays(1)), Duration.ofHours(5), Duration.ofHours(6), Duration.ofHours(7));
        PollSchedule.Decision d = PollSchedule.decide(ADAPTIVE, Duration.ofSeconds(20), hints, NOW);
        // Even below min-interval and below the publisher's floors: the operator asked for it.
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.reason()).isEqualTo("fixed");
    }

    @Test
    void withAdaptiveOffTheDefaultIntervalIsUsed() {
        PollSchedule.Bounds off =
                new PollSchedule.Bounds(Duration.ofSeconds(45), Duration.ofMinutes(1), Duration.ofDays(1), false, 0.1);
        PollSchedule.Decision d = PollSchedule.decide(
                off, null, withFloors(recent(3, Duration.ofDays(2)), Duration.ofHours(2), null, null), NOW);
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.reason()).isEqualTo("default");
    }

    @Test
    void postingRateIsAQuarterOfTheMeanGapOverSevenDays() {
        // 6 posts a day apart, the oldest 6 days ago: one a day, polled every 6 hours.
        PollSchedule.Decision daily = PollSchedule.decide(
                ADAPTIVE, null, dates(recent(6, Duration.ofDays(7)).toArray(Instant[]::new)), NOW);
        assertThat(daily.interval()).isEqualTo(Duration.ofHours(6));
        assertThat(daily.reason()).isEqualTo("posting-rate (6 in 7 days)");

        // 167 hourly posts: polled every 15 minutes.
        PollSchedule.Decision hourly = PollSchedule.decide(
                ADAPTIVE, null, dates(recent(167, Duration.ofDays(7)).toArray(Instant[]::new)), NOW);
        assertThat(hourly.interval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aFeedShowingOnlyItsLatestItemsIsMeasuredOverTheSpanTheyCover() {
        // Real feeds carry their latest 10-50 items: 10 hourly items cover 10 hours, so 15 minutes, not 7 days / 40.
        PollSchedule.Decision d = PollSchedule.decide(
                ADAPTIVE, null, dates(recent(9, Duration.ofHours(10)).toArray(Instant[]::new)), NOW);
        assertThat(d.interval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void onlyDistinctPastDatesWithinTheWindowCount() {
        Instant a = NOW.minus(Duration.ofDays(1));
        Instant b = NOW.minus(Duration.ofDays(2));
        // a twice, one date older than the window and one in the future: 2 recent entries.
        PollSchedule.Decision d = PollSchedule.decide(
                ADAPTIVE, null, dates(a, a, b, NOW.minus(Duration.ofDays(8)), NOW.plus(Duration.ofDays(1))), NOW);
        // Measured from the oldest of them (2 days ago) to now: 48 h / 2 posts / 4.
        assertThat(d.interval()).isEqualTo(Duration.ofHours(6));
        assertThat(d.reason()).isEqualTo("posting-rate (2 in 7 days)");
    }

    @Test
    void postingRateIsClampedToMinAndMax() {
        // 10 000 posts a week would mean every 15 s: min-interval instead.
        PollSchedule.Decision busy = PollSchedule.decide(
                ADAPTIVE, null, dates(recent(10_000, Duration.ofDays(7)).toArray(Instant[]::new)), NOW);
        assertThat(busy.interval()).isEqualTo(Duration.ofMinutes(1));

        // One post in 6 days would mean every 36 h: max-interval instead.
        PollSchedule.Decision quiet = PollSchedule.decide(ADAPTIVE, null, dates(NOW.minus(Duration.ofDays(6))), NOW);
        assertThat(quiet.interval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aFeedWithNoRecentEntriesIsPolledAtTheLongestInterval() {
        PollSchedule.Decision d = PollSchedule.decide(
                ADAPTIVE, null, dates(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(60))), NOW);
        assertThat(d.interval()).isEqualTo(ADAPTIVE.max());
        assertThat(d.reason()).isEqualTo("posting-rate (0 in 7 days)");
    }

    @Test
    void aFeedWithoutDatesGetsTheDefaultInterval() {
        PollSchedule.Decision d = PollSchedule.decide(ADAPTIVE, null, PollSchedule.Hints.NONE, NOW);
        assertThat(d.interval()).isEqualTo(ADAPTIVE.defaultInterval());
        assertThat(d.reason()).isEqualTo("default");
    }

    @Test
    void ttlIsAFloorAboveThePostingRate() {
        List<Instant> hourly = recent(167, Duration.ofDays(7)); // 15 minutes by posting rate
        PollSchedule.Decision d =
                PollSchedule.decide(ADAPTIVE, null, withFloors(hourly, Duration.ofHours(2), null, null), NOW);
        assertThat(d.interval()).isEqualTo(Duration.ofHours(2));
        assertThat(d.reason()).isEqualTo("ttl");

        // A floor below the posting rate changes nothing.
        PollSchedule.Decision lower =
                PollSchedule.decide(ADAPTIVE, null, withFloors(hourly, Duration.ofMinutes(5), null, null), NOW);
        assertThat(lower.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(lower.reason()).startsWith("posting-rate");
    }

    @Test
    void syndicationPeriodAndCacheLifetimeAreFloorsToo_theLongestWins() {
        List<Instant> hourly = recent(167, Duration.ofDays(7));
        PollSchedule.Decision sy = PollSchedule.decide(
                ADAPTIVE,
                null,
                withFloors(hourly, Duration.ofMinutes(20), Duration.ofHours(3), Duration.ofMinutes(40)),
                NOW);
        assertThat(sy.interval()).isEqualTo(Duration.ofHours(3));
        assertThat(sy.reason()).isEqualTo("sy:updatePeriod");

        PollSchedule.Decision cache = PollSchedule.decide(
                ADAPTIVE, null, withFloors(hourly, null, Duration.ofMinutes(30), Duration.ofMinutes(50)), NOW);
        assertThat(cache.interval()).isEqualTo(Duration.ofMinutes(50));
        assertThat(cache.reason()).isEqualTo("cache-control");
    }

    @Test
    void aFloorAppliesWithoutDatesAndIsCappedAtMax() {
        PollSchedule.Decision noDates =
                PollSchedule.decide(ADAPTIVE, null, withFloors(List.of(), Duration.ofHours(1), null, null), NOW);
        assertThat(noDates.interval()).isEqualTo(Duration.ofHours(1));

        // A publisher asking for a week between polls still gets polled at max-interval.
        PollSchedule.Decision capped =
                PollSchedule.decide(ADAPTIVE, null, withFloors(List.of(), null, Duration.ofDays(7), null), NOW);
        assertThat(capped.interval()).isEqualTo(ADAPTIVE.max());
    }

    @Test
    void syndicationPeriodIsDividedByFrequency() {
        assertThat(PollSchedule.syndication("daily", 4)).isEqualTo(Duration.ofHours(6));
        assertThat(PollSchedule.syndication(" Hourly ", 1)).isEqualTo(Duration.ofHours(1));
        // A missing or nonsense frequency counts as 1.
        assertThat(PollSchedule.syndication("weekly", 0)).isEqualTo(Duration.ofDays(7));
        assertThat(PollSchedule.syndication("fortnightly", 1)).isNull();
    }

    @Test
    void cacheLifetimeComesFromMaxAgeOrExpires() {
        String inTwoHours = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                NOW.plus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC));
        String anHourAgo = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));

        assertThat(PollSchedule.cache("public, max-age=900", null, NOW)).isEqualTo(Duration.ofMinutes(15));
        assertThat(PollSchedule.cache("max-age=\"600\"", null, NOW)).isEqualTo(Duration.ofMinutes(10));
        assertThat(PollSchedule.cache(null, inTwoHours, NOW)).isEqualTo(Duration.ofHours(2));
        // max-age is preferred over Expires.
        assertThat(PollSchedule.cache("max-age=60", inTwoHours, NOW)).isEqualTo(Duration.ofMinutes(1));
        // Expired, junk or absent: no floor.
        assertThat(PollSchedule.cache(null, anHourAgo, NOW)).isNull();
        assertThat(PollSchedule.cache(null, "0", NOW)).isNull();
        assertThat(PollSchedule.cache(null, null, NOW)).isNull();
        assertThat(PollSchedule.cache("public", null, NOW)).isNull();
    }

    @Test
    void noCacheAndNoStoreAreIgnoredEvenWithAMaxAge() {
        // "no-cache" asks for revalidation, not for fewer polls: it sets no floor.
        assertThat(PollSchedule.cache("no-cache, max-age=3600", null, NOW)).isNull();
        assertThat(PollSchedule.cache("no-store", null, NOW)).isNull();
    }

    @Test
    void jitterSpreadsWithinPlusMinusTheFraction() {
        Duration interval = Duration.ofSeconds(100);
        assertThat(PollSchedule.jittered(interval, 0.1, 0)).isEqualTo(Duration.ofSeconds(90));
        assertThat(PollSchedule.jittered(interval, 0.1, 0.5)).isEqualTo(interval);
        // u is below 1, so the upper bound is approached but never exceeded.
        Duration nearTop = PollSchedule.jittered(interval, 0.1, Math.nextDown(1.0));
        assertThat(nearTop).isLessThanOrEqualTo(Duration.ofSeconds(110)).isGreaterThan(Duration.ofMillis(109_990));
        assertThat(PollSchedule.jittered(interval, 0, 0.9)).isEqualTo(interval);
        // A jitter of 100 % or more never produces a negative wait.
        assertThat(PollSchedule.jittered(interval, 1.5, 0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void hintsAreReadFromARealRssFeed() throws Exception {
        String rss = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
                  <channel>
                    <title>Paced</title>
                    <link>https://example.org/</link>
                    <description>A feed that states its pace</description>
                    <ttl>45</ttl>
                    <sy:updatePeriod>hourly</sy:updatePeriod>
                    <sy:updateFrequency>2</sy:updateFrequency>
                    <item><title>One</title><link>https://example.org/1</link>
                      <pubDate>Sat, 28 Feb 2026 10:00:00 GMT</pubDate></item>
                    <item><title>Two</title><link>https://example.org/2</link>
                      <pubDate>Fri, 27 Feb 2026 10:00:00 GMT</pubDate></item>
                    <item><title>Undated</title><link>https://example.org/3</link></item>
                  </channel>
                </rss>
                """;
        SyndFeed feed = FeedParser.parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml");

        PollSchedule.Hints hints = PollSchedule.hints(feed, "max-age=300", null, NOW);

        assertThat(hints.ttl()).isEqualTo(Duration.ofMinutes(45));
        assertThat(hints.syndication()).isEqualTo(Duration.ofMinutes(30));
        assertThat(hints.cache()).isEqualTo(Duration.ofMinutes(5));
        // The undated entry is left out rather than counted as "now".
        assertThat(hints.entryDates())
                .containsExactly(Instant.parse("2026-02-28T10:00:00Z"), Instant.parse("2026-02-27T10:00:00Z"));

        // Two posts over the 50 h since the older one (one every 25 h, so 6 h 15 min) is slower than any of the
        // publisher's floors: the posting rate decides.
        PollSchedule.Decision d = PollSchedule.decide(ADAPTIVE, null, hints, NOW);
        assertThat(d.interval()).isEqualTo(Duration.ofMinutes(375));
        assertThat(d.reason()).isEqualTo("posting-rate (2 in 7 days)");
    }

    @Test
    void syndicationHintsAreReadFromRss10Too() throws Exception {
        // In RSS 1.0 Rome parses the sy module itself (in RSS 2.0 it is left as foreign markup).
        String rdf = """
                <?xml version="1.0"?>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                    xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
                  <channel rdf:about="https://example.org/">
                    <title>RDF</title><link>https://example.org/</link><description>d</description>
                    <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>3</sy:updateFrequency>
                  </channel>
                </rdf:RDF>""";
        SyndFeed feed = FeedParser.parse(rdf.getBytes(StandardCharsets.UTF_8), "application/rdf+xml");
        assertThat(PollSchedule.hints(feed, null, null, NOW).syndication()).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void junkSyndicationValuesInRss20AreTolerated() throws Exception {
        String rss = """
                <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
                <title>t</title><link>https://example.org/</link><description>d</description>
                <sy:updatePeriod>
                  daily
                </sy:updatePeriod><sy:updateFrequency>often</sy:updateFrequency></channel></rss>""";
        SyndFeed feed = FeedParser.parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml");
        // Whitespace around the period (as WordPress writes it) is fine; an unreadable frequency counts as 1.
        assertThat(PollSchedule.hints(feed, null, null, NOW).syndication()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aFeedWithoutPaceElementsGivesNoFloors() throws Exception {
        String rss = """
                <rss version="2.0"><channel><title>Plain</title><link>https://example.org/</link>
                <description>d</description></channel></rss>""";
        SyndFeed feed = FeedParser.parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml");
        PollSchedule.Hints hints = PollSchedule.hints(feed, null, null, NOW);
        assertThat(hints.ttl()).isNull();
        assertThat(hints.syndication()).isNull();
        assertThat(hints.cache()).isNull();
        assertThat(hints.entryDates()).isEmpty();
    }
}
