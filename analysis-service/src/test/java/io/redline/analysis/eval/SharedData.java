package io.redline.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpora for tests: present, the file; absent, the test is skipped with the reason printed, unless
 * {@code -Dredline.shared-data.required=true} (CI sets it), in which case the test fails.
 */
final class SharedData {

    private SharedData() {
    }

    static Path require(String relative) {
        Path p = DataFiles.sharedDataSetting().resolve(relative);
        if (Files.exists(p)) {
            return p;
        }
        String reason = "shared data " + p + " not found (set -Dredline.shared-data=<folder> or REDLINE_SHARED_DATA)";
        if (Boolean.getBoolean("redline.shared-data.required")) {
            Assertions.fail(reason + "; redline.shared-data.required is set, so this is a failure");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        return p;
    }
}
