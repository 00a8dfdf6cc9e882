package io.redline.analysis.tagging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the one {@link EscalationTagger} of the service from the shipped lexicon and weights plus configured actors. */
@ApplicationScoped
public class TaggerProducer {

    private final Optional<String> extraActors;

    public TaggerProducer(@ConfigProperty(name = "redline.analysis.extra-actors") Optional<String> extraActors) {
        this.extraActors = extraActors;
    }

    @Produces
    @ApplicationScoped
    EscalationTagger tagger() {
        if (extraActors.isEmpty() || extraActors.get().isBlank()) {
            return EscalationTagger.defaults();
        }
        // A missing or malformed file fails start-up: running without the newsroom's actors would silently
        // drop them from every analysis.
        Gazetteer g = Gazetteer.load(Path.of(extraActors.get()));
        return new EscalationTagger(
                new SentenceTagger(Lexicon.defaults(), g, SentenceTagger.shippedLanguages()),
                SentenceClassifier.defaults());
    }
}
