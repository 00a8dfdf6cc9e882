package io.redline.search.index;

import io.redline.contracts.AnalyzedArticle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The external version an article is indexed with: its revision first, then its analyzer version, so neither an
 * older revision nor an older analysis of the same revision ever overwrites a newer one.
 */
public final class DocumentVersion {

    /** Room for the analyzer rank below the revision: major, minor and patch up to 999 each. */
    private static final long REVISION_STEP = 1_000_000_000L;

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private DocumentVersion() {}

    /** revision × 10⁹ + analyzer rank; a redelivery of the same record has the same version (external_gte keeps it). */
    public static long of(AnalyzedArticle doc) {
        return doc.article().revision() * REVISION_STEP
                + analyzerRank(doc.analysis() == null ? null : doc.analysis().analyzerVersion());
    }

    /** The last x.y.z in an analyzer version ("rules-0.1.0" → 1000), 0 when it has none. */
    static long analyzerRank(String analyzerVersion) {
        if (analyzerVersion == null) {
            return 0;
        }
        Matcher m = SEMVER.matcher(analyzerVersion);
        long rank = 0;
        while (m.find()) {
            rank = part(m.group(1)) * 1_000_000L + part(m.group(2)) * 1_000L + part(m.group(3));
        }
        return rank;
    }

    private static long part(String digits) {
        return digits.length() > 3 ? 999 : Math.min(999, Long.parseLong(digits));
    }
}
