package io.redline.contracts;

/** The 16 PLOVER 2021 event categories, in the order of the PLOVER codebook, with their direction. */
public enum PloverCategory {
    AGREE(false),
    CONSULT(false),
    SUPPORT(false),
    CONCEDE(false),
    COOPERATE(false),
    AID(false),
    RETREAT(false),
    REQUEST(false),
    ACCUSE(true),
    REJECT(true),
    THREATEN(true),
    PROTEST(true),
    SANCTION(true),
    MOBILIZE(true),
    COERCE(true),
    ASSAULT(true);

    private final boolean conflictual;

    PloverCategory(boolean conflictual) {
        this.conflictual = conflictual;
    }

    /** True for the verbal and material conflict categories. */
    public boolean conflictual() {
        return conflictual;
    }
}
