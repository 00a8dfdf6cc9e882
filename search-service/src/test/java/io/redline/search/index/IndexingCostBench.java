package io.redline.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redline.common.elasticsearch.IndexSettings;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.localstack.ElasticsearchNode;
import io.redline.localstack.StackDirs;
import io.redline.localstack.bench.ArticleGenerator;
import io.redline.localstack.bench.BenchCommand;
import io.redline.query.IndexedArticles;
import io.redline.search.story.StoryAssigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * What indexing one article costs Elasticsearch, the indexer's way (story look-up + bulk per batch, at a fixed rate,
 * with the service's refresh interval) against a bulk-only load: Elasticsearch's own CPU and time counters before and
 * after each phase, the round trips the indexer made, and batch-to-searchable latency. A command, not a test:
 *
 * <pre>
 * ./mvnw -o -q -pl search-service test-compile exec:java -Dexec.mainClass=io.redline.search.index.IndexingCostBench \
 *     -Dexec.args="--preload 20000 --rate 100 --batch 20 --seconds 60 --refresh 500ms"
 * </pre>
 *
 * Options: {@code --preload N} articles bulk-loaded first (refresh off), {@code --rate} articles/s offered,
 * {@code --batch} articles per indexer batch, {@code --seconds} per phase, {@code --refresh} interval(s) to compare
 * (comma-separated), {@code --es host:port} to use a running node, {@code --seed}.
 */
public final class IndexingCostBench {

    private final Map<String, String> opts;
    private RestClient rest;
    private ElasticsearchClient client;
    private StoryAssigner stories;
    private long next;

