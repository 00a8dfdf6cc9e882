package io.redline.ingest.bench;

import io.redline.localstack.bench.BenchCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the ingest-service benchmarks, commands rather than tests:
 *
 * <pre>
 * ./mvnw -q -pl ingest-service test-compile exec:java@bench -Dexec.args="parse [corpus-dir] [--rounds 10]"
 * ./mvnw -q -pl ingest-service test-compile exec:java@bench -Dexec.args="farm [--minutes 3] [--fetch-threads 4,16]"
 * ./mvnw -q -pl ingest-service test-compile exec:java@bench -Dexec.args="repoll [--polls 200]"
 * </pre>
 *
 * See {@link ParseBench}, {@link FarmBench} and {@code feed.RepollBench} for what each measures and their options.
 */
public final class IngestBench {

    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("parse") || args[0].equals("farm") || args[0].equals("repoll"))) {
            System.err.println("usage: parse [corpus-dir] [--warmup 5] [--rounds 10] [--big-feeds 50] "
                    + "[--big-items 50] [--body-bytes 3000]");
            System.err.println("       farm [--feeds 1000] [--hosts 50] [--items 20] [--new-per-second 5] "
                    + "[--minutes 3] [--poll-interval 30s] [--fetch-threads 4,16] [--body-bytes 1500] "
                    + "[--kafka host:port] [--jar quarkus-run.jar] [--service-java-opts \"...\"] [--server-threads 4]");
            System.err.println("       repoll [--items 50] [--body-bytes 3000] [--polls 200] [--warmup 100]");
            System.exit(2);
        }
        // parse <dir>, like the corpus command: the corpus may come before the options.
        boolean corpusFirst = args[0].equals("parse") && args.length > 1 && !args[1].startsWith("--");
        Map<String, String> opts = new LinkedHashMap<>();
        if (corpusFirst) {
            opts.put("corpus", args[1]);
        }
        opts.putAll(BenchCommand.options(List.of(args).subList(corpusFirst ? 2 : 1, args.length)));
        // Outside Quarkus, JBoss LogManager (the SLF4J binding on this classpath) starts with every level enabled;
        // the language detector then builds trace strings for every n-gram (~40x slower). The service logs at INFO.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        BenchCommand.exitAfter(() -> {
            if (args[0].equals("parse")) {
                ParseBench.run(opts, System.out);
            } else if (args[0].equals("repoll")) {
                io.redline.ingest.feed.RepollBench.run(opts, System.out);
            } else {
                FarmBench.run(opts, System.out);
            }
        });
    }
}
