package io.redline.security;

import java.util.List;
import java.util.Locale;

/**
 * Estimates how many bits an attacker must guess to find a configured secret (the bootstrap admin key, the key
 * pepper), so that a long but guessable one ({@code aaaa...}, {@code admin-password-admin-password}) is refused at
 * start-up.
 *
 * <p>The rule: every character counts {@code log2} of the alphabet of the character classes the secret uses (lower
 * case 26, upper case 26, digits 10, others 33); a character that repeats an earlier stretch of 3 or more, or
 * continues a run ({@code aaa}, {@code abc}, {@code 987}), counts 1 bit; a common word (a short built-in list:
 * {@code admin}, {@code password}, {@code redline}, {@code test}...) counts 11 bits whole; letters in a single-case run
 * of 3 or more (words of a phrase) count 2.5 bits each, Shannon's estimate for English text. The sum must reach
 * {@value #MIN_BITS} bits. A heuristic, in the spirit of zxcvbn: it cannot know every phrase, so generate secrets (for
 * example {@code openssl rand -base64 32}) rather than invent them.
 */
public final class SecretStrength {

    /** Bits a configured secret must have at least. */
    public static final double MIN_BITS = 128;

    /** How to make a secret that passes, for error messages. */
    public static final String HOW_TO_MAKE_ONE = "generate one, e.g. `openssl rand -base64 32`";

    private static final int MAX_LENGTH = 512;
    private static final double WORD_BITS = 11; // a word out of a list of about 2,000
    private static final double RUN_BITS = 1;
    private static final double PHRASE_LETTER_BITS = 2.5;
    private static final List<String> COMMON_WORDS = List.of(
            "password",
            "passwd",
            "bootstrap",
            "redline",
            "changeme",
            "letmein",
            "welcome",
            "default",
            "example",
            "secret",
            "master",
            "admin",
            "access",
            "qwerty",
            "azerty",
            "dragon",
            "monkey",
            "shadow",
            "sunshine",
            "princess",
            "football",
            "baseball",
            "iloveyou",
            "trustno1",
            "superman",
            "hello",
            "login",
            "token",
            "super",
            "root",
            "user",
            "test",
            "demo",
            "prod",
            "staging",
            "local",
            "dev",
            "key",
            "api",
            "rlk",
            "pass",
            "abc",
            "xyz",
            "qwe",
            "asd",
            "zxc");

    private SecretStrength() {}

    /** The estimate for one secret, and why it is too weak when it is. */
    public record Estimate(double bits, String weakness) {

        /** Whether the secret reaches {@link #MIN_BITS}. */
        public boolean strong() {
            return weakness == null;
        }
    }

    /** Estimates {@code secret}'s strength under the rule of this class. */
    public static Estimate estimate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return new Estimate(0, "it is empty");
        }
        if (secret.length() > MAX_LENGTH) {
            return new Estimate(0, "it is longer than " + MAX_LENGTH + " characters");
        }
        double perChar = Math.log(alphabet(secret)) / Math.log(2);
        String lower = secret.toLowerCase(Locale.ROOT);
        double bits = 0;
        int i = 0;
        while (i < secret.length()) {
            String word = wordAt(lower, i);
            if (word != null) {
                bits += WORD_BITS;
                i += word.length();
                continue;
            }
            int repeat = repeatAt(secret, i);
            if (repeat > 0) {
                bits += RUN_BITS * repeat;
                i += repeat;
                continue;
            }
            char c = secret.charAt(i);
            if (i > 0 && continuesRun(secret, i)) {
                bits += RUN_BITS;
            } else if (Character.isLetter(c) && singleCaseLetterRun(secret, i) >= 3) {
                bits += PHRASE_LETTER_BITS;
            } else {
                bits += perChar;
            }
            i++;
        }
        String weakness = bits >= MIN_BITS
                ? null
                : String.format(
                        Locale.ROOT,
                        "it has about %.0f bits of entropy, %.0f are needed (repeats, runs like abc or 123, common "
                                + "words and letters-only stretches count little)",
                        bits,
                        MIN_BITS);
        return new Estimate(bits, weakness);
    }

    /** Refuses a weak {@code secret}, naming the setting and the rule in the message. */
    public static void require(String setting, String secret) {
        Estimate e = estimate(secret);
        if (!e.strong()) {
            throw new IllegalArgumentException(setting + " is too guessable: " + e.weakness() + "; " + HOW_TO_MAKE_ONE
                    + " (rule: api-security README, \"Configured secrets\")");
        }
    }

    private static int alphabet(String s) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    }

    /** The longest common word starting at {@code i} (of the lower-cased secret), or null. */
    private static String wordAt(String lower, int i) {
        String best = null;
        for (String w : COMMON_WORDS) {
            if (lower.startsWith(w, i) && (best == null || w.length() > best.length())) {
                best = w;
            }
        }
        return best;
    }

    /**
     * How many characters from {@code i} repeat a stretch that starts earlier (3 or more, overlaps allowed, as in
     * LZ77: this is how {@code abababab} and {@code keykeykey} are seen as one short pattern); 0 when none.
     */
    private static int repeatAt(String s, int i) {
        int best = 0;
        for (int length = 3; i + length <= s.length(); length++) {
            int earlier = s.indexOf(s.substring(i, i + length));
            if (earlier < 0 || earlier >= i) {
                break;
            }
            best = length;
        }
        return best;
    }

    /**
     * Whether the character at {@code i} repeats the one before ({@code aa}, {@code __}) or continues a step of one
     * in the same class ({@code abc}, {@code 321}).
     */
    private static boolean continuesRun(String s, int i) {
        char prev = s.charAt(i - 1);
        char c = s.charAt(i);
        if (c == prev) {
            return true;
        }
        if (i < 2 || Math.abs(c - prev) != 1 || !Character.isLetterOrDigit(c)) {
            return false;
        }
        char before = s.charAt(i - 2);
        return c - prev == prev - before
                && Character.getType(before) == Character.getType(c)
                && Character.getType(prev) == Character.getType(c);
    }

    /** Length of the run of letters of one case around {@code i}: a word, or a stretch of a phrase. */
    private static int singleCaseLetterRun(String s, int i) {
        boolean upper = Character.isUpperCase(s.charAt(i));
        int start = i;
        while (start > 0
                && Character.isLetter(s.charAt(start - 1))
                && Character.isUpperCase(s.charAt(start - 1)) == upper) {
            start--;
        }
        int end = i + 1;
        while (end < s.length() && Character.isLetter(s.charAt(end)) && Character.isUpperCase(s.charAt(end)) == upper) {
            end++;
        }
        return end - start;
    }
}
