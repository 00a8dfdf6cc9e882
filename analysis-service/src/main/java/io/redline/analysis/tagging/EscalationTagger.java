package io.redline.analysis.tagging;

import io.redline.contracts.Analysis;
import io.redline.contracts.Dyad;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Event;
import io.redline.contracts.EventContext;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based tagger: finds named signals and PLOVER events per sentence, with modality and evidence,
 * and scores the article. Pure and deterministic: the same text always gives the same analysis.
 *
 * <p>This is the walking-skeleton lexicon; the full tagger and its evaluation harness replace the rules.
 */
public final class EscalationTagger {

    /** Bumped whenever rules change, so a replay produces documents that supersede older analyses. */
    public static final String VERSION = "rules-0.1.0";

    private record Rule(SignalType signal, PloverCategory category, EventContext context, double weight, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            rule(SignalType.RED_LINE, PloverCategory.THREATEN, EventContext.MILITARY, 30, "red lines?"),
            rule(SignalType.ULTIMATUM, PloverCategory.THREATEN, EventContext.DIPLOMATIC, 25, "ultimatum|deadline to"),
            rule(SignalType.NUCLEAR_RHETORIC, PloverCategory.THREATEN, EventContext.NUCLEAR, 35,
                    "nuclear (?:doctrine|weapons?|arsenal|forces|strike|threat|test|posture|retaliation|response)"),
            rule(SignalType.WEAPONS_SUPPLY, PloverCategory.AID, EventContext.ARMS_TRANSFER, 20,
                    "(?:supply|supplied|supplying|deliver(?:ed|ing|y)?|send(?:s|ing)?|sent|provide[sd]?)\\b[^.]{0,60}?"
                            + "\\b(?:missiles?|weapons|tanks|jets|artillery|air defen[cs]e)"
                            + "|long-range (?:missiles?|weapons|strikes?)"),
            rule(SignalType.DIRECT_INVOLVEMENT, PloverCategory.MOBILIZE, EventContext.MILITARY, 25,
                    "(?:troops|soldiers|forces) (?:join|joined|deploy(?:ed)? to)|direct (?:involvement|participation)"
                            + "|party to the conflict|co-belligerent"),
            rule(SignalType.STRIKE, PloverCategory.ASSAULT, EventContext.MILITARY, 20,
                    "(?:missile|drone|air|artillery) (?:strikes?|attacks?)|shell(?:ed|ing)|bombard(?:ed|ment)"
                            + "|struck|attack(?:ed|s)? (?:on|the)"),
            rule(SignalType.MOBILIZATION, PloverCategory.MOBILIZE, EventContext.MILITARY, 15,
                    "mobili[sz](?:ation|ed|ing|e)|troop build-?up|(?:military|snap|nuclear) (?:drills?|exercises?)"
                            + "|high alert|combat readiness|call-?ups?"),
            rule(SignalType.SANCTIONS, PloverCategory.SANCTION, EventContext.ECONOMIC, 10,
                    "sanctions?|expel(?:s|led|ling)? [^.]{0,30}diplomats|recall(?:s|ed)? (?:its )?ambassador"),
            rule(SignalType.CYBER, PloverCategory.ASSAULT, EventContext.CYBER, 15,
                    "cyber-?attacks?|hack(?:ers|ed|ing)|sabotage"),
            rule(SignalType.TALKS, PloverCategory.CONSULT, EventContext.DIPLOMATIC, 15,
                    "talks|negotiations?|negotiat(?:e|ed|ing)|met with|phone call|summit"),
            rule(SignalType.CEASEFIRE, PloverCategory.AGREE, EventContext.MILITARY, 25, "cease-?fire|truce"),
            rule(SignalType.DEESCALATION_APPEAL, PloverCategory.REQUEST, EventContext.DIPLOMATIC, 10,
                    "(?:urged?|call(?:ed|s)? for|appeal(?:ed|s)? for) (?:restraint|calm|de-?escalation|dialogue)"
                            + "|de-?escalat(?:e|ion)"),
            rule(SignalType.WITHDRAWAL, PloverCategory.RETREAT, EventContext.MILITARY, 20,
                    "withdr(?:aw|ew|awn|awal|awing)|pull(?:ed|ing)? back|pull-?back"),
            rule(SignalType.AGREEMENT, PloverCategory.AGREE, EventContext.DIPLOMATIC, 20,
                    "(?:signed|agreed|reached) (?:an? |the )?(?:deal|agreement|accord|treaty|exchange)"
                            + "|prisoner exchange|peace (?:deal|agreement)"));

    private static final Pattern NEGATION = Pattern.compile(
            "\\b(?:not|no|never|neither|nor|without|denied|denies|deny|rejected claims)\\b|n't\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HYPOTHETICAL = Pattern.compile(
            "\\b(?:if|unless|would|could|might|in case|should (?:\\w+ )?(?:strike|attack|use))\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern FUTURE = Pattern.compile(
            "\\b(?:will|shall|plans? to|planning to|intends? to|is going to|are going to|threaten(?:s|ed)? to|vow(?:s|ed)? to)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REPORTED = Pattern.compile(
            "\\b(?:said|says|told|stated|according to|warned|claimed|reportedly|announced)\\b", Pattern.CASE_INSENSITIVE);

