package io.redline.contracts;

/** Article escalation level, from the escalation score: thresholds are inclusive lower bounds. */
public enum EscalationLevel {
    NONE(0),
    LOW(1),
    ELEVATED(25),
    HIGH(50),
    CRITICAL(80);

    private final int minScore;

    EscalationLevel(int minScore) {
        this.minScore = minScore;
    }

    /** Lowest escalation score at this level. */
    public int minScore() {
        return minScore;
    }

    /** The level of a 0-100 score. */
    public static EscalationLevel ofScore(int score) {
        EscalationLevel result = NONE;
        for (EscalationLevel l : values()) {
            if (score >= l.minScore) {
                result = l;
            }
        }
        return result;
    }
}
