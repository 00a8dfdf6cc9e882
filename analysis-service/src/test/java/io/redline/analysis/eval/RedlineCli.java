package io.redline.analysis.eval;

import io.redline.analysis.tagging.EscalationTagger;
import io.redline.analysis.tagging.SentenceClassifier;
import io.redline.analysis.tagging.SentenceSplitter;
import io.redline.analysis.tagging.SentenceTagger;
import io.redline.common.language.Languages;
import io.redline.contracts.Analysis;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Command line of the tagger: {@code eval <file.tsv> [--predictions out.tsv] [--cv k]}, {@code train <file.tsv>
 * [--out path]} and {@code bench [article files...]}; run with
 * {@code ./mvnw -q -pl analysis-service -am test-compile exec:java -Dexec.args="..."} from the project root (it is
 * in the test sources so that the service's jar carries no harness).
 */
public final class RedlineCli {

    private RedlineCli() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        switch (args[0]) {
            case "eval" -> eval(Arrays.copyOfRange(args, 1, args.length));
            case "report" -> report(Arrays.copyOfRange(args, 1, args.length));
            case "train" -> train(Arrays.copyOfRange(args, 1, args.length));
            case "bench" -> bench(Arrays.copyOfRange(args, 1, args.length));
            case "analyze" -> analyze(Arrays.copyOfRange(args, 1, args.length));
            case "explain" -> explain(Arrays.copyOfRange(args, 1, args.length));
            default -> usage();
        }
    }

    private static void usage() {
        System.out.println("""
                usage: eval <file.tsv> [--predictions out.tsv] [--cv k] [--rules-only]
                       report <file.tsv> [file.tsv ...]   (one table row of figures per file)
                       train <file.tsv[@weight]> [file.tsv[@weight] ...] [--out analysis-service/src/main/resources/tagging/sentence-model.txt.gz]
                       bench [--seconds s] [--warmup s] [--rules-only] [article.txt | sentences.tsv ...]
                       analyze <article.txt> [--lang xx]   (first line the title; language detected unless given)
                       explain <sentence> [--lang xx]   (how one sentence is read: findings, cues, model scores)""");
    }

    private static String option(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    /** exec:java runs in the module directory; paths in the docs are relative to the project root. */
    private static Path resolve(String file) {
        return DataFiles.resolve(file);
    }

    static void eval(String[] args) throws IOException {
        if (args.length == 0) {
            usage();
            return;
        }
        LabelledSet set = LabelledSet.read(resolve(args[0]));
        EscalationTagger tagger = EscalationTagger.defaults();
        if (List.of(args).contains("--rules-only")) {
            // Baseline: class5 from the rules' primary event alone, no learned weights.
            tagger = new EscalationTagger(tagger.sentenceTagger(), SentenceClassifier.rulesOnly());
        }
        Evaluator.Result r = new Evaluator(tagger).evaluate(set, Integer.parseInt(option(args, "--cv", "0")));
        System.out.print(r.report());
        String out = option(args, "--predictions", null);
        if (out != null) {
            Files.write(Path.of(out), r.predictions(), StandardCharsets.UTF_8);
            System.out.println("predictions written to " + out);
        }
    }

    /**
     * One markdown table row per labelled file: how it was scored (shipped model or cross-validation) and every
     * figure its columns allow; "-" where a file has no such label.
     */
    static void report(String[] args) throws IOException {
        EscalationTagger tagger = EscalationTagger.defaults();
        System.out.println("| set | rows | scored by | class5 acc | class5 macro-F1 | PLOVER acc | PLOVER macro-F1 "
                + "| modality acc | signals P | signals R |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String f : args) {
            LabelledSet set = LabelledSet.read(resolve(f));
            Evaluator.Result r = new Evaluator(tagger).evaluate(set, 0);
            boolean signals = set.has("signals");
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    f,
                    set.rows().size(),
                    r.crossValidationFolds() > 1 ? r.crossValidationFolds() + "-fold CV" : "shipped model",
                    r.class5() == null ? "-" : fmt(r.class5().accuracy()),
                    r.class5() == null ? "-" : fmt(r.class5().macroF1()),
                    r.plover() == null ? "-" : fmt(r.plover().accuracy()),
                    r.plover() == null ? "-" : fmt(r.plover().macroF1()),
                    r.modality() == null ? "-" : fmt(r.modality().accuracy()),
                    signals ? fmt(r.signalPrecision()) : "-",
                    signals ? fmt(r.signalRecall()) : "-");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * Trains the sentence model on the given files (each row whichever labels its file has) and writes it; the
     * model records each file's path and SHA-256 so that evaluating one of them cross-validates.
     */
    static void train(String[] args) throws IOException {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                i++;
            } else {
                files.add(args[i]);
            }
        }
        if (files.isEmpty()) {
            usage();
            return;
        }
        for (String f : files) {
            // The blind sets measure text the tagger has never seen; learning from one would void its figures.
            if (Path.of(f).normalize().toString().replace('\\', '/').contains("data/blind/")) {
                throw new IllegalArgumentException(f + " is a blind set (analysis-service/data/blind): it is never "
                        + "trained on; see analysis-service/data/README.md");
            }
        }
        SentenceTagger st = EscalationTagger.defaults().sentenceTagger();
        List<SentenceClassifier.Example> examples = new ArrayList<>();
        List<SentenceClassifier.TrainedFile> trained = new ArrayList<>();
        for (String spec : files) {
            // "file.tsv@2": each of its rows counts twice in the loss (the real news sentences among written ones).
            int at = spec.lastIndexOf('@');
            String f = at > 0 ? spec.substring(0, at) : spec;
            double weight = at > 0 ? Double.parseDouble(spec.substring(at + 1)) : 1.0;
            LabelledSet set = LabelledSet.read(DataFiles.resolve(f));
            examples.addAll(TrainingSet.examples(set, st, i -> true, weight));
            trained.add(new SentenceClassifier.TrainedFile(f, set.sha256(), weight));
            System.out.printf(
                    Locale.ROOT,
                    "  %s: %d rows, weight %s (sha256 %s)%n",
                    f,
                    set.rows().size(),
                    weight,
                    set.sha256());
        }
        SentenceClassifier m = SentenceClassifier.train(examples, trained);
        Path out = Path.of(option(
                args,
                "--out",
                DataFiles.projectRoot()
                        .resolve("analysis-service/src/main/resources/tagging/sentence-model.txt.gz")
                        .toString()));
        try (OutputStream w = Files.newOutputStream(out)) {
            m.write(w);
        }
        System.out.printf(
                Locale.ROOT,
                "trained on %d rows of %d files; weights written to %s%n",
                examples.size(),
                files.size(),
                out);
    }

    /** Prints how one sentence is read: the language, every finding with its priority, the cues and the label. */
    static void explain(String[] args) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang")) {
                i++;
            } else {
                text.append(text.length() == 0 ? "" : " ").append(args[i]);
            }
        }
        EscalationTagger tagger = EscalationTagger.defaults();
        String lang = Languages.decide(option(args, "--lang", null), text.toString());
        SentenceTagger.Reading r = tagger.sentenceTagger().read(text.toString(), lang);
        System.out.println("language " + lang + "; actors " + r.mentions());
        r.events()
                .forEach(f -> System.out.printf(
                        Locale.ROOT,
                        "  event  %-10s %-12s prio %d [%s] %s->%s speaker=%s%n",
                        f.category(),
                        f.modality(),
                        f.priority(),
                        r.sentence().substring(f.start(), f.end()),
                        f.source(),
                        f.target(),
                        f.speaker()));
        r.signals()
                .forEach(f -> System.out.printf(
                        Locale.ROOT,
                        "  signal %-20s %-12s prio %d [%s]%n",
                        f.signal(),
                        f.modality(),
                        f.priority(),
                        r.sentence().substring(f.start(), f.end())));
        System.out.println("  primary "
                + (r.primary() == null
                        ? "none"
                        : r.primary().category() + " " + r.primary().modality()) + "; cues "
                + Integer.toBinaryString(r.cues()));
        SentenceClassifier.Scores sc = tagger.classifier().scores(r);
        EscalationTagger.SentenceLabel label = tagger.label(r, sc);
        System.out.printf(
                Locale.ROOT,
                "  label plover=%s class5=%d modality=%s signals=%s%n",
                label.plover(),
                label.class5(),
                label.modality(),
                label.signals());
        StringBuilder top = new StringBuilder();
        for (io.redline.contracts.SignalType t : io.redline.contracts.SignalType.values()) {
            if (sc.signal(t) >= 0.1) {
                top.append(String.format(Locale.ROOT, " %s=%.2f", t, sc.signal(t)));
            }
        }
        System.out.println("  model signals" + top);
    }

    static void analyze(String[] args) throws IOException {
        String text = Files.readString(resolve(args[0]));
        int nl = text.indexOf('\n');
        // The language as a feed would give it: --lang when given, else detected from the text.
        Analysis a = EscalationTagger.defaults()
                .analyze(text.substring(0, nl), text.substring(nl + 1), option(args, "--lang", null), Instant.EPOCH);
        System.out.printf(
                Locale.ROOT,
                "language=%s score=%d level=%s deescalation=%d goldstein=%s%n",
                a.language(),
                a.escalationScore(),
                a.level(),
                a.deescalationScore(),
                a.goldstein());
        a.signals()
                .forEach(s -> System.out.printf(
                        Locale.ROOT,
                        "  signal %-20s %-12s %.2f [%s] s%d: %s%n",
                        s.type(),
                        s.modality(),
                        s.confidence(),
                        s.evidence().matchedText(),
                        s.evidence().sentenceIndex(),
                        s.speaker() == null ? "" : "speaker=" + s.speaker()));
        a.events()
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "  event  %-10s %-12s %s->%s %.2f [%s] s%d%n",
                        e.category(),
                        e.modality(),
                        e.source(),
                        e.target(),
                        e.confidence(),
                        e.evidence().matchedText(),
                        e.evidence().sentenceIndex()));
        a.dyads().forEach(d -> System.out.println("  dyad " + d));
        a.topEvidence().forEach(e -> System.out.println("  top s" + e.sentenceIndex() + ": " + e.sentence()));
    }

    /**
     * Throughput and latency on one core: articles of 3-5 KB built by deterministically reshuffling the sentences
     * of the given articles (default: the commissioning article found from the working directory upwards).
     */
    static void bench(String[] args) throws IOException {
        double seconds = Double.parseDouble(option(args, "--seconds", "10"));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") || args[i].equals("--warmup")) {
                i++;
            } else if (args[i].equals("--rules-only")) {
                continue;
            } else if (args[i].endsWith(".tsv")) {
                // A labelled set: its sentences, a varied vocabulary (the default article repeats a few hundred words).
                LabelledSet set = LabelledSet.read(resolve(args[i]));
                sources.add(String.join(
                        " ", set.rows().stream().map(r -> r.get("text")).toList()));
            } else {
                sources.add(Files.readString(resolve(args[i])));
            }
        }
        if (sources.isEmpty()) {
            Path p = DataFiles.shared("articles/putin-red-line.txt");
            sources.add(Files.readString(p));
        }
        List<String> sentences = new ArrayList<>();
        for (String s : sources) {
            SentenceSplitter.split(s).forEach(x -> sentences.add(x.text()));
        }
        Random rnd = new Random(7);
        List<String> articles = new ArrayList<>();
        long bytes = 0;
        for (int a = 0; a < 200; a++) {
            int target = 3000 + rnd.nextInt(2001);
            StringBuilder sb = new StringBuilder();
            List<String> pool = new ArrayList<>(sentences);
            Collections.shuffle(pool, rnd);
            int k = 0;
            while (sb.length() < target) {
                sb.append(pool.get(k++ % pool.size())).append(k % 4 == 0 ? "\n\n" : " ");
            }
            articles.add(sb.toString());
            bytes += sb.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        EscalationTagger tagger = EscalationTagger.defaults();
        if (List.of(args).contains("--rules-only")) {
            // What the model costs: the same articles without its scores (no model-added signals either).
            tagger = new EscalationTagger(tagger.sentenceTagger(), SentenceClassifier.rulesOnly());
        }
        Instant now = Instant.EPOCH;
        long sink = 0;
        // A word new to the process costs one WordNet look-up (then it is kept on its Word): timed here on every
        // distinct word of the bench articles, the table loaded first (its one-off load is timed too).
        java.lang.management.ThreadMXBean cpuClock = java.lang.management.ManagementFactory.getThreadMXBean();
        long loadStart = cpuClock.getCurrentThreadCpuTime();
        io.redline.analysis.tagging.WordNetTable table = io.redline.analysis.tagging.WordNetTable.shipped();
        double loadMillis = (cpuClock.getCurrentThreadCpuTime() - loadStart) / 1e6;
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String a : articles) {
            for (String w : a.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                if (!w.isEmpty()) {
                    distinct.add(w);
                }
            }
        }
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long lookStart = cpuClock.getCurrentThreadCpuTime();
            for (String w : distinct) {
                sink += table.lookup(w).posMask();
            }
            if (round == 1) {
                System.out.printf(
                        Locale.ROOT,
                        "WordNet table: loaded in %.0f ms CPU; a new word's look-up %.1f µs " + "(%d distinct words)%n",
                        loadMillis,
                        (cpuClock.getCurrentThreadCpuTime() - lookStart) / 1e3 / distinct.size(),
                        distinct.size());
            }
        }
        long warmEnd = System.nanoTime() + (long) (Double.parseDouble(option(args, "--warmup", "10")) * 1e9);
        int i = 0;
        while (System.nanoTime() < warmEnd) {
            sink += tagger.analyze("Title", articles.get(i++ % articles.size()), "en", now)
                    .escalationScore();
        }
        int n = 0;
        long[] lat = new long[5_000_000];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long t0 = start;
        // CPU time per batch of 200 articles (each article once): the best batch estimates an undisturbed core
        // when other processes share the machine.
        double bestBatch = Double.MAX_VALUE;
        long batchCpu = cpuStart;
        while (t0 < end && n < lat.length) {
            sink += tagger.analyze("Title", articles.get(n % articles.size()), "en", now)
                    .escalationScore();
            long t1 = System.nanoTime();
            lat[n++] = t1 - t0;
            t0 = t1;
            if (n % articles.size() == 0) {
                long c = mx.getCurrentThreadCpuTime();
                bestBatch = Math.min(bestBatch, (c - batchCpu) / 1e3 / articles.size());
                batchCpu = c;
            }
        }
        double elapsed = (t0 - start) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        // Wall-clock figures suffer from other processes on a shared machine; CPU time of the benchmark thread
        // gives the articles per second one dedicated core would sustain.
        System.out.printf(
                Locale.ROOT,
                "| articles | mean size | threads | articles/s (wall) | articles/s per CPU-second | "
                        + "CPU µs/article | best batch CPU µs/article (articles/s) | wall p50 | wall p99 |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
        System.out.printf(
                Locale.ROOT,
                "| %d | %.1f KB | 1 | %.0f | %.0f | %.1f | %.1f (%.0f) | %.1f µs | %.1f µs |%n",
                n,
                bytes / 200.0 / 1024,
                n / elapsed,
                n / cpu,
                cpu * 1e6 / n,
                bestBatch,
                1e6 / bestBatch,
                sorted[n / 2] / 1e3,
                sorted[(int) (n * 0.99)] / 1e3);
        System.out.println("(checksum " + sink + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
    }
}
