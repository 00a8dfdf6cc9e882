package io.redline.common.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How search-service and alert-service create their indices: the shard and replica counts every new index gets, in
 * place of the ones in its mapping, and how long start-up waits for Elasticsearch to create it.
 */
@ApplicationScoped
public class IndexSettings {

    // A plain mapper: the bodies are Elasticsearch JSON, not application objects, so the application's
    // customised ObjectMapper has nothing to add.
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int shards;
    private final int replicas;
    private final Duration startupTimeout;

    /**
     * The settings, under {@code redline.search} although alert-service reads them too: the names predate
     * alert-service, and deployments already set them on both (REDLINE_SEARCH_INDEX_REPLICAS, docs/scaling.md).
     * search-service's own {@code redline.search} keys are in a mapping of its own.
     */
    @ConfigMapping(prefix = "redline.search")
    public interface Config {

        /** How long start-up keeps trying to create an index while Elasticsearch is unreachable. */
        @WithDefault("120s")
        Duration startupTimeout();

        /** Counts of a new index ({@code redline.search.index.*}). */
        Index index();

        /** Shard and replica counts of a new index. */
        interface Index {

            /** Primary shards. */
            @WithDefault("1")
            int shards();

            /** Copies of each primary shard on other nodes. */
            @WithDefault("0")
            int replicas();
        }
    }

    @Inject
    public IndexSettings(Config config) {
        this(config.index().shards(), config.index().replicas(), config.startupTimeout());
    }

    /** Settings with explicit values, checked here so that impossible counts fail start-up. */
    public IndexSettings(int shards, int replicas, Duration startupTimeout) {
        if (shards < 1) {
            throw new IllegalArgumentException("redline.search.index.shards must be at least 1, not " + shards);
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("redline.search.index.replicas must not be negative, not " + replicas);
        }
        this.shards = shards;
        this.replicas = replicas;
        this.startupTimeout = startupTimeout;
    }

    /** Primary shards of a new index. */
    public int shards() {
        return shards;
    }

    /** Copies of each primary shard on other nodes. */
    public int replicas() {
        return replicas;
    }

    /** How long start-up keeps trying to create an index while Elasticsearch is unreachable, before it fails. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /**
     * Returns a create-index body (settings and mappings) with the configured shard and replica counts; every other
     * setting and the mappings stay as written. Counts nested under {@code settings.index} are removed, so the body
     * never names a count twice.
     */
    public String apply(String createIndexBody) {
        try {
            JsonNode parsed = JSON.readTree(createIndexBody);
            if (!(parsed instanceof ObjectNode root)) {
                throw new IllegalArgumentException("create-index body is not a JSON object");
            }
            ObjectNode settings = root.withObject("/settings");
            if (settings.get("index") instanceof ObjectNode nested) {
                nested.remove("number_of_shards");
                nested.remove("number_of_replicas");
            }
            settings.put("number_of_shards", shards);
            settings.put("number_of_replicas", replicas);
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("create-index body is not valid JSON", e);
        }
    }

    /** {@link #apply(String)} for a body read from a stream (a mapping file), as a reader for {@code withJson}. */
    public StringReader apply(InputStream createIndexBody) {
        try {
            return new StringReader(apply(new String(createIndexBody.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
