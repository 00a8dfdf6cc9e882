package io.redline.contracts;

/**
 * A PLOVER-style event coded from one sentence.
 *
 * @param category   PLOVER 2021 category
 * @param context    domain of the event where known, null otherwise
 * @param source     source actor code, null when not found
 * @param target     target actor code, null when not found
 * @param modality   how the sentence states it
 * @param speaker    who said it, for reported statements; null otherwise
 * @param evidence   the sentence and the matched words
 * @param confidence 0-1
 */
public record Event(
        PloverCategory category,
        EventContext context,
        String source,
        String target,
        Modality modality,
        String speaker,
        Evidence evidence,
        double confidence) {}
