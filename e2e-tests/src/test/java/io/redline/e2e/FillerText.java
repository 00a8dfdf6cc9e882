package io.redline.e2e;

import java.util.Random;

/**
 * Filler text for the end-to-end tests: made-up words from a space of about 340,000, so two filler articles share
 * almost no word and each is a story of its own, as unrelated local news is.
 *
 * <p>Why not common words: fillers drawn from a list of 46 nouns shared four or more of them pair-wise often enough
 * (8 % of pairs) that the same-event matcher chained hundreds of them into a few stories, and every indexing batch
 * then read a whole story of hundreds of articles back for its corroboration figure; on a throttled link that took
 * longer than the tests wait.
 */
final class FillerText {

    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    private FillerText() {}

    /** {@code n} made-up words of three syllables each, space-separated, drawn from {@code random}. */
    static String words(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            for (int syllable = 0; syllable < 3; syllable++) {
                s.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())))
                        .append(VOWELS.charAt(random.nextInt(VOWELS.length())));
            }
        }
        return s.toString();
    }
}
