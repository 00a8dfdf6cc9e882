package io.redline.contracts;

import java.util.List;

/**
 * A named escalation or de-escalation signal found in an article.
 *
 * @param type       which signal
 * @param modality   how the sentence states it
 * @param speaker    who said it, for reported statements; null otherwise
 * @param actors     actor codes named in the evidence sentence
 * @param evidence   the sentence that proves it
 * @param confidence 0-1
 */
public record Signal(
        SignalType type,
        Modality modality,
        String speaker,
        List<String> actors,
        Evidence evidence,
        double confidence) {}
