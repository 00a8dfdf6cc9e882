package io.redline.search.story;

import io.redline.query.SameEvent;
import io.redline.query.SimHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The stories this instance gave to articles in the last few seconds, which Elasticsearch may not return yet (an
 * article is searchable only after the next refresh): without them, copies and reports of one event arriving in
 * batches a moment apart (feeds polled together) would each start a story.
 *
 * <p>Per instance: two instances indexing one event at the same moment may still start two stories.
 */
final class RecentStories {

    /** Longer than the index's refresh interval plus a bulk write, so an article is searchable before it leaves. */
    static final Duration KEEP = Duration.ofSeconds(10);
    /** Bound on what one index keeps, so a burst cannot grow it without limit. */
    static final int MAX = 2_000;

    /** One article ({@code id}) as the story look-up compares it. */
    record Recent(String id, long hash, SameEvent.Text text, Instant publishedAt, String storyId, Instant at) {

        /** Whether this article is its story's first report (a story's id is its first article's id). */
        boolean firstOfStory() {
            return id.equals(storyId);
        }
    }

    private final Map<String, Deque<Recent>> byIndex = new HashMap<>();

    /** Remembers that an article of {@code index} was given {@code storyId}. */
    synchronized void add(String index, Recent recent) {
        Deque<Recent> recents = byIndex.computeIfAbsent(index, i -> new ArrayDeque<>());
        recents.addLast(recent);
        while (recents.size() > MAX) {
            recents.removeFirst();
        }
    }

    /**
     * The story of a recent article of {@code index} that is a near-duplicate of the given one (SimHash within
     * {@link SimHash#MAX_DISTANCE}, the closest), else of a story whose first report is recent and reports the same
     * event within {@code window}; null when none. Only first reports, as {@link StoryAssigner} asks of indexed ones:
     * matching any member would chain one event's story into the next (a first report older than {@link #KEEP} is
     * searchable, so the index search looks at it).
     */
    synchronized String storyOf(
            String index, long hash, SameEvent.Text text, Instant publishedAt, Duration window, Instant now) {
        Deque<Recent> recents = byIndex.get(index);
        if (recents == null) {
            return null;
        }
        for (Iterator<Recent> it = recents.iterator(); it.hasNext(); ) {
            if (it.next().at().isBefore(now.minus(KEEP))) {
                it.remove();
            }
        }
        String best = null;
        int bestDistance = SimHash.MAX_DISTANCE + 1;
        for (Recent r : recents) {
            int distance = SimHash.distance(hash, r.hash());
            if (distance < bestDistance) {
                best = r.storyId();
                bestDistance = distance;
            }
        }
        if (best != null || publishedAt == null) {
            return best;
        }
        for (Recent r : recents) {
            if (r.firstOfStory()
                    && r.publishedAt() != null
                    && Duration.between(r.publishedAt(), publishedAt).abs().compareTo(window) <= 0
                    && SameEvent.same(text, r.text())) {
                return r.storyId();
            }
        }
        return null;
    }
}
