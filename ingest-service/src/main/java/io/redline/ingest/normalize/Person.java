package io.redline.ingest.normalize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name and e-mail read from the free-text author fields of RSS, such as
 * {@code jane@example.org (Jane Doe)} or {@code Jane Doe <jane@example.org>}.
 */
public record Person(String name, String email) {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+%-]+@[\\w-]+(\\.[\\w-]+)+");

    /** Splits {@code text} into name and e-mail; either may be null. */
    public static Person parse(String text) {
        if (text == null || text.isBlank()) {
            return new Person(null, null);
        }
        String t = text.trim();
        Matcher m = EMAIL.matcher(t);
        if (!m.find()) {
            return new Person(t, null);
        }
        String email = m.group();
        String rest = (t.substring(0, m.start()) + " " + t.substring(m.end()))
                .replaceAll("mailto:", "")
                .replaceAll("[()<>\\[\\]]", " ")
                .replaceAll("\\s+", " ")
                .trim();
        return new Person(rest.isEmpty() ? null : rest, email);
    }
}
