package io.redline.ingest.normalize;

import com.google.common.base.Optional;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.RemoveMinorityScriptsTextFilter;
import com.optimaize.langdetect.text.TextObjectFactory;
import com.optimaize.langdetect.text.TextObjectFactoryBuilder;
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

    private LanguageDetection() {}

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

    /** The library's text preparation for large texts: URLs and e-mail addresses removed, minority scripts dropped. */
    static final TextObjectFactory LARGE_TEXT = CommonTextObjectFactories.forDetectingOnLargeText();

    /**
     * The same preparation without the URL and e-mail filter, for texts it would leave unchanged. That filter's
     * e-mail regex backtracks over every word ({@code [-_.0-9A-Za-z]+@...}, tried at each position) and was a
     * third of the whole normalising cost per article; its URL regex needs "://" and its e-mail regex an '@', so a
     * text with neither gets exactly the same n-grams from this factory.
     */
    static final TextObjectFactory LARGE_TEXT_NO_URLS = new TextObjectFactoryBuilder()
            .maxTextLength(10000)
            .withTextFilter(RemoveMinorityScriptsTextFilter.forThreshold(0.3))
            .build();

    /** The ISO 639-1 code of {@code text}'s language, or "und". */
    public static String detect(String text) {
        if (text == null
                || text.codePoints()
                                .filter(Character::isLetter)
                                .limit(MIN_LETTERS)
                                .count()
                        < MIN_LETTERS) {
            return "und";
        }
        String sample = text.length() > 2000 ? text.substring(0, 2000) : text;
        TextObjectFactory factory =
                sample.indexOf('@') < 0 && !sample.contains("://") ? LARGE_TEXT_NO_URLS : LARGE_TEXT;
        Optional<LdLocale> found = Holder.DETECTOR.detect(factory.forText(sample));
        return found.isPresent() ? found.get().getLanguage().toLowerCase(Locale.ROOT) : "und";
    }
}
