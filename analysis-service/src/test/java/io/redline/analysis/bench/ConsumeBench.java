package io.redline.analysis.bench;

import io.redline.localstack.FreePorts;
import io.redline.localstack.KafkaBroker;
import io.redline.localstack.ManagedProcess;
import io.redline.localstack.StackDirs;
import io.redline.localstack.bench.BenchCommand;
import io.redline.localstack.bench.Machine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures analysis-service as a Kafka consumer: the built jar as its own process against a local-stack broker,
 * a burst of raw articles (articles/s until all are on redline.articles.analyzed, CPU µs per article) and a
 * steady trickle (latency from the raw send to the analysed record arriving at a consumer).
 *
 * <pre>
 * ./mvnw -o -q -pl analysis-service -am package -DskipTests
 * ./mvnw -o -q -pl analysis-service test-compile exec:java@consume-bench \
 *     -Dexec.args="--burst 20000 --rate 100 --seconds 30"
 * # options: --warmup 2000 --text-bytes 3000 --jar path/to/quarkus-run.jar --service-java-opts "..."
 * </pre>
 */
public final class ConsumeBench {

    private static final String RAW = "redline.articles.raw";
    private static final String ANALYZED = "redline.articles.analyzed";
    private static final long CLOCK_TICKS = 100; // USER_HZ, for /proc/<pid>/stat

    private static final String[] WORDS = ("the government said on monday that forces had moved closer to the "
                    + "border while officials in the capital warned of a red line and threatened to retaliate if strikes "
                    + "continued talks resumed in geneva as delegations met to discuss a ceasefire and the release of "
                    + "prisoners troops were deployed near the frontier and the ministry denied that its jets had attacked "
                    + "civilian targets sanctions were announced against banks and an embassy was closed after protests")
            .split(" ");

    private ConsumeBench() {}

    public static void main(String[] args) {
        BenchCommand.exitAfter(() -> run(BenchCommand.options(args)));
    }

