package io.redline.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the demo's outlets and timed articles (issue 22): one event told by several outlets, the burst and its
 * baseline weeks, and the two-week Russia-Ukraine series, all placed relative to the server's start.
 */
class DemoNewsroomContentTest {

    /** The multi-outlet story's article files share this prefix. */
    private static final String STORY = "izmail-port-drone-strike-";

    private static final Set<String> STOP_WORDS = Set.of("after", "says", "near", "hits", "sets", "on", "the", "of");

    private final DemoContent content = DemoContent.load();

    @Test
    void outletsHaveDistinctDomainsAndEveryTimedArticleParses() {
        assertThat(content.outlets()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(content.outlets().stream().map(DemoOutlet::domain).distinct())
                .hasSameSizeAs(content.outlets());
        assertThat(content.timed()).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.article().bodyWordCount()).as(entry.article().id()).isBetween(150, 400);
            assertThat(entry.article().paragraphs()).as(entry.article().id()).hasSizeGreaterThanOrEqualTo(3);
        });
        // The pool's first article is what the e2e tests search for; nothing added may compete for their words.
        assertThat(content.timed())
                .allSatisfy(entry -> assertThat(fullText(entry.article()))
                        .as(entry.article().id())
                        .doesNotContain("red line")
                        .doesNotContain("missile")
                        .doesNotContain("nuclear"));
    }

    @Test
    void oneEventIsToldByAtLeastFourOutletsInTheirOwnWordsAndCarriedAsWireCopiesByTwoMore() {
        List<DemoContent.TimedArticle> story = content.timed().stream()
                .filter(entry -> entry.article().id().startsWith(STORY))
                .toList();
        Map<String, Set<String>> outletsPerText = new LinkedHashMap<>();
        story.forEach(entry -> outletsPerText
                .computeIfAbsent(entry.article().id(), id -> new HashSet<>())
                .add(entry.outlet().domain()));

        assertThat(outletsPerText).as("distinct texts").hasSizeGreaterThanOrEqualTo(4);
        assertThat(outletsPerText.values().stream().mapToInt(Set::size).max().orElse(0))
                .as("outlets carrying the wire text")
                .isGreaterThanOrEqualTo(3);
        assertThat(story).hasSizeGreaterThanOrEqualTo(6);
        assertThat(story.stream().map(entry -> entry.outlet().domain()).distinct())
                .as("every copy in another outlet")
                .hasSameSizeAs(story);
        // Within three hours of each other, all reported before the start.
        assertThat(story)
                .allSatisfy(entry -> assertThat(entry.age()).isBetween(Duration.ofMinutes(30), Duration.ofHours(3)));

        List<DemoArticle> texts =
                story.stream().map(DemoContent.TimedArticle::article).distinct().toList();
        Set<String> sharedTitleWords = null;
        for (DemoArticle article : texts) {
            Set<String> words = contentWords(article.title());
            if (sharedTitleWords == null) {
                sharedTitleWords = words;
            } else {
                sharedTitleWords.retainAll(words);
            }
            String lead = (article.summary() + " " + article.paragraphs().get(0)).toLowerCase(Locale.ROOT);
            assertThat(lead).as(article.id()).contains("izmail", "russia", "drone", "grain");
            assertThat(fullText(article)).as(article.id()).contains("ukrain", "romania", "mykola haidai", "plauru");
        }
        assertThat(sharedTitleWords)
                .containsExactlyInAnyOrder("russian", "drone", "strike", "izmail", "port", "grain", "terminal");
    }

    @Test
    void theBurstIsSeveralLithuaniaAndRussiaArticlesInTheLastHourOverAQuietBaselineOfTheSameHour() {
        List<DemoContent.TimedArticle> burst = content.timed().stream()
                .filter(DemoContent.TimedArticle::burst)
                .filter(entry -> entry.age().compareTo(Duration.ofHours(1)) < 0)
                .toList();
        assertThat(burst).hasSizeGreaterThanOrEqualTo(6);
        assertThat(burst.stream().map(entry -> entry.outlet().key()).distinct()).hasSizeGreaterThanOrEqualTo(4);
        for (DemoContent.TimedArticle entry : burst) {
            assertThat(fullText(entry.article())).as(entry.article().id()).contains("lithuania", "russia");
            assertThat(fullText(entry.article()))
                    .as(entry.article().id() + ": a military posture word")
                    .containsAnyOf("drills", "troops", "alert", "warships", "buildup", "readiness");
        }

        for (int week = 1; week <= 4; week++) {
            Duration from = Duration.ofDays(7L * week);
            Duration to = from.plusHours(1);
            List<DemoContent.TimedArticle> inWeek = content.timed().stream()
                    .filter(entry ->
                            entry.age().compareTo(from) >= 0 && entry.age().compareTo(to) < 0)
                    .toList();
            long aboutLithuania = inWeek.stream()
                    .filter(entry -> fullText(entry.article()).contains("lithuania"))
                    .count();
            assertThat(inWeek)
                    .as("week %d", week)
                    .allSatisfy(entry -> assertThat(entry.burst()).isTrue());
            assertThat(aboutLithuania).as("week %d's Lithuania articles", week).isBetween(0L, 2L);
            // Other news in the same hour, so that the week is quiet for the key but not an outage.
            assertThat(inWeek.size()).as("week %d's articles", week).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theRussiaUkraineSeriesCoversTwoWeeksWithConflictAndCooperationOnDifferentDays() {
        List<DemoContent.TimedArticle> series = content.timed().stream()
                .filter(entry -> !entry.burst())
                .filter(entry -> entry.age().compareTo(Duration.ofDays(1)) > 0)
                .toList();
        Instant start = Instant.parse("2026-12-07T09:00:00Z");
        Set<LocalDate> days = series.stream()
                .map(entry -> LocalDate.ofInstant(start.minus(entry.age()), ZoneOffset.UTC))
                .collect(Collectors.toSet());
        assertThat(days).hasSizeGreaterThanOrEqualTo(6);
        assertThat(series).allSatisfy(entry -> {
            assertThat(entry.age()).isLessThanOrEqualTo(Duration.ofDays(14));
            assertThat(fullText(entry.article())).as(entry.article().id()).contains("russia", "ukrain");
        });
        assertThat(series.stream().map(entry -> entry.article().kind()).collect(Collectors.toSet()))
                .contains(ArticleKind.ESCALATORY, ArticleKind.DEESCALATORY);
    }

    @Test
    void timedArticlesArePublishedAtTheStartMinusTheirAgeAndTheBurstUnderIdsOfItsRun() {
        Instant first = Instant.parse("2026-12-07T09:00:00Z");
        Instant second = first.plus(Duration.ofDays(3)).plusSeconds(5 * 3600 + 17 * 60);
        Map<String, Duration> firstAges = servedAges(first, true);
        Map<String, Duration> secondAges = servedAges(second, true);

        int burstEntries = (int)
                content.timed().stream().filter(DemoContent.TimedArticle::burst).count();
        assertThat(firstAges).hasSize(content.timed().size()).hasSameSizeAs(secondAges);
        for (DemoContent.TimedArticle entry : content.timed()) {
            String served = entry.servedId();
            if (entry.burst()) {
                String firstId = served + "-" + Long.toString(first.getEpochSecond(), 36);
                String secondId = served + "-" + Long.toString(second.getEpochSecond(), 36);
                assertThat(firstAges).containsEntry(firstId, entry.age());
                assertThat(secondAges).containsEntry(secondId, entry.age()).doesNotContainKey(firstId);
            } else {
                assertThat(firstAges).containsEntry(served, entry.age());
                assertThat(secondAges).containsEntry(served, entry.age());
            }
        }
        assertThat(burstEntries).isGreaterThanOrEqualTo(6 + 4);
    }

    @Test
    void withTheBurstOffOnlyTheOtherTimedArticlesArePublished() {
        Instant start = Instant.parse("2026-12-07T09:00:00Z");
        Map<String, Duration> ages = servedAges(start, false);
        List<String> expected = content.timed().stream()
                .filter(entry -> !entry.burst())
                .map(DemoContent.TimedArticle::servedId)
                .toList();
        assertThat(ages.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void servesEachOutletFeedAsRssWithItsTimedArticles() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneOffset.UTC);
        HttpClient http = HttpClient.newHttpClient();
        try (DemoFeedServer server = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .clock(clock)
                .burst(true)
                .build()
                .start()) {
            assertThat(server.outletFeeds()).hasSameSizeAs(content.outlets());
            String index = get(http, server.baseUrl() + "/");
            for (int i = 0; i < content.outlets().size(); i++) {
                DemoOutlet outlet = content.outlets().get(i);
                DemoFeedServer.OutletFeed feed = server.outletFeeds().get(i);
                assertThat(feed.url()).isEqualTo(server.baseUrl() + "/outlets/" + outlet.key() + ".rss");
                assertThat(feed.outlet()).isEqualTo(outlet.domain());
                assertThat(index).contains("href=\"" + outlet.path() + "\"");

                Document rss = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new ByteArrayInputStream(get(http, feed.url()).getBytes()));
                NodeList items = rss.getElementsByTagName("item");
                long expected = content.timed().stream()
                        .filter(entry -> entry.outlet().equals(outlet))
                        .count();
                assertThat(items.getLength()).as(outlet.key()).isEqualTo((int) expected);
                List<String> links = new ArrayList<>();
                for (int j = 0; j < items.getLength(); j++) {
                    links.add(((Element) items.item(j))
                            .getElementsByTagName("link")
                            .item(0)
                            .getTextContent());
                }
                for (String link : links) {
                    assertThat(http.send(
                                            HttpRequest.newBuilder(URI.create(link))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode())
                            .as(link)
                            .isEqualTo(200);
                }
            }
            // The three demo wire feeds still hold only the initial articles.
            for (DemoFeed feed : DemoFeed.values()) {
                assertThat(server.items(feed))
                        .allSatisfy(item -> assertThat(item.feed()).isEqualTo(feed));
            }
        }
    }

    @Test
    void readsTheBurstSwitch() {
        assertThat(DemoFeedOptions.parse(new String[] {"--burst", "off"})
                        .build()
                        .burst())
                .isFalse();
        assertThat(DemoFeedOptions.parse(new String[] {"--burst=on"}).build().burst())
                .isTrue();
        assertThatThrownBy(() -> DemoFeedOptions.parse(new String[] {"--burst", "maybe"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--burst");
        String before = System.getProperty(DemoFeedOptions.BURST_PROPERTY);
        try {
            System.setProperty(DemoFeedOptions.BURST_PROPERTY, "off");
            assertThat(DemoFeedServer.builder().build().burst()).isFalse();
            System.setProperty(DemoFeedOptions.BURST_PROPERTY, "on");
            assertThat(DemoFeedServer.builder().build().burst()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(DemoFeedOptions.BURST_PROPERTY);
            } else {
                System.setProperty(DemoFeedOptions.BURST_PROPERTY, before);
            }
        }
    }

    @Test
    void readsAgesAndRefusesOtherText() {
        assertThat(DemoContent.parseAge("45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(DemoContent.parseAge("2h35m")).isEqualTo(Duration.ofMinutes(155));
        assertThat(DemoContent.parseAge("14d20m")).isEqualTo(Duration.ofDays(14).plusMinutes(20));
        assertThatThrownBy(() -> DemoContent.parseAge("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoContent.parseAge("3 weeks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 weeks");
    }

    /** Served id -> how long before {@code start} each outlet-feed article is published, read from a started server. */
    private Map<String, Duration> servedAges(Instant start, boolean burst) {
        Map<String, Duration> ages = new LinkedHashMap<>();
        try (DemoFeedServer server = DemoFeedServer.builder()
                .interval(Duration.ZERO)
                .clock(Clock.fixed(start, ZoneOffset.UTC))
                .burst(burst)
                .build()
                .start()) {
            for (DemoOutlet outlet : content.outlets()) {
                for (PublishedArticle item : server.items(outlet)) {
                    ages.put(item.id(), Duration.between(item.publishedAt(), start));
                }
            }
        }
        return ages;
    }

    private static Set<String> contentWords(String title) {
        return Arrays.stream(title.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
                .filter(word -> word.length() > 2 && !STOP_WORDS.contains(word))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static String fullText(DemoArticle article) {
        return (article.title() + " " + article.summary() + " " + String.join(" ", article.paragraphs()))
                .toLowerCase(Locale.ROOT);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
