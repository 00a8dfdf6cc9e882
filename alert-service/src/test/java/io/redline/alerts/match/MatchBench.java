package io.redline.alerts.match;

import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.SignalType;
import io.redline.localstack.bench.ArticleGenerator;
import io.redline.localstack.bench.BenchCommand;
import io.redline.localstack.bench.Machine;
import io.redline.query.EnglishStemmer;
import io.redline.query.IndexedArticles;
import io.redline.query.SubscriptionQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The subscription-matching benchmark (alerts, item 2): match time per article against 100, 1,000, 10,000 and
 * 100,000 (the default cap) generated subscriptions, in-process, on one thread. A command, not a test:
 *
 * <pre>
 * ./mvnw -B -o -q -pl alert-service test-compile exec:java -Dexec.args="--articles 2000"
 * </pre>
 *
 * Articles come from local-stack's {@link ArticleGenerator} (300-600 words of news prose with signals, actors, levels)
 * and are turned into {@link IndexedArticle}s before timing, as they arrive on redline.articles.indexed; the timed
 * unit is {@link SubscriptionMatcher#match(IndexedArticle)} (Lucene document, MemoryIndex, term index look-ups,
 * candidate queries), and {@code matchWithHighlights} in the "+ highlights" rows. Subscriptions are drawn from the
 * articles' own vocabulary with a fixed mix of shapes (words, phrases, OR, NOT, prefixes, filters,
 * level/score/signal/actor conditions), seeded, so runs compare.
 *
 * <p>Columns: CPU p50/p99/mean = the matching thread's CPU time per article, ms (what the latency would be on an idle
 * core; on a shared, loaded machine wall-clock latency mostly measures the run queue); wall p50/p99 = wall-clock
 * latency per article, ms; matches = subscriptions matched per article; run/art. = candidate subscriptions the
 * term index let through (and that ran) per article; register s = time to register all subscriptions in one batch; index MiB =
 * heap the registered matcher holds (used heap after a full GC, with minus without it);
 * load avg = the machine's 1/5/15-minute load average when the row was measured.
 *
 * <p>Options: {@code --subscriptions 100,1000,10000,100000}, {@code --articles 2000} (timed per row), {@code --warmup 500},
 * {@code --seed 42}, {@code --max-df 0.1} (see {@link #vocabulary}), {@code --no-highlights}.
 */
public final class MatchBench {

    /** CPU time of the matching thread: on a shared, loaded machine wall-clock latency mostly measures the queue. */
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Map<String, String> opts;

    private MatchBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) {
        BenchCommand.exitAfter(() -> new MatchBench(BenchCommand.options(args)).run());
    }

    private record Stats(double p50, double p99, double mean) {}

    private void run() throws IOException {
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        int articles = Integer.parseInt(opts.getOrDefault("articles", "2000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "500"));
        boolean highlights = !opts.containsKey("no-highlights");
        int[] sizes = Arrays.stream(opts.getOrDefault("subscriptions", "100,1000,10000,100000")
                        .split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        printMachine("start");

        ArticleGenerator generator = new ArticleGenerator(seed);
        List<IndexedArticle> docs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < articles + warmup; i++) {
            ArticleGenerator.Generated g = generator.article(i);
            docs.add(IndexedArticles.of(g.article(), g.storyId()));
        }
        double buildMs = (System.nanoTime() - t0) / 1e6 / docs.size();
        System.out.printf(
                Locale.ROOT,
                "%,d generated articles (%,d timed + %,d warm-up); IndexedArticles.of %.3f ms "
                        + "each (not in the timings below)%n",
                docs.size(),
                articles,
                warmup,
                buildMs);
        double maxDf = Double.parseDouble(opts.getOrDefault("max-df", "0.1"));
        List<String> vocabulary = vocabulary(docs.subList(0, Math.min(docs.size(), 500)), maxDf);
        System.out.printf(
                Locale.ROOT,
                "Subscription vocabulary: %,d words found in at most %.0f%% of the first 500 " + "articles%n",
                vocabulary.size(),
                maxDf * 100);

        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            List<SubscriptionQuery> subs = subscriptions(n, vocabulary, new SplittableRandom(seed + n));
            long heapBefore = usedHeapAfterGc();
            try (SubscriptionMatcher matcher = new SubscriptionMatcher(Math.max(n, 1))) {
                long r0 = System.nanoTime();
                matcher.registerAll(subs);
                double registerS = (System.nanoTime() - r0) / 1e9;
                double indexMiB = (usedHeapAfterGc() - heapBefore) / (1024.0 * 1024.0);
                for (int i = 0; i < warmup; i++) {
                    IndexedArticle d = docs.get(articles + i);
                    matcher.match(d);
                    if (highlights) {
                        matcher.matchWithHighlights(d);
                    }
                }
                double[] cpu = new double[articles];
                double[] wall = new double[articles];
                long matches = 0;
                long run = 0;
                for (int i = 0; i < articles; i++) {
                    long c = CPU.getCurrentThreadCpuTime();
                    long a = System.nanoTime();
                    SubscriptionMatcher.Details result = matcher.matchDetails(docs.get(i));
                    wall[i] = (System.nanoTime() - a) / 1e6;
                    cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
                    matches += result.ids().size();
                    run += result.candidates();
                }
                rows.add(row(
                        n,
                        "match",
                        stats(cpu),
                        stats(wall),
                        (double) matches / articles,
                        (double) run / articles,
                        registerS,
                        indexMiB));
                System.out.println(rows.get(rows.size() - 1));
                if (highlights) {
                    long hmatches = 0;
                    for (int i = 0; i < articles; i++) {
                        long c = CPU.getCurrentThreadCpuTime();
                        long a = System.nanoTime();
                        hmatches += matcher.matchWithHighlights(docs.get(i)).size();
                        wall[i] = (System.nanoTime() - a) / 1e6;
                        cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
                    }
                    rows.add(row(
                            n,
                            "+ highlights",
                            stats(cpu),
                            stats(wall),
                            (double) hmatches / articles,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        }
        System.out.println();
        System.out.println("SUBSCRIPTION MATCHING per article, one thread (ms; in-process, no Elasticsearch)");
        System.out.println(header());
        rows.forEach(System.out::println);
        printMachine("end");
    }

    /**
     * The words subscriptions are made of: words (4+ letters) of the sample articles found in at most {@code maxDf}
     * of them. Alerts watch topics (places, people, weapons), not the words every conflict story has; with the
     * generator's small vocabulary, drawing from all words would make every subscription match ~1 article in 8.
     */
    static List<String> vocabulary(List<IndexedArticle> docs, double maxDf) {
        Map<String, Integer> df = new java.util.TreeMap<>();
        for (IndexedArticle d : docs) {
            Set<String> seen = new java.util.HashSet<>();
            for (String w :
                    EnglishStemmer.words(d.article().title() + " " + d.article().text())) {
                if (w.length() >= 4 && w.chars().allMatch(Character::isLetter) && seen.add(w)) {
                    df.merge(w, 1, Integer::sum);
                }
            }
        }
        List<String> out = new ArrayList<>();
        df.forEach((w, n) -> {
            if (n <= maxDf * docs.size()) {
                out.add(w);
            }
        });
        return out;
    }

    private static final List<String> ACTORS = List.of(
            "RUS", "UKR", "USA", "NATO", "CHN", "TWN", "ISR", "IRN", "EU", "GBR", "FRA", "DEU", "PRK", "KOR", "TUR",
            "POL");

    /** A seeded mix of subscription shapes over the vocabulary. */
    static List<SubscriptionQuery> subscriptions(int n, List<String> vocabulary, SplittableRandom r) {
        List<SubscriptionQuery> out = new ArrayList<>(n);
        SignalType[] signals = SignalType.values();
        for (int i = 0; i < n; i++) {
            String id = "sub-" + i;
            int shape = r.nextInt(100);
            String w1 = pick(vocabulary, r);
            String w2 = pick(vocabulary, r);
            String w3 = pick(vocabulary, r);
            SubscriptionQuery s;
            if (shape < 30) {
                s = SubscriptionQuery.of(id, w1 + (r.nextBoolean() ? " " + w2 : ""), Map.of());
            } else if (shape < 45) {
                s = SubscriptionQuery.of(id, "\"" + w1 + " " + w2 + "\"", Map.of());
            } else if (shape < 55) {
                s = SubscriptionQuery.of(id, w1 + " OR " + w2 + " OR " + w3, Map.of());
            } else if (shape < 62) {
                s = SubscriptionQuery.of(id, w1 + " -" + w2, Map.of());
            } else if (shape < 67) {
                s = SubscriptionQuery.of(id, w1.substring(0, Math.min(5, w1.length())) + "*", Map.of());
            } else if (shape < 72) {
                s = SubscriptionQuery.of(id, "title:" + w1, Map.of("language", List.of("en")));
            } else if (shape < 84) {
                // Filters only: the alert "anything by these actors at this score".
                s = new SubscriptionQuery(
                        id,
                        null,
                        Map.of(),
                        null,
                        20 + r.nextInt(70),
                        List.of(),
                        List.of(ACTORS.get(r.nextInt(ACTORS.size())), ACTORS.get(r.nextInt(ACTORS.size()))));
            } else if (shape < 92) {
                s = new SubscriptionQuery(
                        id,
                        null,
                        Map.of("modality", List.of("asserted")),
                        EscalationLevel.values()[2 + r.nextInt(3)],
                        null,
                        List.of(signals[r.nextInt(signals.length)]),
                        List.of(ACTORS.get(r.nextInt(ACTORS.size()))));
            } else {
                s = new SubscriptionQuery(
                        id,
                        w1 + " OR \"" + w2 + " " + w3 + "\"",
                        Map.of("from", List.of("2026-11-01"), "source", List.of("reuters.com", "apnews.com")),
                        EscalationLevel.ELEVATED,
                        null,
                        List.of(),
                        List.of());
            }
            out.add(s);
        }
        return out;
    }

    private static String pick(List<String> vocabulary, SplittableRandom r) {
        return vocabulary.get(r.nextInt(vocabulary.size()));
    }

    /** Heap in use after a full collection (System.gc twice: the default collectors honour it). */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static Stats stats(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(
                pct(sorted, 50),
                pct(sorted, 99),
                Arrays.stream(sorted).average().orElse(0));
    }

    /** Nearest-rank percentile. */
    private static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String header() {
        return String.format(
                        Locale.ROOT,
                        "| %13s | %-12s | %7s | %7s | %8s | %8s | %8s | %9s | %9s | %10s | %9s | %-17s |",
                        "subscriptions",
                        "result",
                        "CPU p50",
                        "CPU p99",
                        "CPU mean",
                        "wall p50",
                        "wall p99",
                        "matches",
                        "run/art.",
                        "register s",
                        "index MiB",
                        "load avg")
                + "\n|" + "-".repeat(15) + "|" + "-".repeat(14) + "|" + ("-".repeat(9) + "|").repeat(2)
                + ("-".repeat(10) + "|").repeat(3) + ("-".repeat(11) + "|").repeat(2) + "-".repeat(12) + "|"
                + "-".repeat(11) + "|"
                + "-".repeat(19) + "|";
    }

    private static String row(
            int n, String mode, Stats cpu, Stats wall, double matches, double run, double registerS, double indexMiB) {
        return String.format(
                Locale.ROOT,
                "| %,13d | %-12s | %7.3f | %7.3f | %8.3f | %8.3f | %8.3f | %9.2f | %9s | %10s | %9s | %-17s |",
                n,
                mode,
                cpu.p50(),
                cpu.p99(),
                cpu.mean(),
                wall.p50(),
                wall.p99(),
                matches,
                Double.isNaN(run) ? "" : String.format(Locale.ROOT, "%.1f", run),
                Double.isNaN(registerS) ? "" : String.format(Locale.ROOT, "%.2f", registerS),
                Double.isNaN(indexMiB) ? "" : String.format(Locale.ROOT, "%.1f", indexMiB),
                Machine.loadAverage());
    }

    private static void printMachine(String when) {
        System.out.printf(
                Locale.ROOT,
                "MACHINE (%s, %s): %d cores, CPU %s, Java %s, max heap %d MiB, load average " + "(1/5/15 min) %s%n",
                when,
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Machine.cpuModel(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Machine.loadAverage());
    }
}
