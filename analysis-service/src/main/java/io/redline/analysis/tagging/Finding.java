package io.redline.analysis.tagging;

import io.redline.contracts.EventContext;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;

/**
 * One thing the lexicon found in a sentence, once modality and actors are settled: an event (category set),
 * a named signal (signal set), or both.
 *
 * @param category      PLOVER category, null for a signal-only finding
 * @param signal        named signal, null for an event-only finding
 * @param context       domain of the trigger, null when unknown
 * @param modality      how the sentence states it
 * @param speaker       who is reported as saying it, for {@link Modality#REPORTED}
 * @param source        source actor code or null
 * @param target        target actor code or null
 * @param firstToken    first token of the trigger
 * @param start         character offset of the trigger in the sentence
 * @param end           character offset one past the trigger in the sentence
 * @param priority      lexicon priority of the trigger
 * @param lexiconLine   line of lexicon.txt that matched, for explanations
 */
public record Finding(
        PloverCategory category,
        SignalType signal,
        EventContext context,
        Modality modality,
        String speaker,
        String source,
        String target,
        int firstToken,
        int start,
        int end,
        int priority,
        int lexiconLine) {

    /** The same finding as another category (CAMEO: future conflict is a threat; refused aid is a rejection). */
    Finding withCategory(PloverCategory c) {
        return new Finding(
                c, signal, context, modality, speaker, source, target, firstToken, start, end, priority, lexiconLine);
    }

    Finding withModality(Modality m) {
        return new Finding(
                category,
                signal,
                context,
                m,
                m == Modality.REPORTED ? speaker : null,
                source,
                target,
                firstToken,
                start,
                end,
                priority,
                lexiconLine);
    }
}
