package io.redline.query;

import java.util.regex.Pattern;

/** Checks the ids clients put into paths and parameters before they reach a store, a log message or Elasticsearch. */
public final class Ids {

    /** Every id this service hands out (article, story, subscription, delivery) fits this; nothing else needs to. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {}

    /**
     * The id when it is one, else a 400 naming {@code parameter}: a path that cannot name anything is a client
     * error rather than a 404, and a bounded charset keeps odd bytes out of logs and Elasticsearch requests.
     */
    public static String check(String parameter, String raw) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw new InvalidParameterException(parameter, "must be 1-64 letters, digits, '_' or '-'");
        }
        return raw;
    }
}
