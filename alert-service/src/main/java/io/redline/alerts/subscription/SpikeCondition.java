package io.redline.alerts.subscription;

import java.util.List;

/**
 * What a subscription of kind {@code spike} alerts on: a spike of one of {@code kinds}, of one of {@code keys} when
 * any are given, with at least {@code minCount} distinct stories and a score of at least {@code minScore}.
 *
 * @param kinds    actor, signal and/or dyad (stored: at least one, lower case)
 * @param keys     actor codes, signal types or "SRC>TGT" dyads (upper case); empty: any key
 * @param minScore least score, 0-1000 (stored: default 3.0)
 * @param minCount least stories in the window (copies of one story count once), 1-100000 (stored: default 3)
 */
public record SpikeCondition(List<String> kinds, List<String> keys, Double minScore, Integer minCount) {

    public SpikeCondition {
        kinds = kinds == null
                ? List.of()
                : kinds.stream().filter(k -> k != null).toList();
        keys = keys == null ? List.of() : keys.stream().filter(k -> k != null).toList();
    }

    /** Whether a spike of {@code kind} and {@code key} with that count and score is one this condition asks for. */
    public boolean accepts(String kind, String key, long observed, double score) {
        return kinds.contains(kind)
                && (keys.isEmpty() || keys.contains(key))
                && observed >= minCount
                && score >= minScore;
    }
}
