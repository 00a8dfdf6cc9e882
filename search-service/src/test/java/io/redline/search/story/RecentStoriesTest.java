package io.redline.search.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.query.SameEvent;
import io.redline.query.SimHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stories given a moment ago, found before Elasticsearch returns them. */
class RecentStoriesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(36);

    private static final SameEvent.Text WIRE = new SameEvent.Text(
            "Russian drone strike on Izmail port hits grain terminal near Romanian border",
            "Russian drones struck the grain terminal of the Ukrainian Danube port of Izmail overnight, starting a fire"
                    + " and injuring two workers, the regional governor said, near the border with Romania.",
            List.of("RUS", "UKR", "ROU"));
    private static final SameEvent.Text REWRITE = new SameEvent.Text(
            "Izmail port grain terminal burns after Russian drone strike, Ukraine says",
            "A fire broke out at the grain terminal of Izmail, Ukraine's Danube port near Romania, after a Russian"
                    + " drone strike overnight that injured two workers, the regional governor said.",
            List.of("RUS", "UKR", "ROU"));
    private static final SameEvent.Text OTHER = new SameEvent.Text(
            "Central bank holds interest rates steady as inflation eases",
            "The central bank kept its main interest rate unchanged on Thursday, saying inflation had eased but"
                    + " remained above its target.",
            List.of());

    @Test
    void aCopyOrAReportOfTheSameEventGivenAStoryAMomentAgoJoinsIt() {
        RecentStories recent = new RecentStories();
        long wire = SimHash.of(WIRE.title() + "\n" + WIRE.lead());
        recent.add("articles", new RecentStories.Recent("story-1", wire, WIRE, NOW, "story-1", NOW));

        assertThat(recent.storyOf("articles", wire ^ 0b11, OTHER, NOW, WINDOW, NOW.plusSeconds(1)))
                .as("a near-duplicate (2 bits apart)")
                .isEqualTo("story-1");
        assertThat(SameEvent.same(WIRE, REWRITE))
                .as("the fixture's rewrite is the same event")
                .isTrue();
        assertThat(recent.storyOf("articles", ~wire, REWRITE, NOW.plusSeconds(3600), WINDOW, NOW.plusSeconds(1)))
                .as("an independent report of the same event")
                .isEqualTo("story-1");
        assertThat(recent.storyOf("articles", ~wire, OTHER, NOW, WINDOW, NOW.plusSeconds(1)))
                .as("another event")
                .isNull();
        assertThat(recent.storyOf("other-index", wire, WIRE, NOW, WINDOW, NOW.plusSeconds(1)))
                .as("another index")
                .isNull();
        assertThat(recent.storyOf("articles", ~wire, REWRITE, NOW.plus(Duration.ofDays(3)), WINDOW, NOW))
                .as("published too far apart")
                .isNull();
    }

    @Test
    void forgetsWhatElasticsearchReturnsByNow() {
        RecentStories recent = new RecentStories();
        long wire = SimHash.of(WIRE.title());
        recent.add("articles", new RecentStories.Recent("story-1", wire, WIRE, NOW, "story-1", NOW));

        assertThat(recent.storyOf("articles", wire, WIRE, NOW, WINDOW, NOW.plus(RecentStories.KEEP)))
                .isEqualTo("story-1");
        assertThat(recent.storyOf(
                        "articles",
                        wire,
                        WIRE,
                        NOW,
                        WINDOW,
                        NOW.plus(RecentStories.KEEP).plusSeconds(1)))
                .isNull();
    }

    @Test
    void aReportJoinsARecentStoryOnlyThroughItsFirstReport() {
        RecentStories recent = new RecentStories();
        long wire = SimHash.of(WIRE.title() + "\n" + WIRE.lead());
        // The rewrite joined story-1 a moment ago; story-1's first report (another event's text) is recent too.
        recent.add("articles", new RecentStories.Recent("story-1", ~wire, OTHER, NOW, "story-1", NOW));
        recent.add("articles", new RecentStories.Recent("rewrite", wire, REWRITE, NOW, "story-1", NOW));

        assertThat(SameEvent.same(WIRE, OTHER))
                .as("the first report is another event")
                .isFalse();
        assertThat(recent.storyOf("articles", wire ^ 0b1111_0000_1111, WIRE, NOW, WINDOW, NOW.plusSeconds(1)))
                .as("a report matching the member only (no near-duplicate either)")
                .isNull();

        recent.add("articles", new RecentStories.Recent("first", wire, REWRITE, NOW, "first", NOW));
        assertThat(recent.storyOf("articles", wire ^ 0b1111_0000_1111, WIRE, NOW, WINDOW, NOW.plusSeconds(1)))
                .as("a report matching a story's first report")
                .isEqualTo("first");
    }
}