    private static final Map<Modality, Double> MODALITY_WEIGHT = new EnumMap<>(Map.of(
            Modality.ASSERTED, 1.0, Modality.FUTURE, 0.8, Modality.REPORTED, 0.7, Modality.HYPOTHETICAL, 0.5,
            Modality.NEGATED, 0.0));

    private EscalationTagger() {
    }

    private static Rule rule(SignalType signal, PloverCategory category, EventContext context, double weight, String regex) {
        return new Rule(signal, category, context, weight,
                Pattern.compile("\\b(?:" + regex + ")\\b", Pattern.CASE_INSENSITIVE));
    }

    /** Analyses an article: title first (sentence 0), then the body. */
    public static Analysis analyze(String title, String text, String language, Instant now) {
        String lang = language == null || language.isBlank() ? "und" : language.toLowerCase(Locale.ROOT);
        if (!lang.equals("en") && !lang.equals("und")) {
            // Rules are English: an article in another language gets no signals rather than guessed ones.
            return new Analysis(VERSION, lang, false, 0, EscalationLevel.NONE, 0, null, List.of(), List.of(),
                    List.of(), List.of(), List.of(), now);
        }
        String full = (title == null || title.isBlank() ? "" : title.trim() + "\n\n") + (text == null ? "" : text);
        List<Signal> signals = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Set<String> actors = new LinkedHashSet<>();
        Map<String, List<PloverCategory>> dyads = new LinkedHashMap<>();
        double escalation = 0;
        double deescalation = 0;
        for (SentenceSplitter.Sentence s : SentenceSplitter.split(full)) {
            List<Gazetteer.Mention> mentions = Gazetteer.find(s.text());
            mentions.forEach(m -> actors.add(m.code()));
            Set<SignalType> seenHere = new LinkedHashSet<>();
            for (Rule rule : RULES) {
                Matcher m = rule.pattern.matcher(s.text());
                if (!m.find() || !seenHere.add(rule.signal)) {
                    continue;
                }
                Modality modality = modality(s.text(), m.start());
                String source = mentions.stream().filter(x -> x.start() < m.start()).map(Gazetteer.Mention::code)
                        .findFirst().orElse(mentions.isEmpty() ? null : mentions.get(0).code());
                String target = mentions.stream().map(Gazetteer.Mention::code).filter(c -> !c.equals(source))
                        .findFirst().orElse(null);
                Evidence evidence = new Evidence(s.index(), s.start(), s.end(), s.text(), m.group());
                double confidence = modality == Modality.ASSERTED ? 0.7 : 0.5;
                List<String> sentenceActors = mentions.stream().map(Gazetteer.Mention::code).distinct().toList();
                signals.add(new Signal(rule.signal, modality, null, sentenceActors, evidence, confidence));
                events.add(new Event(rule.category, rule.context, source, target, modality, null, evidence, confidence));
                double w = rule.weight * MODALITY_WEIGHT.get(modality);
                if (rule.signal.escalatory()) {
                    escalation += w;
                } else {
                    deescalation += w;
                }
                if (source != null && target != null && modality != Modality.NEGATED) {
                    dyads.computeIfAbsent(source + ">" + target, k -> new ArrayList<>()).add(rule.category);
                }
            }
        }
        int score = saturate(escalation);
        List<Dyad> dyadList = dyads.entrySet().stream().map(e -> {
            String[] st = e.getKey().split(">");
            return new Dyad(st[0], st[1], e.getValue().size(), e.getValue().stream().distinct().toList());
        }).toList();
        List<Evidence> top = signals.stream().filter(x -> x.modality() != Modality.NEGATED)
                .sorted(Comparator.comparingDouble((Signal x) -> -x.confidence()))
                .map(Signal::evidence).distinct().limit(3).toList();
        return new Analysis(VERSION, lang, true, score, EscalationLevel.ofScore(score), saturate(deescalation), null,
                signals, events, dyadList, List.copyOf(actors), top, now);
    }

    /** Maps an unbounded weight sum onto 0-100 with diminishing returns: 60 points of evidence is about 63. */
    static int saturate(double sum) {
        return (int) Math.round(100 * (1 - Math.exp(-sum / 60.0)));
    }

    static Modality modality(String sentence, int matchStart) {
        String before = sentence.substring(0, matchStart);
        if (NEGATION.matcher(lastWords(before, 4)).find()) {
            return Modality.NEGATED;
        }
        if (HYPOTHETICAL.matcher(sentence).find()) {
            return Modality.HYPOTHETICAL;
        }
        if (FUTURE.matcher(before).find()) {
            return Modality.FUTURE;
        }
        if (REPORTED.matcher(sentence).find()) {
            return Modality.REPORTED;
        }
        return Modality.ASSERTED;
    }

    private static String lastWords(String s, int n) {
        String[] words = s.trim().split("\\s+");
        int from = Math.max(0, words.length - n);
        return String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
    }
}
