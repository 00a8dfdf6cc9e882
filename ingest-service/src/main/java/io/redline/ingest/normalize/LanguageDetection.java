package io.redline.ingest.normalize;

import com.google.common.base.Optional;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Detects the language of an article's text (optimaize language-detector, 70 built-in languages) for feeds that
 * do not declare one; "und" when the text is too short or no language is clear enough.
 */
public final class LanguageDetection {

    /** Below this many letters n-gram statistics are guesswork. */
    private static final int MIN_LETTERS = 40;

    private LanguageDetection() {
    }

    /** Loaded on first use, not at start-up: the profiles take about a second and some MB to load. */
    private static final class Holder {
        static final LanguageDetector DETECTOR = build();

        private static LanguageDetector build() {
            try {
                return LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                        .minimalConfidence(0.9)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("language profiles missing from the classpath", e);
            }
        }
    }

    /** The ISO 639-1 code of {@code text}'s language, or "und". */
    public static String detect(String text) {
        if (text == null || text.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
            return "und";
        }
        String sample = text.length() > 2000 ? text.substring(0, 2000) : text;
        Optional<LdLocale> found = Holder.DETECTOR.detect(
                CommonTextObjectFactories.forDetectingOnLargeText().forText(sample));
        return found.isPresent() ? found.get().getLanguage().toLowerCase(Locale.ROOT) : "und";
    }
}
