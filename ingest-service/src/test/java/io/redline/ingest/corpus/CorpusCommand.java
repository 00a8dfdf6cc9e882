package io.redline.ingest.corpus;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line entry for scoring a feedparser-format corpus without the test suite:
 * {@code ./mvnw -q -pl ingest-service -am test-compile exec:java -Dexec.args="corpus <dir>"} from the project root.
 */
public final class CorpusCommand {

    private CorpusCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].equals("corpus")) {
            System.err.println(
                    "usage: corpus [dir]   (default: ../shared/data/feedparser above the working directory)");
            System.exit(2);
        }
        Path dir = args.length > 1 ? Path.of(args[1]) : CorpusRunner.defaultCorpus(Path.of(""));
        if (dir == null || !Files.isDirectory(dir)) {
            System.err.println(
                    "no corpus folder: " + (args.length > 1 ? args[1] : "../shared/data/feedparser not found"));
            System.exit(2);
        }
        CorpusRunner.Report report = CorpusRunner.run(dir.toAbsolutePath().normalize());
        report.print(System.out);
        if (args.length > 2 && args[2].equals("--failures")) {
            report.failureSamples().forEach(System.out::println);
        }
        System.exit(report.crashes() == 0 ? 0 : 1);
    }
}