    private IndexingCostBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) {
        BenchCommand.exitAfter(() -> new IndexingCostBench(BenchCommand.options(args)).run());
    }

    private void run() throws Exception {
        int preload = Integer.parseInt(opts.getOrDefault("preload", "20000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "100"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "20"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        List<String> refreshes =
                Arrays.asList(opts.getOrDefault("refresh", "500ms").split(","));
        List<String> modes =
                Arrays.asList(opts.getOrDefault("modes", "indexer,bulk-only").split(","));
        Path runDir = StackDirs.newRunDir("indexing-cost-bench");
        ElasticsearchNode node = null;
        try {
            String es = opts.get("es");
            if (es == null) {
                node = ElasticsearchNode.onFreePort(runDir.resolve("elasticsearch"))
                        .javaOpts("-Xms1g -Xmx1g");
                node.start();
                node.awaitReady(Duration.ofSeconds(180));
                es = node.hostAndPort();
            }
            ObjectMapper json =
                    new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            rest = RestClient.builder(HttpHost.create("http://" + es)).build();
            client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(json)));
            stories = new StoryAssigner(client);
            ArticleGenerator gen = new ArticleGenerator(Long.parseLong(opts.getOrDefault("seed", "42")));
            System.out.printf(
                    Locale.ROOT,
                    "load average %s; preload %d, rate %d/s, batch %d, %d s per phase%n",
                    loadAvg(),
                    preload,
                    rate,
                    batch,
                    seconds);
            for (String refresh : refreshes) {
                for (String mode : modes) {
                    recreateIndex();
                    next = 0;
                    preload(gen, preload);
                    setRefresh(refresh);
                    if (mode.equals("compare-fetch")) {
                        compareFetch(gen, batch, Integer.parseInt(opts.getOrDefault("reps", "30")));
                    } else {
                        phase(gen, mode, refresh, rate, batch, seconds);
                    }
                }
            }
            System.out.println("load average at the end " + loadAvg());
        } finally {
            if (rest != null) {
                rest.close();
            }
            if (node != null) {
                node.stop(Duration.ofSeconds(30));
            }
            StackDirs.deleteRecursively(runDir);
        }
    }

    private void recreateIndex() throws IOException {
        rest.performRequest(new Request("DELETE", "/" + ArticleIndex.INDEX + "?ignore_unavailable=true"));
        new ArticleIndex(client, new Reindexer(client, stories), new IndexSettings(1, 0, Duration.ofSeconds(60)), "1s")
                .createIndex(ArticleIndex.INDEX, ArticleIndex.ALIAS);
    }

    private void setRefresh(String interval) throws IOException {
        Request r = new Request("PUT", "/" + ArticleIndex.INDEX + "/_settings");
        r.setJsonEntity("{\"index\":{\"refresh_interval\":\"" + interval + "\"}}");
        rest.performRequest(r);
    }

    private void preload(ArticleGenerator gen, int n) throws IOException {
        setRefresh("-1");
        while (next < n) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (int i = 0; i < 500 && next < n; i++, next++) {
                ArticleGenerator.Generated g = gen.article(next);
                add(bulk, g.article(), g.storyId());
            }
            check(client.bulk(bulk.build()));
        }
        rest.performRequest(new Request("POST", "/" + ArticleIndex.INDEX + "/_refresh"));
        rest.performRequest(new Request("POST", "/" + ArticleIndex.INDEX + "/_forcemerge?max_num_segments=1"));
    }

    private static void add(BulkRequest.Builder bulk, AnalyzedArticle doc, String storyId) {
        IndexedArticle document = IndexedArticles.of(doc, storyId);
        bulk.operations(op -> op.index(x -> x.index(ArticleIndex.INDEX)
                .id(doc.article().id())
                .version(DocumentVersion.of(doc))
                .versionType(VersionType.ExternalGte)
                .document(document)));
    }

    private static void check(BulkResponse response) {
        if (response.errors()) {
            throw new IllegalStateException("bulk errors: "
                    + response.items().stream()
                            .filter(i -> i.error() != null)
                            .findFirst()
                            .map(i -> i.error().reason())
                            .orElse("?"));
        }
    }

    /** One phase: batches at the offered rate, the indexer's way or bulk only, with ES counters around it. */
    private void phase(ArticleGenerator gen, String mode, String refresh, int rate, int batch, int seconds)
            throws Exception {
        long base = count();
        JsonNode before = stats();
        long cpuBefore = esCpuMs();
        int batches = rate * seconds / batch;
        long[] started = new long[batches];
        long[] searchable = new long[batches];
        long[] target = new long[batches];
        AtomicLong probeQueries = new AtomicLong();
        long t0 = System.nanoTime();
        // Probe: the moment each batch's last article is counted (a refresh made it visible).
        Thread probe = new Thread(() -> {
            int k = 0;
            try {
                while (k < batches) {
                    long seen = count() - base;
                    probeQueries.incrementAndGet();
                    long now = System.nanoTime();
                    while (k < batches && started[k] != 0 && seen >= target[k]) {
                        searchable[k++] = now;
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        probe.setDaemon(true);
        long storyNs = 0;
        long bulkNs = 0;
        long roundTrips = 0;
        long written = 0;
        probe.start();
        for (int k = 0; k < batches; k++) {
            long due = t0 + (long) k * batch * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<AnalyzedArticle> docs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                docs.add(gen.article(next++).article());
            }
            if (k == 0) {
                printCandidateHits(docs);
            }
            written += batch;
            target[k] = written;
            started[k] = System.nanoTime();
            List<String> storyIds;
            if (mode.equals("indexer")) {
                long s = System.nanoTime();
                storyIds = stories.storyIdsFor(
                        ArticleIndex.INDEX,
                        docs.stream().map(AnalyzedArticle::article).toList());
                storyNs += System.nanoTime() - s;
                roundTrips += 2;
            } else {
                storyIds = docs.stream().map(d -> d.article().id()).toList();
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (int i = 0; i < docs.size(); i++) {
                add(bulk, docs.get(i), storyIds.get(i));
            }
            long b = System.nanoTime();
            check(client.bulk(bulk.build()));
            bulkNs += System.nanoTime() - b;
            roundTrips++;
        }
        long elapsedNs = System.nanoTime() - t0;
        probe.join(10_000);
        long cpuAfter = esCpuMs();
        JsonNode after = stats();
        double[] lat = new double[batches];
        int n = 0;
        for (int k = 0; k < batches; k++) {
            if (searchable[k] != 0) {
                lat[n++] = (searchable[k] - started[k]) / 1e6;
            }
        }
        double[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%n== %s, refresh %s: %d articles in %d batches of %d, %.1f s (%.1f/s offered)%n",
                mode,
                refresh,
                written,
                batches,
                batch,
                elapsedNs / 1e9,
                written / (elapsedNs / 1e9));
        System.out.printf(
                Locale.ROOT,
                "  Elasticsearch process CPU %.2f ms/article (%d ms total, incl. %d probe counts)%n",
                (cpuAfter - cpuBefore) / (double) written,
                cpuAfter - cpuBefore,
                probeQueries.get());
        for (String[] f : new String[][] {
            {"indexing", "index_time_in_millis"},
            {"refresh", "total_time_in_millis"},
            {"merges", "total_time_in_millis"},
            {"search", "query_time_in_millis"},
            {"search", "fetch_time_in_millis"},
            {"get", "time_in_millis"},
            {"flush", "total_time_in_millis"}
        }) {
            long d = after.path(f[0]).path(f[1]).asLong()
                    - before.path(f[0]).path(f[1]).asLong();
            System.out.printf(
                    Locale.ROOT, "  %-9s %-22s %7d ms  %.3f ms/article%n", f[0], f[1], d, d / (double) written);
        }
        System.out.printf(
                Locale.ROOT,
                "  refreshes %d, merges %d, segments now %d%n",
                after.path("refresh").path("total").asLong()
                        - before.path("refresh").path("total").asLong(),
                after.path("merges").path("total").asLong()
                        - before.path("merges").path("total").asLong(),
                after.path("segments").path("count").asLong());
        System.out.printf(
                Locale.ROOT,
                "  indexer round trips %d (%.2f per batch); story look-up %.1f ms/batch, bulk %.1f ms/batch (wall)%n",
                roundTrips,
                roundTrips / (double) batches,
                storyNs / 1e6 / batches,
                bulkNs / 1e6 / batches);
        System.out.printf(
                Locale.ROOT,
                "  batch start -> searchable (ms, %d of %d batches): p50 %.0f p95 %.0f p99 %.0f max %.0f%n",
                n,
                batches,
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                n == 0 ? 0 : sorted[n - 1]);
        System.out.println("  load average " + loadAvg());
    }

    /**
     * The story candidate search's two fetch shapes, alternated on the same groups: the whole stored document
     * filtered to two fields (as before) against doc values with no stored field. Prints Elasticsearch process CPU per
     * search for each.
     */
    private void compareFetch(ArticleGenerator gen, int batch, int reps) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            List<String> bands = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                bands.addAll(io.redline.query.SimHash.bands(
                        IndexedArticles.simHash(gen.article(next++).article().article())));
            }
            bodies.add(new ObjectMapper()
                    .writeValueAsString(bands.stream().distinct().toList()));
        }
        String query = "\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"derived.simhashBands\":%s}}]}},"
                + "\"sort\":[{\"article.publishedAt\":{\"order\":\"asc\"}}],\"size\":5000";
        String before = "{\"_source\":{\"includes\":[\"derived.simhash\",\"derived.storyId\"]}," + query + "}";
        String after = "{\"stored_fields\":\"_none_\",\"docvalue_fields\":[\"article.id\",\"derived.simhash\","
                + "\"derived.storyId\"],\"track_total_hits\":false," + query + "}";
        long[] cpu = new long[2];
        long hits = 0;
        for (int rep = 0; rep < reps; rep++) {
            for (int v = 0; v < 2; v++) {
                StringBuilder msearch = new StringBuilder();
                for (String bands : bodies) {
                    msearch.append("{}\n").append(String.format(Locale.ROOT, v == 0 ? before : after, bands));
                    msearch.append('\n');
                }
                Request r = new Request("POST", "/" + ArticleIndex.INDEX + "/_msearch");
                r.setJsonEntity(msearch.toString());
                long c0 = esCpuMs();
                JsonNode response = read(rest.performRequest(r));
                cpu[v] += esCpuMs() - c0;
                if (v == 0 && rep == 0) {
                    for (JsonNode item : response.path("responses")) {
                        hits += item.path("hits").path("hits").size();
                    }
                }
            }
        }
        int searches = reps * bodies.size();
        System.out.printf(
                Locale.ROOT,
                "%n== story candidate search, %d groups of %d articles (%.0f hits per group), %d reps each:%n"
                        + "  _source filtered: %.2f ms CPU per search; doc values, no stored fields: %.2f ms"
                        + " (Elasticsearch process CPU)%n  load average %s%n",
                bodies.size(),
                batch,
                hits / (double) bodies.size(),
                reps,
                cpu[0] / (double) searches,
                cpu[1] / (double) searches,
                loadAvg());
    }

    /** How many indexed articles share a band with the batch (what one group search of the indexer returns). */
    private void printCandidateHits(List<AnalyzedArticle> docs) throws IOException {
        List<String> bands = docs.stream()
                .flatMap(d -> io.redline.query.SimHash.bands(IndexedArticles.simHash(d.article())).stream())
                .distinct()
                .toList();
        Request r = new Request("GET", "/" + ArticleIndex.INDEX + "/_count");
        r.setJsonEntity("{\"query\":{\"terms\":{\"derived.simhashBands\":"
                + new ObjectMapper().writeValueAsString(bands) + "}}}");
        System.out.printf(
                Locale.ROOT,
                "  first batch: %d articles, %d distinct bands, %d indexed articles share one%n",
                docs.size(),
                bands.size(),
                read(rest.performRequest(r)).path("count").asLong());
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private long count() throws IOException {
        return read(rest.performRequest(new Request("GET", "/" + ArticleIndex.INDEX + "/_count")))
                .path("count")
                .asLong();
    }

    private JsonNode stats() throws IOException {
        return read(rest.performRequest(new Request("GET", "/" + ArticleIndex.INDEX + "/_stats")))
                .path("indices")
                .path(ArticleIndex.INDEX)
                .path("primaries");
    }

    private long esCpuMs() throws IOException {
        JsonNode nodes = read(rest.performRequest(new Request("GET", "/_nodes/stats/process")))
                .path("nodes");
        return nodes.elements()
                .next()
                .path("process")
                .path("cpu")
                .path("total_in_millis")
                .asLong();
    }

    private static JsonNode read(org.elasticsearch.client.Response r) throws IOException {
        try (InputStream in = r.getEntity().getContent()) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String loadAvg() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    @SuppressWarnings("unused")
    private static RawArticle raw(AnalyzedArticle a) {
        return a.article();
    }
}
