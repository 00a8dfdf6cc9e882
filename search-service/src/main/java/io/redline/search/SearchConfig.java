package io.redline.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of search-service's indexing and searching, under {@code redline.search}; the shard and replica counts and
 * the start-up timeout, which alert-service reads too, are declared by
 * {@link io.redline.common.elasticsearch.IndexSettings.Config}.
 */
@ConfigMapping(prefix = "redline.search")
public interface SearchConfig {

    /** How long a cursor (an Elasticsearch point in time) stays valid after each page, as an Elasticsearch time. */
    @WithDefault("5m")
    String cursorKeepAlive();

    /** Whether each indexed article is published to {@code redline.articles.indexed}, alert-service's input. */
    @WithDefault("true")
    boolean publishIndexed();

    /** The articles index ({@code redline.search.index.*}). */
    Index index();

    /** Settings of the articles index. */
    interface Index {

        /**
         * How often new articles become searchable: the index's {@code refresh_interval}, an Elasticsearch time such
         * as {@code 500ms} or {@code -1} for never, applied at every start.
         */
        @WithDefault("500ms")
        String refreshInterval();
    }
}
