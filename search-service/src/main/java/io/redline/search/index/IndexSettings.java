package io.redline.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The shard and replica counts every index search-service creates gets, in place of the ones in its mapping. */
@ApplicationScoped
public class IndexSettings {

    // A plain mapper: the bodies are Elasticsearch JSON, not application objects, so the application's
    // customised ObjectMapper has nothing to add.
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int shards;
    private final int replicas;

    @Inject
    public IndexSettings(@ConfigProperty(name = "redline.search.index.shards", defaultValue = "1") int shards,
            @ConfigProperty(name = "redline.search.index.replicas", defaultValue = "0") int replicas) {
        if (shards < 1) {
            throw new IllegalArgumentException("redline.search.index.shards must be at least 1, not " + shards);
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("redline.search.index.replicas must not be negative, not " + replicas);
        }
        this.shards = shards;
        this.replicas = replicas;
    }

    /** Primary shards of a new index. */
    public int shards() {
        return shards;
    }

    /** Copies of each primary shard on other nodes. */
    public int replicas() {
        return replicas;
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
