package io.redline.contracts;

/** Named signals newsroom staff watch for, escalatory first, with a one-line description each. */
public enum SignalType {
    RED_LINE(true, "A party declares a line whose crossing would trigger a response."),
    ULTIMATUM(true, "A demand with a deadline or an explicit consequence."),
    NUCLEAR_RHETORIC(true, "Nuclear threats, doctrine or posture changes, or tests."),
    WEAPONS_SUPPLY(true, "Weapons supplied, including long-range strike capability and restrictions on their use."),
    DIRECT_INVOLVEMENT(true, "A third party or an alliance becomes a participant in the conflict."),
    STRIKE(true, "Attacks, shelling, air or missile strikes, cross-border strikes."),
    MOBILIZATION(true, "Force posture changes, alerts, exercises, troop build-ups and call-ups."),
    SANCTIONS(true, "Sanctions, expulsions of diplomats, recalled ambassadors."),
    CYBER(true, "Cyberattacks and sabotage."),
    TALKS(false, "Negotiations, meetings or calls between the parties."),
    CEASEFIRE(false, "A ceasefire or truce proposed, agreed or holding."),
    DEESCALATION_APPEAL(false, "Calls for restraint, calm or de-escalation."),
    WITHDRAWAL(false, "Troops or weapons pulled back."),
    AGREEMENT(false, "A deal, treaty or exchange agreed or signed.");

    private final boolean escalatory;
    private final String description;

    SignalType(boolean escalatory, String description) {
        this.escalatory = escalatory;
        this.description = description;
    }

    /** True for escalation signals, false for de-escalation signals. */
    public boolean escalatory() {
        return escalatory;
    }

    /** One line for the taxonomy endpoint and for alerts. */
    public String description() {
        return description;
    }
}
