package io.redline.alerts.quota;

import io.redline.alerts.subscription.Subscription;
import io.redline.contracts.EscalationLevel;
import io.redline.query.UserQuery;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a subscription that would fire on (nearly) every article: no query term to find (no query, or only
 * {@code -x} terms) and no filter that narrows the articles. Such a subscription runs on every indexed article and
 * alerts on each, so it is allowed only as a digest.
 */
public final class MatchEverything {

    /**
     * Filter parameters that do not narrow what is matched: a time range (the matcher sees only new articles), the
     * language (most articles share a few), the modality alone.
     */
    private static final Set<String> NOT_SELECTIVE = Set.of("from", "to", "language", "modality");

    /** Below this an escalation score narrows nothing (LOW starts at 1); ELEVATED's 25 is the first that does. */
    static final int SELECTIVE_SCORE = EscalationLevel.ELEVATED.minScore();

    private MatchEverything() {}

    /** Whether the subscription needs a selective filter or digest mode it lacks. */
    public static boolean refused(Subscription s) {
        // A spike subscription matches no article: it alerts at most once per spike and hour.
        return s.mode() == Subscription.Mode.IMMEDIATE && !s.watchesSpikes() && !selective(s);
    }

    /** Whether something in the subscription narrows the articles it matches. */
    public static boolean selective(Subscription s) {
        if (s.query() != null
                && !UserQuery.positiveTerms(UserQuery.parse(s.query())).isEmpty()) {
            return true;
        }
        if (!s.signals().isEmpty() || !s.actors().isEmpty()) {
            return true;
        }
        if (s.minLevel() != null && s.minLevel().compareTo(EscalationLevel.ELEVATED) >= 0) {
            return true;
        }
        if (s.minScore() != null && s.minScore() >= SELECTIVE_SCORE) {
            return true;
        }
        for (Map.Entry<String, List<String>> f : s.filters().entrySet()) {
            if (f.getValue().isEmpty() || NOT_SELECTIVE.contains(f.getKey())) {
                continue;
            }
            if (f.getKey().equals("minScore")) {
                if (score(f.getValue().get(0)) >= SELECTIVE_SCORE) {
                    return true;
                }
            } else if (f.getKey().equals("level")) {
                if (f.getValue().stream().noneMatch(MatchEverything::lowLevel)) {
                    return true;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    /** The problem detail: what to add. */
    static String detail() {
        return "this subscription would match every article: add a query term to find (not only -terms), or a "
                + "selective filter (source, feed, tag, signal, category, actor, dyad, level ELEVATED or higher, "
                + "minScore " + SELECTIVE_SCORE + " or more; or signals, actors, minLevel), or deliver it as a digest "
                + "(mode DIGEST_HOURLY or DIGEST_DAILY)";
    }

    private static boolean lowLevel(String level) {
        String l = level.strip().toUpperCase(java.util.Locale.ROOT);
        return l.equals("NONE") || l.equals("LOW");
    }

    private static int score(String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
