package io.redline.safehttp;

import java.io.IOException;
import java.util.Locale;

/** A fetch that failed for a known reason; {@link #kind()} is the metrics tag and the feed's error class. */
public class FetchException extends IOException {

    /** Why a fetch failed. */
    public enum Kind {
        BLOCKED_ADDRESS,
        DNS,
        CONNECT,
        TIMEOUT,
        TOO_LARGE,
        TOO_MANY_REDIRECTS,
        PROTOCOL,
        HTTP_STATUS,
        TLS,
        IO;

        /** Lower-case form used in metrics tags and messages. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    public FetchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