    private static void run(Map<String, String> opts) throws Exception {
        int burst = Integer.parseInt(opts.getOrDefault("burst", "20000"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int textBytes = Integer.parseInt(opts.getOrDefault("text-bytes", "3000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2000"));
        Path jar = Path.of(opts.getOrDefault("jar", jar())).toAbsolutePath();
        System.out.printf("load average %s; jar %s%n", Machine.loadAverage(), jar);
        Path runDir = StackDirs.newRunDir("analysis-bench");
        KafkaBroker kafka = KafkaBroker.onFreePorts(runDir.resolve("kafka")).javaOpts("-Xms256m -Xmx512m");
        ManagedProcess analysis = null;
        try {
            kafka.start();
            kafka.awaitReady(Duration.ofSeconds(180));
            int port = FreePorts.next();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("JAVA_TOOL_OPTIONS", null);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String javaOpts = opts.getOrDefault("service-java-opts", "");
            if (!javaOpts.isBlank()) {
                command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            analysis = ManagedProcess.start("analysis-service", command, env, runDir, runDir.resolve("analysis.log"));
            awaitReady(analysis, "http://127.0.0.1:" + port);
            System.out.printf("analysis-service pid %d ready%n", analysis.pid());
            try (Arrivals arrivals = new Arrivals(kafka.bootstrapServers());
                    KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                SplittableRandom random = new SplittableRandom(42);
                // Warm-up: the JIT and the tagger's tables, not measured.
                sendAll(producer, arrivals, "warm", warmup, textBytes, random, 0);
                arrivals.await("warm", warmup, Duration.ofMinutes(10));

                // 1. Burst: everything produced at once, analysis drains it.
                long ticks0 = ticks(analysis.pid());
                long t0 = System.nanoTime();
                sendAll(producer, arrivals, "burst", burst, textBytes, random, 0);
                long sent = System.nanoTime();
                arrivals.await("burst", burst, Duration.ofMinutes(10));
                long t1 = System.nanoTime();
                long ticks1 = ticks(analysis.pid());
                double wall = (t1 - t0) / 1e9;
                double cpu = (ticks1 - ticks0) / (double) CLOCK_TICKS;
                System.out.printf(
                        Locale.ROOT,
                        "burst: %,d articles (~%d B text) produced in %.1f s, all analysed after "
                                + "%.1f s: %.0f articles/s; analysis CPU %.1f s = %.0f µs/article (%.0f %% of a core); "
                                + "load %s%n",
                        burst,
                        textBytes,
                        (sent - t0) / 1e9,
                        wall,
                        burst / wall,
                        cpu,
                        cpu * 1e6 / burst,
                        100 * cpu / wall,
                        Machine.loadAverage());

                // 2. Trickle: a steady rate, latency per article from send to arrival on the analysed topic.
                int n = (int) Math.round(rate * seconds);
                ticks0 = ticks(analysis.pid());
                t0 = System.nanoTime();
                sendAll(producer, arrivals, "trickle", n, textBytes, random, rate);
                arrivals.await("trickle", n, Duration.ofMinutes(5));
                t1 = System.nanoTime();
                ticks1 = ticks(analysis.pid());
                long[] lat = arrivals.latenciesMicros("trickle");
                Arrays.sort(lat);
                cpu = (ticks1 - ticks0) / (double) CLOCK_TICKS;
                System.out.printf(
                        Locale.ROOT,
                        "trickle: %,d articles at %.0f/s: raw send -> analysed received p50 %.1f ms, "
                                + "p99 %.1f ms, max %.1f ms; analysis CPU %.0f µs/article (%.0f %% of a core); load %s%n",
                        n,
                        rate,
                        lat[lat.length / 2] / 1e3,
                        lat[(int) (lat.length * 0.99)] / 1e3,
                        lat[lat.length - 1] / 1e3,
                        cpu * 1e6 / n,
                        100 * cpu / ((t1 - t0) / 1e9),
                        Machine.loadAverage());
            }
        } finally {
            if (analysis != null) {
                analysis.stop(Duration.ofSeconds(20));
            }
            kafka.stop(Duration.ofSeconds(20));
            StackDirs.deleteRecursively(runDir);
        }
    }

    /** Sends {@code n} articles whose ids start with {@code prefix}; at {@code rate} per second, or at once when 0. */
    private static void sendAll(
            KafkaProducer<String, String> producer,
            Arrivals arrivals,
            String prefix,
            int n,
            int textBytes,
            SplittableRandom random,
            double rate)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            String id = prefix + "-" + i;
            String json = article(id, textBytes, random);
            arrivals.sent(id);
            producer.send(new ProducerRecord<>(RAW, id, json));
        }
        producer.flush();
    }

    private static String article(String id, int textBytes, SplittableRandom r) {
        StringBuilder text = new StringBuilder(textBytes + 200);
        while (text.length() < textBytes) {
            int words = 8 + r.nextInt(14);
            StringBuilder s = new StringBuilder();
            for (int w = 0; w < words; w++) {
                s.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
            text.append(s).append(r.nextInt(5) == 0 ? ".\\n\\n" : ". ");
        }
        return """
                {"id":"%s","revision":1,"url":"http://example.org/%s","feedId":"f1","feedUrl":"http://example.org/rss",\
                "sourceDomain":"example.org","title":"Officials warn of a red line","summary":"","contentHtml":"",\
                "text":"%s","authors":[],"categories":[],"tags":[],"language":"en",\
                "publishedAt":"2026-11-27T08:00:00Z","updatedAt":"2026-11-27T08:00:00Z",\
                "fetchedAt":"2026-11-27T08:01:00Z","contentHash":"h"}""".formatted(id, id, text);
    }

    private static KafkaProducer<String, String> producer(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Consumes redline.articles.analyzed in a thread of its own and notes when each id arrived. */
    private static final class Arrivals implements AutoCloseable {

        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<String, Long> latency = new ConcurrentHashMap<>();
        private final AtomicLong other = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Arrivals(String servers) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "analysis-bench-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
            // The bench's own consumer must not be the one adding latency.
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, String> consumer =
                                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                            consumer.subscribe(List.of(ANALYZED));
                            while (running.get()) {
                                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                                    long now = System.nanoTime();
                                    Long at = sentAt.get(r.key());
                                    if (at == null) {
                                        other.incrementAndGet();
                                    } else {
                                        latency.putIfAbsent(r.key(), (now - at) / 1000);
                                    }
                                }
                            }
                        }
                    },
                    "analysed-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        void sent(String id) {
            sentAt.put(id, System.nanoTime());
        }

        void await(String prefix, int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count(prefix) < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(prefix + ": only " + count(prefix) + " of " + n + " analysed");
                }
                Thread.sleep(20);
            }
        }

        private long count(String prefix) {
            return latency.keySet().stream()
                    .filter(k -> k.startsWith(prefix + "-"))
                    .count();
        }

        long[] latenciesMicros(String prefix) {
            return latency.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix + "-"))
                    .mapToLong(Map.Entry::getValue)
                    .toArray();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    private static void awaitReady(ManagedProcess process, String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (process.exitCode() != null) {
                throw new IllegalStateException("analysis-service exited:\n" + process.logTail(40));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("analysis-service not ready in 120 s:\n" + process.logTail(40));
            }
            Thread.sleep(250);
        }
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String jar() {
        for (String p :
                List.of("target/quarkus-app/quarkus-run.jar", "analysis-service/target/quarkus-app/quarkus-run.jar")) {
            if (Files.exists(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("Build the service first: ./mvnw -o -q -pl analysis-service -am package "
                + "-DskipTests (no quarkus-run.jar)");
    }
}
