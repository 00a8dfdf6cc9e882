package io.redline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The escalation analysis of one article.
 *
 * @param analyzerVersion   version of the rules/model that produced it; a newer version supersedes an older one
 * @param language          language the analysis ran on (ISO 639-1), or the article's language when unsupported
 * @param supported         false when the tagger does not support the language: then no signals, never guessed ones
 * @param escalationScore   0-100
 * @param level             level derived from the escalation score
 * @param deescalationScore 0-100
 * @param goldstein         mean Goldstein-style weight of the events found, null when none
 * @param signals           named newsroom signals with their evidence
 * @param events            PLOVER-style events with their evidence
 * @param dyads             source -> target actor pairs with counts
 * @param actors            every actor code mentioned (ISO 3166 alpha-3 or body code)
 * @param topEvidence       the sentences that weigh most in the score, best first
 * @param analyzedAt        when the analysis ran
 */
public record Analysis(
        String analyzerVersion,
        String language,
        boolean supported,
        int escalationScore,
        EscalationLevel level,
        int deescalationScore,
        Double goldstein,
        List<Signal> signals,
        List<Event> events,
        List<Dyad> dyads,
        List<String> actors,
        List<Evidence> topEvidence,
        Instant analyzedAt) {}
