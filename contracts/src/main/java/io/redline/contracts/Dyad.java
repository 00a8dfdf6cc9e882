package io.redline.contracts;

import java.util.List;

/**
 * A directed pair of actors with the events between them in one article.
 *
 * @param source     source actor code
 * @param target     target actor code
 * @param count      number of events
 * @param categories distinct PLOVER categories of those events
 */
public record Dyad(String source, String target, int count, List<PloverCategory> categories) {}
