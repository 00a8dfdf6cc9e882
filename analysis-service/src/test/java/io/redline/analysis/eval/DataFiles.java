package io.redline.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared test corpora ({@code ../shared/data} beside the project by default; the system property
 * {@code redline.shared-data} or the environment variable {@code REDLINE_SHARED_DATA} name another folder) and the
 * project's own files, from whatever module directory a command or test runs in.
 */
public final class DataFiles {

    /** The shared corpora's default place, relative to the project root. */
    static final String DEFAULT_SHARED = "../shared/data";

    private DataFiles() {}

    /** The project root: the working directory or the first parent that holds {@code mvnw}. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("analysis-service"))) {
                return d;
            }
        }
        return dir;
    }

    /** The shared data folder as configured (it may not exist). */
    public static Path sharedDataSetting() {
        String s = System.getProperty("redline.shared-data", System.getenv("REDLINE_SHARED_DATA"));
        Path p = Path.of(s == null || s.isBlank() ? DEFAULT_SHARED : s);
        return p.isAbsolute() ? p.normalize() : projectRoot().resolve(p).normalize();
    }

    /** The shared data folder, when it exists. */
    public static Optional<Path> sharedData() {
        Path p = sharedDataSetting();
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** A file of the shared corpora, such as {@code events/conflibert-train.tsv}; an error naming the setting if absent. */
    public static Path shared(String relative) {
        Path p = sharedDataSetting().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException(relative + " not found in the shared data folder " + sharedDataSetting()
                    + " (set -Dredline.shared-data or REDLINE_SHARED_DATA)");
        }
        return p;
    }

    /**
     * A path given on a command line or recorded in the model: as it is when it exists, else relative to the
     * project root; a path into {@code ../shared/data} follows the shared-data setting.
     */
    public static Path resolve(String file) {
        if (file.startsWith(DEFAULT_SHARED + "/")) {
            return sharedDataSetting().resolve(file.substring(DEFAULT_SHARED.length() + 1));
        }
        Path p = Path.of(file);
        if (Files.exists(p) || p.isAbsolute()) {
            return p;
        }
        Path fromRoot = projectRoot().resolve(file).normalize();
        return Files.exists(fromRoot) ? fromRoot : p;
    }

    /** Kept for older callers: {@code shared/data/x} is {@link #shared(String)} of {@code x}. */
    public static Path find(String relative) {
        if (relative.startsWith("shared/data/")) {
            return shared(relative.substring("shared/data/".length()));
        }
        return resolve(relative);
    }
}
