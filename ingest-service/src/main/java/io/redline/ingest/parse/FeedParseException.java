package io.redline.ingest.parse;

/** A body that could not be read as a feed, with a short reason (the corpus report groups by it). */
public class FeedParseException extends Exception {

    private final String reason;

    public FeedParseException(String reason, String detail, Throwable cause) {
        super(reason + (detail == null ? "" : ": " + detail), cause);
        this.reason = reason;
    }

    /** Short, stable reason such as {@code doctype refused} or {@code not well-formed XML}. */
    public String reason() {
        return reason;
    }
}
