package io.redline.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data folder from the working directory upwards, so commands and tests run from any module. */
public final class DataFiles {

    private DataFiles() {
    }

    /** The first {@code dir/relative} that exists for dir = the working directory and each of its parents. */
    public static Path find(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found from " + Path.of("").toAbsolutePath() + " upwards");
    }
}
