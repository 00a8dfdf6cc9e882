package io.redline.localstack.demo;

import java.util.Locale;

/**
 * What a demo article is meant to show the tagger: signs of escalation, of de-escalation, or neither.
 *
 * <p>It lives only in the demo content and is never served in a feed, so that the pipeline has to find the
 * signals itself; tests and demos use it as the expected answer.
 */
public enum ArticleKind {
    ESCALATORY("escalatory"),
    DEESCALATORY("deescalatory"),
    NEUTRAL("neutral");

    private final String label;

    ArticleKind(String label) {
        this.label = label;
    }

    /** The word used for this kind in the {@code kind:} header of an article file. */
    public String label() {
        return label;
    }

    /** Reads a {@code kind:} header value; "de-escalatory" is accepted too because people write it so. */
    public static ArticleKind fromLabel(String value) {
        String normalised = value.trim().toLowerCase(Locale.ROOT).replace("-", "");
        for (ArticleKind kind : values()) {
            if (kind.label.equals(normalised)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown article kind '" + value + "', expected escalatory, deescalatory or neutral");
    }
}
