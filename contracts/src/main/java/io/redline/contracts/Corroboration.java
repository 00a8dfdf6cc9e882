package io.redline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * How widely a story is reported: independent outlets (copies of one wire text and several pieces of one outlet count
 * once), all its articles, and who had it first.
 *
 * @param outlets       independent outlets reporting the story
 * @param copies        articles in the story, copies included
 * @param firstSeen     when the story's earliest article was published
 * @param firstOutlet   the source domain of that article
 * @param outletDomains the distinct source domains of the story's articles, first reporter first
 */
public record Corroboration(
        int outlets, int copies, Instant firstSeen, String firstOutlet, List<String> outletDomains) {

    public Corroboration {
        outletDomains = outletDomains == null ? List.of() : List.copyOf(outletDomains);
    }
}
