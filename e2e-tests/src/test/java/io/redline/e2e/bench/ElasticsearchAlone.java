package io.redline.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk-loads the articles the pipeline indexed (their stored documents and versions, as the indexer wrote them) into
 * fresh indices with the live articles index's settings and mapping, Elasticsearch alone, and measures how fast they
 * become searchable: the ceiling the pipeline's searchable rate is compared with.
 */
final class ElasticsearchAlone {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per-index settings Elasticsearch sets itself and refuses (or ignores) on creation. */
    private static final List<String> GENERATED_SETTINGS =
            List.of("uuid", "creation_date", "provided_name", "version", "history_uuid", "resize");

    /** One article as indexed: id, external version and the stored document. */
    record Doc(String id, long version, String source) {}

    /** One load: bulk size, concurrent bulk requests, articles, seconds until all were searchable, CPU. */
    record Trial(
            String label, int bulkSize, int clients, int docs, double seconds, double esCpuMsPerArticle, int errors) {
        double rate() {
            return docs / seconds;
        }
    }

    private final HttpClient http;
    private final String esUrl;
    private final long esPid;

    ElasticsearchAlone(HttpClient http, String esUrl, long esPid) {
        this.http = http;
        this.esUrl = esUrl;
        this.esPid = esPid;
    }

    /** The concrete index the alias points at. */
    String concreteIndex(String alias) throws IOException, InterruptedException {
        JsonNode aliases = JSON.readTree(get("/_alias/" + alias));
        return aliases.fieldNames().next();
    }

    /**
     * The body that creates an index like {@code index}: its settings (refresh interval, shards, analysis...)
     * without the ones Elasticsearch generates, and its mapping, copied from the live index so that the comparison
     * holds whatever mapping the search-service under test created.
     */
    String createBody(String index) throws IOException, InterruptedException {
        JsonNode live = JSON.readTree(get("/" + index)).path(index);
        ObjectNode settings = ((ObjectNode) live.path("settings").path("index")).deepCopy();
        GENERATED_SETTINGS.forEach(settings::remove);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("settings").set("index", settings);
        body.set("mappings", live.path("mappings"));
        return JSON.writeValueAsString(body);
    }

    /** Up to {@code max} documents of {@code index} with their versions, read with a scroll. */
    List<Doc> documents(String index, int max) throws IOException, InterruptedException {
        List<Doc> docs = new ArrayList<>();
        JsonNode page = JSON.readTree(post(
                "/" + index + "/_search?scroll=2m",
                "{\"size\":1000,\"version\":true,\"sort\":[\"_doc\"]}",
                "application/json"));
        while (docs.size() < max) {
            JsonNode hits = page.path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode h : hits) {
                if (docs.size() < max) {
                    docs.add(new Doc(
                            h.path("_id").asText(),
                            h.path("_version").asLong(),
                            JSON.writeValueAsString(h.path("_source"))));
                }
            }
            page = JSON.readTree(post(
                    "/_search/scroll",
                    JSON.writeValueAsString(Map.of(
                            "scroll", "2m", "scroll_id", page.path("_scroll_id").asText())),
                    "application/json"));
        }
        return docs;
    }

    /**
     * Creates a fresh index from {@code createBody}, sends the documents in bulks of {@code bulkSize} from
     * {@code clients} threads, each bulk as the indexer sends it (index operations with the external_gte version),
     * and times from the first request until Elasticsearch's count shows them all (so the refresh interval counts,
     * as it does for the pipeline); deletes the index afterwards.
     */
    Trial load(String label, String createBody, List<Doc> docs, int bulkSize, int clients) throws Exception {
        String index = "es-alone-" + bulkSize + "x" + clients;
        send(HttpRequest.newBuilder(URI.create(esUrl + "/" + index + "?ignore_unavailable=true"))
                .DELETE()
                .build());
        String created = put("/" + index, createBody);
        if (!created.contains("\"acknowledged\":true")) {
            throw new IllegalStateException("creating " + index + ": " + created);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < docs.size(); from += bulkSize) {
            StringBuilder sb = new StringBuilder();
            for (Doc d : docs.subList(from, Math.min(docs.size(), from + bulkSize))) {
                sb.append("{\"index\":{\"_index\":\"")
                        .append(index)
                        .append("\",\"_id\":")
                        .append(JSON.writeValueAsString(d.id()))
                        .append(",\"version\":")
                        .append(d.version())
                        .append(",\"version_type\":\"external_gte\"}}\n")
                        .append(d.source())
                        .append('\n');
            }
            bodies.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long ticks0 = PipelineBench.proc(esPid)[0];
        long t0 = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpResponse<String> r = null;
                        // A 429 (write queue full, or the heap's circuit breaker) is retried as the indexer retries it.
                        for (int attempt = 0; attempt < 10; attempt++) {
                            r = send(HttpRequest.newBuilder(URI.create(esUrl + "/_bulk"))
                                    .header("Content-Type", "application/x-ndjson")
                                    .timeout(Duration.ofMinutes(2))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                    .build());
                            if (r.statusCode() != 429) {
                                break;
                            }
                            retried.incrementAndGet();
                            Thread.sleep(200L << Math.min(attempt, 4));
                        }
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("bulk: " + r.statusCode() + " " + r.body());
                        }
                        // Parsing every response would put the bench's CPU in the measure; only failed ones are.
                        if (r.body().contains("\"errors\":true")) {
                            for (JsonNode item : JSON.readTree(r.body()).path("items")) {
                                if (item.path("index").has("error")) {
                                    errors.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (retried.get() > 0) {
            System.out.printf("  (%s: %d bulk requests retried after 429)%n", index, retried.get());
        }
        long expected = docs.size() - errors.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(index) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ticks = PipelineBench.proc(esPid)[0] - ticks0;
        send(HttpRequest.newBuilder(URI.create(esUrl + "/" + index)).DELETE().build());
        return new Trial(
                label,
                bulkSize,
                clients,
                (int) expected,
                seconds,
                ticks * 1000.0 / PipelineBench.CLOCK_TICKS / Math.max(1, expected),
                errors.get());
    }

    private long count(String index) {
        try {
            return JSON.readTree(get("/" + index + "/_count")).path("count").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(esUrl + path)).build()).body();
    }

    private String put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(esUrl + path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .body();
    }

    private String post(String path, String body, String type) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(esUrl + path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .body();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
