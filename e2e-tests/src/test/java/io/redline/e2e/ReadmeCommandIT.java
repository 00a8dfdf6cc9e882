package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a command the analysis-service README shows, exactly as written there (the line is read from the README, so
 * the two cannot drift apart):
 * {@code ./mvnw -q -pl analysis-service -am test-compile exec:java -Dexec.args="report ..."} from the project root,
 * on the project's own labelled sets. It builds the sibling modules it needs itself ({@code -am}), so it also works
 * on a fresh clone where nothing is installed in the local Maven repository.
 */
class ReadmeCommandIT {

    private static final Path ROOT =
            Path.of(System.getProperty("redline.root", "..")).toAbsolutePath().normalize();

    /** The README line this test runs: the {@code report} of the development and blind English probes. */
    private static final String PREFIX =
            "./mvnw -q -pl analysis-service -am test-compile exec:java -Dexec.args=\"report ";

    @Test
    void analysisReadmeReportCommandRunsAsWrittenAndPrintsOneRowPerSet() throws Exception {
        String command = readmeLine(ROOT.resolve("analysis-service/README.md"), PREFIX);
        List<String> sets = List.of(command.substring(PREFIX.length(), command.lastIndexOf('"'))
                .trim()
                .split("\\s+"));
        assertThat(sets)
                .as("the sets named in %s", command)
                .isNotEmpty()
                .allSatisfy(set -> assertThat(ROOT.resolve(set))
                        .as("a set of the repository's own data folder")
                        .isRegularFile());

        List<String> argv = new ArrayList<>(List.of("bash", "-c", command));
        // A run that points Maven at another local repository passes it on, as a user's shell would.
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            argv.set(2, command.replaceFirst("^\\./mvnw ", "./mvnw -Dmaven.repo.local=" + repo + " "));
        }
        Path out = Files.createTempFile("readme-command", ".log");
        try {
            Process p = new ProcessBuilder(argv)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            // A safety net against a hung build, not a speed check: the command takes well under a minute.
            boolean ended = p.waitFor(15, TimeUnit.MINUTES);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println("$ " + command + "\n" + output);
            assertThat(ended).as("the command ended; its output:%n%s", output).isTrue();
            assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();

            List<String> rows = output.lines().filter(l -> l.startsWith("| ")).toList();
            assertThat(rows).as("a table in:%n%s", output).isNotEmpty();
            assertThat(rows.get(0)).as("the table header").startsWith("| set | rows | scored by |");
            for (String set : sets) {
                String row = rows.stream()
                        .filter(r -> r.startsWith("| " + set + " |"))
                        .findFirst()
                        .orElse(null);
                assertThat(row).as("a row for %s in:%n%s", set, output).isNotNull();
                String[] cells = row.substring(2, row.length() - 2).split(" \\| ");
                assertThat(Integer.parseInt(cells[1].trim()))
                        .as("rows of %s", set)
                        .isEqualTo(dataRows(ROOT.resolve(set)));
                assertThat(cells[2].trim())
                        .as("scored by (no set here was trained on)")
                        .isEqualTo("shipped model");
                for (int i = 3; i < cells.length; i++) {
                    assertThat(Double.parseDouble(cells[i].trim()))
                            .as("%s, column %d", set, i)
                            .isBetween(0.0, 1.0);
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The one line of the README that starts with the prefix (inside its bash block). */
    private static String readmeLine(Path readme, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(readme).stream()
                .map(String::strip)
                .filter(l -> l.startsWith(prefix))
                .toList();
        assertThat(lines).as("one line starting with %s in %s", prefix, readme).hasSize(1);
        return lines.get(0);
    }

    /** A set's labelled rows: its non-empty lines after the header. */
    private static long dataRows(Path set) throws IOException {
        try (var lines = Files.lines(set)) {
            return lines.skip(1).filter(l -> !l.isBlank()).count();
        }
    }
}
