package io.redline.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpora for tests ({@code ../shared/data} beside the project, or {@code -Dredline.shared-data} /
 * {@code REDLINE_SHARED_DATA}). Present, the file; absent, the test is skipped with one printed line naming the data
 * set and where to get it, unless {@code -Dredline.shared-data.required=true} (CI sets it): then the test fails.
 * The texts are never copied into the repository.
 */
final class SharedData {

    /** What each file is and where it comes from, for the skip line (see the events README in the shared folder). */
    private static final Map<String, String> SETS = Map.of(
            "events/conflibert-train.tsv",
            "ConfliBERT's 1,349 CAMEO-coded news sentences (eventdata/ConfliBERT data/cameo_class/train.tsv,"
                    + " commit 0b630014)",
            "events/redline-probes.tsv",
            "Redline's 48 labelled probe sentences (written for the project, kept only in the shared folder)",
            "articles/putin-red-line.txt",
            "the commissioning article (kept only in the shared folder)");

    private SharedData() {}

    static Path require(String relative) {
        Path folder = DataFiles.sharedDataSetting();
        Path p = folder.resolve(relative);
        if (Files.exists(p)) {
            return p;
        }
        String missing = missing(caller(), relative, folder);
        if (Boolean.getBoolean("redline.shared-data.required")) {
            Assertions.fail(
                    "FAILED " + missing + " (redline.shared-data.required=true: a missing data set fails the build)");
        }
        System.out.println("SKIPPED " + missing);
        Assumptions.abort("SKIPPED " + missing);
        return p;
    }

    /** One line: the test, the data set, where it was looked for and where to get it. */
    static String missing(String test, String relative, Path folder) {
        return test + ": needs shared data set " + relative + " = "
                + SETS.getOrDefault(relative, "a file of the shared corpora") + ", not found in " + folder
                + "; get the project's shared data folder (shared/data, never copied into the repository) and put it"
                + " beside the clone as ../shared/data or point -Dredline.shared-data=<folder> (REDLINE_SHARED_DATA)"
                + " at it";
    }

    /** The test method that asked, as {@code Class.method}. */
    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(SharedData.class.getName()))
                        .findFirst()
                        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                                + f.getMethodName())
                        .orElse("a test"));
    }
}
