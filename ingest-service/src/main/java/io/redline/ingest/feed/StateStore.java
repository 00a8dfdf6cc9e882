package io.redline.ingest.feed;

import io.redline.ingest.registry.FeedFetchState;

/** Where the poller saves each feed's fetch state after a poll, so another instance or a restart can continue. */
public interface StateStore {

    /** Saves (asynchronously) the state of one feed. */
    void save(FeedFetchState state);

    /** Blocks until every save made so far is durable. */
    void flush();

    /** A store that keeps nothing: tests of the poller alone. */
    StateStore NONE = new StateStore() {
        @Override
        public void save(FeedFetchState state) {}

        @Override
        public void flush() {}
    };
}
