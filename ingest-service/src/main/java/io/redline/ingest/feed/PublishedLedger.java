package io.redline.ingest.feed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dedupe memory: for each article id, the content hash and revision last published, so that the same
 * article is published once and a changed one as the next revision.
 */
public interface PublishedLedger {

    /** What was last published for an article id. */
    record Published(String contentHash, int revision) {}

    /** The last publication of {@code articleId}, or null when none is remembered. */
    Published get(String articleId);

    /** Remembers that {@code articleId} was published (Kafka acknowledged it) with this hash and revision. */
    void record(String articleId, Published published);

    /** Blocks until every record made so far is durable (before feeds are handed to another instance). */
    default void flush() {}

    /** An in-memory, least-recently-used bounded ledger; lost on restart (tests, and the base of the Kafka one). */
    final class InMemory implements PublishedLedger {

        private final Map<String, Published> entries;

        public InMemory(int capacity) {
            this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Published> eldest) {
                    return size() > capacity;
                }
            };
        }

        @Override
        public synchronized Published get(String articleId) {
            return entries.get(articleId);
        }

        @Override
        public synchronized void record(String articleId, Published published) {
            Published previous = entries.get(articleId);
            // Records can arrive out of order from another instance; a lower revision never replaces a higher one.
            if (previous == null || previous.revision() <= published.revision()) {
                entries.put(articleId, published);
            }
        }

        /** Number of ids remembered. */
        public synchronized int size() {
            return entries.size();
        }
    }
}
