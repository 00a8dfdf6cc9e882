package io.redline.contracts;

/** How a sentence states an event: as fact, as intention, as a condition, denied, or attributed. */
public enum Modality {
    ASSERTED,
    FUTURE,
    HYPOTHETICAL,
    NEGATED,
    REPORTED
}
