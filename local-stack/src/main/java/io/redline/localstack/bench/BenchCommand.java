package io.redline.localstack.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' command line: {@code --name value} options and bare {@code --flag}s in, an exit status out. */
public final class BenchCommand {

    private BenchCommand() {}

    /** A benchmark run, which may fail with any exception. */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    /**
     * Parses {@code args} into option name (without the dashes) and value; a flag not followed by a value is
     * {@code "true"}, and a later repeat of an option wins.
     *
     * @throws IllegalArgumentException for an argument that is neither an option nor an option's value
     */
    public static Map<String, String> options(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
            options.put(arg.substring(2), hasValue ? args.get(++i) : "true");
        }
        return Collections.unmodifiableMap(options);
    }

    /** {@link #options(List)} of a {@code main} method's arguments. */
    public static Map<String, String> options(String... args) {
        return options(List.of(args));
    }

    /**
     * Runs {@code bench} and exits the JVM, with status 1 (and the stack trace) when it failed: exec:java runs a
     * benchmark inside Maven's JVM, which would otherwise stay, and exiting also fires ManagedProcess's shutdown hook,
     * so no child process outlives the benchmark.
     */
    public static void exitAfter(Run bench) {
        int code = 0;
        try {
            bench.run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}
