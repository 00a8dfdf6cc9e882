package io.redline.query;

import java.util.Locale;

/** A request parameter with a bad value; answered as a 400 problem-details body naming the parameter. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    /** An integer parameter within bounds, or a 400 naming it. */
    public static int intParam(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the bounds
        }
        throw new InvalidParameterException(
                name,
                "must be an integer between " + min + " and " + max + ", not '" + raw.toLowerCase(Locale.ROOT) + "'");
    }
}
