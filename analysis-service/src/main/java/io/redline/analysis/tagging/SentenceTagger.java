package io.redline.analysis.tagging;

import io.redline.common.language.Languages;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.SignalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one sentence: lexicon triggers become events and signals with modality, speaker and actors, and the
 * highest-priority event is the sentence's primary event. Pure and deterministic.
 *
 * <p>Modality is decided per trigger, in this order: negated (a negation cue just before the trigger that is
 * not "not only", or a denial earlier in the sentence), hypothetical (if / unless / a sentence-initial
 * "should", "could not be ruled out", and for non-threats could / might / "any ... would"), future (will,
 * vowed to, plans to, "said ... would" for non-threats), reported (said / claimed / according to / attributed
 * to, when the speaker is not the event's own source), else asserted. A threat is a speech act: "Moscow
 * warned that X would cross a red line" asserts a threat, so "would" and "said" do not weaken threats.
 */
public final class SentenceTagger {

    private static final Set<String> NEGATIONS = Set.of(
            "not",
            "no",
            "never",
            "without",
            "neither",
            "nor",
            "cannot",
            "didn't",
            "don't",
            "doesn't",
            "won't",
            "wouldn't",
            "isn't",
            "aren't",
            "wasn't",
            "weren't",
            "hasn't",
            "haven't",
            "hadn't",
            "can't",
            "couldn't",
            "shouldn't",
            "nothing",
            "none");
    /** Negations that state an intention not to act: the event becomes a rejection (PLOVER REJECT). */
    private static final Set<String> VOLITIONAL = Set.of("won't", "wouldn't", "plans", "plan", "intention", "intend");

    private static final Set<String> DENIALS = Set.of("deny", "denies", "denied", "denying", "denial");
    private static final Set<String> STRONG_CONDITIONALS = Set.of("if", "unless");
    private static final Set<String> WEAK_MODALS = Set.of(
            "could",
            "might",
            "may",
            "possibly",
            "perhaps",
            "considering",
            "considers",
            "mulling",
            "mulls",
            "weighing",
            "weighs",
            "exploring");
    private static final Set<String> FUTURE_WORDS = Set.of("will", "shall", "'ll", "tomorrow");
    private static final Set<String> INTENT_VERBS = Set.of(
            "vow",
            "vows",
            "vowed",
            "pledge",
            "pledges",
            "pledged",
            "promise",
            "promises",
            "promised",
            "plan",
            "plans",
            "planned",
            "planning",
            "intend",
            "intends",
            "intended",
            "threaten",
            "threatens",
            "threatened",
            "going",
            "set",
            "expected",
            "poised",
            "prepares",
            "preparing",
            "aims");
    private static final Set<String> SPEECH = Set.of(
            "said",
            "says",
            "say",
            "saying",
            "told",
            "tells",
            "claimed",
            "claims",
            "claiming",
            "according",
            "reportedly",
            "allegedly",
            "attributed",
            "quoted",
            "reported",
            "reports",
            "announced",
            "stated",
            "added",
            "insisted",
            "warned",
            "indicated",
            "alleged",
            "confirmed",
            "wrote");
    private static final Set<String> ARTICLES = Set.of("the", "a", "an", "that");
    /** After a negation, words that make it "not only" rather than a negation, in each tagged language. */
    private static final Set<String> NOT_ONLY = Set.of(
            "only", "just", "least", "nur", "seulement", "solo", "sólo", "только", "лише", "тільки", "менее", "менш");
    /** Words that open a background clause: an event named there is circumstance, not the sentence's news. */
    private static final Set<String> BACKGROUND = Set.of("after", "following", "amid", "despite", "since", "before");
    /** Periods after "next" that make a statement future ("next week"). */
    private static final Set<String> PERIODS = Set.of("week", "month", "year", "spring", "summer", "autumn", "winter");
    /** Speech cues that make an event reported (announced / warned are the actor's own acts). */
    private static final Set<String> REPORTING = Set.of(
            "said",
            "says",
            "say",
            "saying",
            "told",
            "tells",
            "claimed",
            "claims",
            "claiming",
            "according",
            "reportedly",
            "allegedly",
            "attributed",
            "quoted",
            "reported",
            "reports",
            "stated",
            "added",
            "insisted",
            "alleged",
            "confirmed",
            "wrote");
    /** Reporting cues that doubt the claim: they make even a threat or accusation reported. */
    private static final Set<String> DOUBTING = Set.of("claimed", "claims", "claiming", "allegedly", "reportedly");

    static final int NEG = 1;
    static final int VOL = 2;
    static final int DENY = 4;
    static final int COND = 8;
    static final int WEAK = 16;
    static final int FUT = 32;
    static final int INTENT = 64;
    static final int SPEAK = 128;
    static final int REPORT = 256;
    static final int DOUBT = 512;
    static final int OTHER = 1024;
    /** A reporting cue whose speaker follows it ("according to X", "selon X", "laut X", "по словам X"). */
    static final int AFTER = 2048;
    /** In {@link Reading#cues()}: the sentence's attribution comes after its primary event. */
    static final int REPORT_AFTER = 4096;
    /** An explicit threat verb of a language read with a profile ("пригрозил", "menace", "drohte"). */
    static final int THREAT = 8192;

    /** The bits of a cue kind named in a language's cues file, 0 when the name is unknown. */
    static int cueKind(String name) {
        return switch (name.strip()) {
            case "NEG" -> NEG;
            case "VOL" -> VOL;
            case "DENY" -> DENY;
            case "COND" -> COND;
            case "WEAK" -> WEAK;
            case "FUT" -> FUT;
            case "INTENT" -> INTENT;
            case "REPORT" -> SPEAK | REPORT;
            case "SPEAK" -> SPEAK;
            case "DOUBT" -> SPEAK | REPORT | DOUBT;
            case "AFTER" -> SPEAK | REPORT | AFTER;
            case "THREAT" -> THREAT;
            default -> 0;
        };
    }
    /** Cue bits of each cue word, copied into each {@link Word} when the word is first seen. */
    private static final java.util.HashMap<String, Integer> CUE_BITS = new java.util.HashMap<>();

    static {
        Object[][] sets = {
            {NEGATIONS, NEG},
            {VOLITIONAL, VOL},
            {DENIALS, DENY},
            {STRONG_CONDITIONALS, COND},
            {WEAK_MODALS, WEAK},
            {FUTURE_WORDS, FUT},
            {INTENT_VERBS, INTENT},
            {SPEECH, SPEAK},
            {REPORTING, REPORT},
            {DOUBTING, DOUBT}
        };
        for (Object[] sb : sets) {
            @SuppressWarnings("unchecked")
            Set<String> words = (Set<String>) sb[0];
            for (String w : words) {
                CUE_BITS.merge(w, (Integer) sb[1], (a, b) -> a | b);
            }
        }
        for (String w : List.of(
                "would",
                "should",
                "were",
                "refused",
                "case",
                "event",
                "ruled",
                "rule",
                "rules",
                "next",
                "any",
                "not",
                "will",
                "after",
                "following",
                "amid",
                "despite",
                "since",
                "before")) {
            CUE_BITS.merge(w, OTHER, (a, b) -> a | b);
        }
    }

    /** The cue bits of a lower-cased word (0 for most words); resolved once per {@link Word}. */
    static int cueBits(String lower) {
        return CUE_BITS.getOrDefault(lower, 0);
    }

    private final Lexicon lexicon;
    private final Gazetteer gazetteer;
    private final Map<String, LanguageProfile> languages;

    /** A reader of English only. */
    public SentenceTagger(Lexicon lexicon, Gazetteer gazetteer) {
        this(lexicon, gazetteer, Map.of());
    }

    /** A reader of English ({@code lexicon}) and of the languages of {@code languages}, sharing one gazetteer. */
    public SentenceTagger(Lexicon lexicon, Gazetteer gazetteer, Map<String, LanguageProfile> languages) {
        this.lexicon = lexicon;
        this.gazetteer = gazetteer;
        this.languages = Map.copyOf(languages);
    }

    /** The shipped profiles of every tagged language other than English. */
    public static Map<String, LanguageProfile> shippedLanguages() {
        Map<String, LanguageProfile> m = new java.util.HashMap<>();
        for (String l : Languages.TAGGED) {
            if (!l.equals("en")) {
                m.put(l, LanguageProfile.load(l));
            }
        }
        return m;
    }

    /** The gazetteer, shared by all languages. */
    public Gazetteer gazetteer() {
        return gazetteer;
    }

    /** True when {@code language} has its own profile here (English and {@code und} are always read). */
    public boolean reads(String language) {
        return language.equals("en") || language.equals(Languages.UNDETERMINED) || languages.containsKey(language);
    }

    /** What one sentence says: its tokens, actors, events, signals and primary event. */
    public record Reading(
            String sentence,
            List<Tokenizer.Token> tokens,
            List<Gazetteer.Mention> mentions,
            List<Finding> events,
            List<Finding> signals,
            Finding primary,
            int cues,
            String language) {

        /** The primary event's category, null when the sentence has no event. */
        public PloverCategory primaryCategory() {
            return primary == null ? null : primary.category();
        }
    }

    /** Reads an English {@code sentence}. */
    public Reading read(String sentence) {
        return read(sentence, "en");
    }

    /**
     * Reads {@code sentence} in {@code language} (a code {@link Languages#decide} gave): with that language's
     * lexicon and cues when it has a profile, else with the English ones.
     */
    public Reading read(String sentence, String language) {
        LanguageProfile profile = languages.get(language);
        List<Tokenizer.Token> tokens = Tokenizer.tokenize(sentence);
        List<Gazetteer.Mention> mentions = gazetteer.find(tokens);
        List<Lexicon.Match> matches = (profile == null ? lexicon : profile.lexicon()).match(tokens);
        int[] bits = new int[tokens.size()];
        int sentenceCues = 0;
        for (int i = 0; i < bits.length; i++) {
            Word w = tokens.get(i).word();
            bits[i] = profile == null ? w.cueBits : profile.cueBits(w);
            sentenceCues |= bits[i];
        }
        if (matches.isEmpty()) {
            return new Reading(sentence, tokens, mentions, List.of(), List.of(), null, sentenceCues & ~OTHER, language);
        }
        Cues cues = Cues.of(tokens, mentions, bits, profile != null);
        Map<PloverCategory, Finding> events = new EnumMap<>(PloverCategory.class);
        Map<SignalType, Finding> signals = new EnumMap<>(SignalType.class);
        for (Lexicon.Match m : matches) {
            Lexicon.Entry e = m.entry();
            int t = m.firstToken();
            if (e.category() == null && e.signals().isEmpty()) {
                continue; // exclusive blockers only
            }
            boolean conflictTrigger = e.category() == PloverCategory.ASSAULT
                    || e.category() == PloverCategory.COERCE
                    || e.signals().contains(SignalType.STRIKE);
            if (conflictTrigger && cues.anyBefore(t)) {
                continue; // "any strike on Russian territory would ...": a condition, not an attack
            }
            PloverCategory cat = e.category();
            Modality mod = modality(cues, tokens, t, m.endToken(), cat);
            if (conflictTrigger
                    && (mod == Modality.ASSERTED || mod == Modality.REPORTED)
                    && threatenedBefore(tokens, t)) {
                mod = Modality.FUTURE; // "threatened to strike", "warned of attacks": the attack is announced, not done
            }
            Speaker sp = mod == Modality.REPORTED ? cues.speaker : null;
            int[] st = actors(mentions, cues, t, mod == Modality.REPORTED);
            String source = st[0] < 0 ? null : mentions.get(st[0]).code();
            String target = st[1] < 0 ? null : mentions.get(st[1]).code();
            int start = tokens.get(t).start();
            int end = tokens.get(m.endToken() - 1).end();
            // The main clause's event outranks one named in a condition ("if the army deploys there"), a
            // background clause ("two years after the invasion") or a trailing participle (", blaming the other").
            int prio = e.priority()
                    - (subordinate(tokens, t) ? 15 : 0)
                    - (cues.inCondition(t) ? 20 : 0)
                    - (cues.inBackground(t) ? 15 : 0)
                    - (appositive(tokens, t) ? 15 : 0);
            if (cat != null) {
                Finding f = new Finding(
                        cat,
                        null,
                        e.context(),
                        mod,
                        sp == null ? null : sp.text,
                        source,
                        target,
                        t,
                        start,
                        end,
                        prio,
                        e.line());
                if (cat == PloverCategory.REJECT && cues.has(t, DENY)) {
                    f = f.withModality(Modality.NEGATED); // "X denied that ...": the content is negated
                }
                f = recode(f, cues);
                Finding old = events.get(f.category());
                if (old == null || f.priority() > old.priority()) {
                    events.put(f.category(), f);
                }
            }
            boolean historical = conflictTrigger && (yearNear(tokens, t, m.endToken()) || yearsAgo(tokens, t));
            for (SignalType s : e.signals()) {
                if (historical && s == SignalType.STRIKE) {
                    continue; // "the 2023 Banjska attack", "after NATO's 1999 bombing": history, not news
                }
                Finding f = new Finding(
                        cat,
                        s,
                        e.context(),
                        mod,
                        sp == null ? null : sp.text,
                        source,
                        target,
                        t,
                        start,
                        end,
                        prio,
                        e.line());
                Finding old = signals.get(s);
                // The strongest statement of a signal stands for the sentence: "discussions are planned, and the
                // meeting took place" is an asserted TALKS.
                if (old == null
                        || f.priority() > old.priority()
                        || (f.priority() == old.priority()
                                && EscalationScorer.modalityFactor(f.modality())
                                        > EscalationScorer.modalityFactor(old.modality()))) {
                    signals.put(s, f);
                }
            }
        }
        // Highest priority, then earliest token; on a full tie the first category (enum order) stays.
        Finding primary = null;
        for (Finding f : events.values()) {
            if (primary == null
                    || f.priority() > primary.priority()
                    || (f.priority() == primary.priority() && f.firstToken() < primary.firstToken())) {
                primary = f;
            }
        }
        // A conditional with "would/will" whose consequence is an attack is a red line drawn: "Should NATO
        // aircraft enter the zone, Russia would shoot them down." With could/might it stays a hypothetical attack.
        if (primary != null
                && (primary.category() == PloverCategory.ASSAULT || primary.category() == PloverCategory.COERCE)
                && cues.strongConditional
                && cues.wouldOrWill
                && !cues.weakModal) {
            Finding threat = primary.withCategory(PloverCategory.THREATEN);
            events.remove(primary.category());
            events.put(PloverCategory.THREATEN, threat);
            signals.putIfAbsent(
                    SignalType.RED_LINE,
                    new Finding(
                            PloverCategory.THREATEN,
                            SignalType.RED_LINE,
                            threat.context(),
                            threat.modality(),
                            threat.speaker(),
                            threat.source(),
                            threat.target(),
                            threat.firstToken(),
                            threat.start(),
                            threat.end(),
                            threat.priority(),
                            threat.lexiconLine()));
            primary = threat;
        }
        // A threat with its condition spelt out ("warned it would answer ... if bombers flew near") draws a red line.
        if (primary != null
                && primary.category() == PloverCategory.THREATEN
                && cues.strongConditional
                && primary.modality() != Modality.NEGATED
                && !signals.containsKey(SignalType.RED_LINE)) {
            signals.put(
                    SignalType.RED_LINE,
                    new Finding(
                            PloverCategory.THREATEN,
                            SignalType.RED_LINE,
                            primary.context(),
                            primary.modality(),
                            primary.speaker(),
                            primary.source(),
                            primary.target(),
                            primary.firstToken(),
                            primary.start(),
                            primary.end(),
                            primary.priority(),
                            primary.lexiconLine()));
        }
        if (signals.containsKey(SignalType.RED_LINE)
                || (primary != null && primary.category() == PloverCategory.THREATEN)) {
            // The strike in a red-line or threat sentence is the condition or the threatened answer, not an attack.
            signals.remove(SignalType.STRIKE);
            Finding a = events.get(PloverCategory.ASSAULT);
            if (a != null && a != primary) {
                events.remove(PloverCategory.ASSAULT);
            }
        }
        List<Finding> ev = new ArrayList<>(events.values());
        ev.sort(Comparator.comparingInt(Finding::firstToken));
        List<Finding> sg = new ArrayList<>(signals.values());
        sg.sort(Comparator.comparingInt(Finding::firstToken));
        sentenceCues &= ~OTHER;
        if (primary != null && cues.reportingAt > primary.firstToken()) {
            sentenceCues |= REPORT_AFTER; // ", the governor said": the attribution follows the event
        }
        return new Reading(sentence, tokens, mentions, ev, sg, primary, sentenceCues, language);
    }

    /**
     * The modality the rules give an event of category {@code cat} whose trigger is token {@code t} of a read
     * sentence: used when the model names an event the lexicon has no trigger for ("M23 fighters could push south
     * and shell the town" is hypothetical wherever the event word is).
     */
    public Modality modalityAt(Reading r, int t, PloverCategory cat) {
        LanguageProfile profile = languages.get(r.language());
        int[] bits = new int[r.tokens().size()];
        for (int i = 0; i < bits.length; i++) {
            Word w = r.tokens().get(i).word();
            bits[i] = profile == null ? w.cueBits : profile.cueBits(w);
        }
        Cues cues = Cues.of(r.tokens(), r.mentions(), bits, profile != null);
        return modality(cues, r.tokens(), t, t + 1, cat);
    }

    /** CAMEO: conflict stated in the future is a threat; a negated intention to help, deploy or attend is a refusal. */
    private static Finding recode(Finding f, Cues cues) {
        PloverCategory c = f.category();
        if (f.modality() == Modality.FUTURE && (c == PloverCategory.ASSAULT || c == PloverCategory.COERCE)) {
            return f.withCategory(PloverCategory.THREATEN);
        }
        if (f.modality() == Modality.NEGATED
                && cues.volitionalNegation
                && (c == PloverCategory.AID
                        || c == PloverCategory.MOBILIZE
                        || c == PloverCategory.COOPERATE
                        || c == PloverCategory.ASSAULT
                        || c == PloverCategory.CONSULT
                        || c == PloverCategory.CONCEDE
                        || c == PloverCategory.RETREAT
                        || c == PloverCategory.AGREE)) {
            return f.withCategory(PloverCategory.REJECT);
        }
        return f;
    }

    private static Modality modality(Cues cues, List<Tokenizer.Token> tokens, int t, int end, PloverCategory cat) {
        boolean threat = cat == PloverCategory.THREATEN;
        if (negated(tokens, cues, t, end) || (cues.denialAt >= 0 && cues.denialAt < t)) {
            return Modality.NEGATED;
        }
        String trig = tokens.get(t).lower();
        boolean explicitThreat = threat
                && (trig.startsWith("threat")
                        || trig.startsWith("warn")
                        || trig.startsWith("vow")
                        || trig.startsWith("ultimat")
                        || trig.equals("red")
                        || cues.has(t, THREAT));
        if (cues.ruledOut) {
            return Modality.HYPOTHETICAL;
        }
        if (cues.strongConditional) {
            // A threat keeps its condition: "X threatened to retaliate if Y", "Medvedev said capitals would become
            // targets if they sent troops" assert a threat; only a condition stated first, with no one threatening
            // before it, leaves the threat hypothetical ("If Guyana lets ..., Venezuela would take measures").
            boolean spokenFirst = cues.speechAt >= 0 && cues.speechAt < cues.condAt;
            if (!threat || (!explicitThreat && cues.condAt < t && !spokenFirst)) {
                return Modality.HYPOTHETICAL;
            }
        }
        // "might station nuclear weapons", "a blockade could be put in place"; but "warned it could strike" is a
        // threat, and a modal after a finite verb ("welcomed the truce so that it could become permanent") does
        // not make that event a possibility.
        boolean weak = cues.weakBefore(t) || (cues.weakAfterInClause(t) && !finiteVerb(tokens.get(t)));
        if ((weak && !explicitThreat) || (!threat && cues.anyAt >= 0 && cues.wouldAt > cues.anyAt)) {
            return Modality.HYPOTHETICAL;
        }
        // Future cues count within the trigger's clause only: "talks are planned, and the meeting took place".
        int clause = 0;
        for (int i = t - 1; i >= 0; i--) {
            if (tokens.get(i).isPunct()) {
                clause = i + 1;
                break;
            }
        }
        // In a language with a future tense ("livrera", "enviará", "надасть"), the trigger verb carries it itself.
        for (int i = clause; i < (cues.foreign ? end : t); i++) {
            if (cues.has(i, FUT)) {
                return Modality.FUTURE; // "will send tanks, the defence secretary said": announced, not reported
            }
        }
        if (cues.nextPeriod && !threat && !pastTense(trig)) {
            return Modality.FUTURE; // "will meet next week"; but "agreed to resume talks next month" is done
        }
        // ", two Western diplomats told reporters": a claim by someone other than the actor, whatever it claims.
        boolean ownAttribution = false;
        if (!cues.foreign && cues.finalSpeechAt > t) {
            if (!selfSpeaker(cues, cues.finalSpeaker, t)) {
                return Modality.REPORTED;
            }
            ownAttribution = cues.reportingAt == cues.finalSpeechAt; // ", the army said": the actor's own account
        }
        if (cues.has(t, INTENT) && (cat == PloverCategory.AGREE || cat == PloverCategory.THREATEN)) {
            return Modality.FUTURE; // "pledged to work towards", "vowed to retaliate"
        }
        for (int i = clause; i < t; i++) {
            String w = tokens.get(i).lower();
            if (w.startsWith("pledg") || w.startsWith("promis") || w.startsWith("vow")) {
                return Modality.FUTURE; // "Germany pledges four more air defence systems": promised, not delivered
            }
        }
        for (int i = clause; i < t; i++) {
            String w = tokens.get(i).lower();
            if (cues.has(i, INTENT)
                    && (cues.foreign
                            || (i + 1 < tokens.size()
                                    && tokens.get(i + 1).lower().equals("to")))) {
                return Modality.FUTURE;
            }
            if (!threat && w.equals("would") && cues.speechAt >= 0 && cues.speechAt < i) {
                return Modality.FUTURE; // "announced it would pull out"
            }
        }
        if (cues.reportingAt >= 0 && !ownAttribution) {
            boolean doubt = cues.doubting;
            if (threat
                    || cat == PloverCategory.ACCUSE
                    || cat == PloverCategory.REQUEST
                    || cat == PloverCategory.REJECT) {
                return doubt ? Modality.REPORTED : Modality.ASSERTED; // the speaker's own speech act
            }
            if (cat == null
                    || cat.conflictual()
                    || cat == PloverCategory.AID
                    || cat == PloverCategory.RETREAT
                    || cat == PloverCategory.COOPERATE
                    || cat == PloverCategory.MOBILIZE
                    || cat == PloverCategory.AGREE
                    || cat == PloverCategory.CONSULT
                    || cat == PloverCategory.CONCEDE) {
                String speakerCode = cues.speaker == null ? null : cues.speaker.code;
                String source = firstMentionCode(cues, t);
                if (source == null && selfReference(tokens, cues.reportingAt)) {
                    return Modality.ASSERTED; // "the army said its jets had struck": the speaker reports its own act
                }
                if (doubt || speakerCode == null || source == null || !speakerCode.equals(source)) {
                    return Modality.REPORTED;
                }
            }
        } else if (cues.doubting) {
            return Modality.REPORTED; // "reportedly", "allegedly"
        }
        return Modality.ASSERTED;
    }

    /** A past or present verb form that carries its own tense ("welcomed", "agrees"): a later modal is not its. */
    private static boolean finiteVerb(Tokenizer.Token t) {
        String w = t.lower();
        return t.word().lexeme().canBeVerb() && (w.endsWith("ed") || pastTense(w));
    }

    /** Speakers who are not the actor whatever country they belong to: "a Palestinian source", "officials". */
    private static final Set<String> ANONYMOUS = Set.of(
            "source",
            "sources",
            "official",
            "officials",
            "diplomat",
            "diplomats",
            "people",
            "person",
            "witness",
            "witnesses",
            "resident",
            "residents",
            "analyst",
            "analysts",
            "expert",
            "experts",
            "media",
            "report",
            "reports",
            "monitor",
            "monitors",
            "observers",
            "activists",
            "investigators",
            "lawmaker",
            "lawmakers",
            "insiders",
            "aide",
            "aides");
    /** Official roles that, with "the" and no country named, speak for the actor itself ("the army said"). */
    private static final Set<String> OWN_ROLES = Set.of(
            "ministry",
            "army",
            "military",
            "government",
            "president",
            "minister",
            "ministers",
            "secretary",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "office",
            "command",
            "forces",
            "chancellor",
            "premier",
            "kremlin",
            "pentagon",
            "presidency",
            "cabinet",
            "navy",
            "department",
            "chief",
            "leader",
            "group",
            "movement",
            "police",
            "authorities",
            "administration",
            "regime",
            "junta",
            "alliance",
            "coalition",
            "militia",
            "rebels",
            "insurgents",
            "fighters",
            "headquarters",
            "staff");

    /**
     * True when the speaker of a sentence-final attribution is the actor itself: the same actor code, a pronoun
     * for it, or "the" + an official role with no other country named ("..., the defence secretary said").
     */
    private static boolean selfSpeaker(Cues cues, Speaker sp, int t) {
        if (sp == null) {
            return !cues.doubting; // "reportedly" names no one; the doubting cue makes it reported further down
        }
        if (sp.anonymous) {
            return false;
        }
        String source = firstMentionCode(cues, t);
        if (sp.code != null) {
            return sp.code.equals(source);
        }
        String[] words = sp.text.toLowerCase(java.util.Locale.ROOT).split(" ");
        if (words.length == 1 && SELF.contains(words[0])) {
            return true;
        }
        // "officials", "local officials", "two sources", "regional governor X", "witnesses" are others.
        for (String w : words) {
            if (OWN_ROLES.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a trigger in a comment clause after the main one: ", a charge Yerevan flatly denied", ", which
     * Moscow rejected", ", who ...": the main clause's event stays the sentence's news.
     */
    private static boolean appositive(List<Tokenizer.Token> tokens, int t) {
        for (int i = t - 1; i >= 1; i--) {
            if (tokens.get(i).isPunct()) {
                String first = i + 1 < tokens.size() ? tokens.get(i + 1).lower() : "";
                return i + 1 < t
                        && (first.equals("a")
                                || first.equals("an")
                                || first.equals("which")
                                || first.equals("who")
                                || first.equals("whose"));
            }
        }
        return false;
    }

    /** True when the trigger's clause opens with "years after", "decades since": an anniversary, not news. */
    private static boolean yearsAgo(List<Tokenizer.Token> tokens, int t) {
        for (int i = t - 1; i >= 1; i--) {
            Tokenizer.Token tok = tokens.get(i);
            if (tok.isPunct()) {
                return false;
            }
            String w = tok.lower();
            if ((w.equals("after") || w.equals("since") || w.equals("ago")) && i > 0) {
                String before = tokens.get(i - 1).lower();
                return before.equals("years") || before.equals("decades") || before.equals("centuries");
            }
        }
        return false;
    }

    /**
     * True when a year (1900-2099) stands in the three tokens before the trigger or anywhere after it in its clause
     * ("the 2023 Banjska attack", "blown up by Islamic State fighters in 2017"): a dated past event.
     */
    private static boolean yearNear(List<Tokenizer.Token> tokens, int t, int end) {
        for (int i = Math.max(0, t - 3); i < tokens.size(); i++) {
            Tokenizer.Token tok = tokens.get(i);
            if (tok.isPunct()) {
                if (i < t) {
                    continue;
                }
                break;
            }
            String w = tok.lower();
            if (w.length() == 4
                    && (w.startsWith("19") || w.startsWith("20"))
                    && Character.isDigit(w.charAt(2))
                    && Character.isDigit(w.charAt(3))) {
                return true;
            }
        }
        return false;
    }

    /** A regular or common irregular past form: "agreed", "signed", "met", "struck". */
    private static boolean pastTense(String w) {
        return w.endsWith("ed")
                || w.equals("met")
                || w.equals("struck")
                || w.equals("held")
                || w.equals("took")
                || w.equals("sent")
                || w.equals("gave")
                || w.equals("fought")
                || w.equals("made")
                || w.equals("said");
    }

    private static String firstMentionCode(Cues cues, int t) {
        int[] st = actors(cues.mentions, cues, t, true);
        return st[0] < 0 ? null : cues.mentions.get(st[0]).code();
    }

    private static final Set<String> SELF =
            Set.of("it", "its", "they", "their", "we", "our", "he", "his", "she", "her");

    /** True when the clause after a reporting verb opens with a pronoun for the speaker ("said its jets ..."). */
    private static boolean selfReference(List<Tokenizer.Token> tokens, int cue) {
        int i = cue + 1;
        if (i < tokens.size() && tokens.get(i).lower().equals("that")) {
            i++;
        }
        return i < tokens.size() && SELF.contains(tokens.get(i).lower());
    }

    /** True when a threat word ("threatened", "warned", "vowed") precedes token t in its clause. */
    private static boolean threatenedBefore(List<Tokenizer.Token> tokens, int t) {
        for (int i = t - 1; i >= 0; i--) {
            Tokenizer.Token tok = tokens.get(i);
            if (tok.isPunct()) {
                return false;
            }
            String w = tok.lower();
            // "threatened to strike", "warned of attacks", "resign or face an all-out assault"
            if (w.startsWith("threat")
                    || w.startsWith("warn")
                    || w.startsWith("vow")
                    || w.equals("face")
                    || w.equals("faces")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for an -ing trigger in a trailing participial clause (", each side blaming the other"): it describes
     * circumstances, so the main clause's event stays primary.
     */
    private static boolean subordinate(List<Tokenizer.Token> tokens, int t) {
        if (!tokens.get(t).lower().endsWith("ing")) {
            return false;
        }
        for (int i = t - 1; i >= Math.max(0, t - 3); i--) {
            if (tokens.get(i).isPunct()) {
                return i > 0;
            }
        }
        return false;
    }

    /**
     * A negation in the five tokens before the trigger, within its clause ("not only" does not negate), or, in a
     * language read with a profile, inside the trigger's own span ("liefert keine Waffen").
     */
    private static boolean negated(List<Tokenizer.Token> tokens, Cues cues, int t, int end) {
        // Inside the trigger's own span: "troops were not moved", "liefert keine Waffen".
        for (int i = t + 1; i < end; i++) {
            if (cues.has(i, NEG)
                    && !(i + 1 < tokens.size()
                            && NOT_ONLY.contains(tokens.get(i + 1).lower()))) {
                return true;
            }
        }
        for (int i = t - 1; i >= Math.max(0, t - 5); i--) {
            Tokenizer.Token tok = tokens.get(i);
            if (tok.isPunct()) {
                return false;
            }
            String w = tok.lower();
            boolean failedTo = (w.equals("failed") || w.equals("fail") || w.equals("fails"))
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).lower().equals("to");
            if (cues.has(i, NEG) || w.endsWith("n't") || failedTo) {
                String next = i + 1 < tokens.size() ? tokens.get(i + 1).lower() : "";
                if (NOT_ONLY.contains(next)) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Source and target mention indexes for a trigger at token t: the source is the first actor of the
     * trigger's clause (after the speaker clause when reported), the target the first other actor after the
     * trigger, else between source and trigger. -1 when none.
     */
    private static int[] actors(List<Gazetteer.Mention> mentions, Cues cues, int t, boolean reported) {
        int from = reported && cues.speaker != null && cues.speaker.endToken <= t ? cues.speaker.endToken : 0;
        int source = -1;
        for (int i = 0; i < mentions.size(); i++) {
            Gazetteer.Mention m = mentions.get(i);
            if (m.firstToken() >= from && m.firstToken() < t) {
                if (reported
                        && cues.speaker != null
                        && m.firstToken() >= cues.speaker.firstToken
                        && m.firstToken() < cues.speaker.endToken) {
                    continue;
                }
                source = i;
                break;
            }
        }
        String sourceCode = source < 0 ? null : mentions.get(source).code();
        int target = -1;
        for (int i = 0; i < mentions.size(); i++) {
            Gazetteer.Mention m = mentions.get(i);
            if (m.firstToken() >= t && !m.code().equals(sourceCode)) {
                target = i;
                break;
            }
        }
        if (target < 0 && source >= 0) {
            for (int i = source + 1; i < mentions.size() && mentions.get(i).firstToken() < t; i++) {
                if (!mentions.get(i).code().equals(sourceCode)) {
                    target = i;
                    break;
                }
            }
        }
        if (source < 0 && target < 0 && !reported && !mentions.isEmpty()) {
            source = 0; // "Russian missiles struck ..." already covered; this is the actor-after-verb case
            if (mentions.get(0).firstToken() >= t) {
                target = 0;
                source = -1;
            }
        }
        return new int[] {source, target};
    }

    /** Who is reported as speaking: words and actor code. */
    record Speaker(String text, String code, int firstToken, int endToken, boolean anonymous) {}

    /** Sentence-level cues computed once per sentence. */
    private static final class Cues {
        List<Gazetteer.Mention> mentions;
        boolean strongConditional;
        boolean weakModal;
        /** First condition cue ("if", "unless", an initial "should"), -1 when none. */
        int condAt = -1;
        /** A speech cue in the sentence's last clause (", the governor said", ", officials told reporters"), -1. */
        int finalSpeechAt = -1;

        Speaker finalSpeaker;
        /** Token ranges [from, to) of condition and background clauses. */
        int[] conditionSpans = new int[0];

        int[] backgroundSpans = new int[0];
        private int[] weakPositions = new int[0];
        List<Tokenizer.Token> tokens;
        boolean wouldOrWill;
        boolean ruledOut;
        boolean volitionalNegation;
        boolean nextPeriod;
        boolean doubting;
        int denialAt = -1;
        int anyAt = -1;
        int wouldAt = -1;
        int speechAt = -1;
        int reportingAt = -1;
        Speaker speaker;
        private int[] anyPositions = new int[0];
        int[] bits;
        /** Read with a language profile: cues come from its file, English word checks do not apply. */
        boolean foreign;

        boolean has(int token, int bit) {
            return (bits[token] & bit) != 0;
        }

        static Cues of(
                List<Tokenizer.Token> tokens, List<Gazetteer.Mention> mentions, int[] tokenBits, boolean foreign) {
            Cues c = new Cues();
            c.mentions = mentions;
            c.tokens = tokens;
            c.bits = tokenBits;
            c.foreign = foreign;
            int[] anys = new int[4];
            int anyCount = 0;
            for (int i = 0; i < tokens.size(); i++) {
                Tokenizer.Token tok = tokens.get(i);
                String w = tok.lower();
                int bits = tokenBits[i];
                if (bits == 0) {
                    continue;
                }
                if ((bits & COND) != 0
                        || (i == 0 && (w.equals("should") || w.equals("were")))
                        || (w.equals("case")
                                && i > 0
                                && tokens.get(i - 1).lower().equals("in"))
                        || (w.equals("event")
                                && i > 1
                                && tokens.get(i - 2).lower().equals("in")
                                && tokens.get(i + 1 < tokens.size() ? i + 1 : i)
                                        .lower()
                                        .equals("of"))) {
                    c.strongConditional = true;
                    if (c.condAt < 0) {
                        c.condAt = i;
                    }
                    c.conditionSpans = addSpan(c.conditionSpans, i, clauseEnd(tokens, i));
                }
                if (!foreign && BACKGROUND.contains(w)) {
                    c.backgroundSpans = addSpan(c.backgroundSpans, i, clauseEnd(tokens, i));
                }
                // "May" the month is capitalised mid-sentence; the modal is not.
                if ((bits & WEAK) != 0 && !(w.equals("may") && tok.textEquals("May"))) {
                    c.weakModal = true;
                    c.weakPositions = addSpan(c.weakPositions, i, i + 1);
                }
                if (foreign && (bits & FUT) != 0) {
                    c.wouldOrWill = true;
                }
                if (w.equals("would") || w.equals("will")) {
                    c.wouldOrWill = true;
                    if (c.wouldAt < 0 && w.equals("would")) {
                        c.wouldAt = i;
                    }
                }
                if ((w.equals("ruled") || w.equals("rule") || w.equals("rules"))
                        && i + 1 < tokens.size()
                        && tokens.get(i + 1).lower().equals("out")
                        && i > 0
                        && precededByNot(tokens, i)) {
                    c.ruledOut = true;
                }
                if ((bits & VOL) != 0
                        || w.equals("refused")
                        || (w.equals("not")
                                && i > 0
                                && (tokens.get(i - 1).lower().equals("would")
                                        || tokens.get(i - 1).lower().equals("will")))) {
                    c.volitionalNegation = true;
                }
                if ((bits & DENY) != 0 && c.denialAt < 0) {
                    c.denialAt = i;
                }
                if (w.equals("any")) {
                    if (anyCount == anys.length) {
                        anys = Arrays.copyOf(anys, anyCount * 2);
                    }
                    anys[anyCount++] = i;
                    if (c.anyAt < 0) {
                        c.anyAt = i;
                    }
                }
                if (w.equals("next")
                        && i + 1 < tokens.size()
                        && PERIODS.contains(tokens.get(i + 1).lower())) {
                    c.nextPeriod = true;
                }
                if ((bits & SPEAK) != 0 && c.speechAt < 0) {
                    c.speechAt = i;
                }
                boolean owning =
                        i + 1 < tokens.size() && tokens.get(i + 1).lower().equals("responsibility");
                if ((bits & REPORT) != 0 && c.reportingAt < 0 && !owning) {
                    if (w.equals("according")
                            && !(i + 1 < tokens.size()
                                    && tokens.get(i + 1).lower().equals("to"))) {
                        continue;
                    }
                    c.reportingAt = i;
                    c.doubting = (bits & DOUBT) != 0
                            && !(i + 1 < tokens.size()
                                    && tokens.get(i + 1).lower().equals("responsibility"));
                    c.speaker = speaker(tokens, mentions, i, bits);
                }
                if ((bits & DOUBT) != 0
                        && !(i + 1 < tokens.size() && tokens.get(i + 1).lower().equals("responsibility"))) {
                    c.doubting = true; // but "claimed responsibility" is an actor owning its act
                }
            }
            c.anyPositions = Arrays.copyOf(anys, anyCount);
            // The attribution closing a sentence: a speech cue after its last clause punctuation.
            int last = -1;
            for (int i = tokens.size() - 1; i >= 0; i--) {
                if (tokens.get(i).isPunct()) {
                    last = i;
                    break;
                }
            }
            if (last >= 0) {
                for (int i = last + 1; i < tokens.size(); i++) {
                    // ", saying it offered no guarantee" is the actor's own words, not an attribution.
                    if ((tokenBits[i] & (SPEAK | REPORT)) != 0
                            && !tokens.get(i).lower().endsWith("ing")) {
                        c.finalSpeechAt = i;
                        c.finalSpeaker = speaker(tokens, mentions, i, tokenBits[i]);
                        break;
                    }
                }
            }
            return c;
        }

        /** True when token t lies in a condition clause ("if ... ," or "... if ..." to the sentence end). */
        boolean inCondition(int t) {
            return inSpans(conditionSpans, t);
        }

        /** True when token t lies in a background clause ("after ...", "amid ...", "following ..."). */
        boolean inBackground(int t) {
            return inSpans(backgroundSpans, t);
        }

        /** True when a weak modal stands after token t in its clause ("a blockade could be put in place"). */
        boolean weakAfterInClause(int t) {
            int end = clauseEnd(tokens, t);
            for (int k = 0; k < weakPositions.length; k += 2) {
                int p = weakPositions[k];
                if (p > t && p < end) {
                    return true;
                }
            }
            return false;
        }

        /** True when a weak modal (could, might, may) stands before token t in its clause. */
        boolean weakBefore(int t) {
            for (int k = 0; k < weakPositions.length; k += 2) {
                int p = weakPositions[k];
                if (p < t && clauseEnd(tokens, p) >= t) {
                    return true;
                }
            }
            return false;
        }

        private static boolean inSpans(int[] spans, int t) {
            for (int k = 0; k < spans.length; k += 2) {
                if (t > spans[k] && t < spans[k + 1]) {
                    return true;
                }
            }
            return false;
        }

        private static int[] addSpan(int[] spans, int from, int to) {
            int[] out = Arrays.copyOf(spans, spans.length + 2);
            out[spans.length] = from;
            out[spans.length + 1] = to;
            return out;
        }

        /** The index of the clause punctuation after token i, or the sentence's length. */
        static int clauseEnd(List<Tokenizer.Token> tokens, int i) {
            for (int k = i + 1; k < tokens.size(); k++) {
                if (tokens.get(k).isPunct()) {
                    return k;
                }
            }
            return tokens.size();
        }

        /** True when "any" (or "any such") stands right before token t. */
        boolean anyBefore(int t) {
            for (int a : anyPositions) {
                if (a < t && t - a <= 2) {
                    return true;
                }
            }
            return false;
        }

        private static boolean precededByNot(List<Tokenizer.Token> tokens, int i) {
            for (int k = i - 1; k >= Math.max(0, i - 3); k--) {
                String w = tokens.get(k).lower();
                if (w.equals("not") || w.endsWith("n't") || w.equals("never")) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The speaker of a reporting cue: "according to X" and "attributed to X" name it after the cue; otherwise
         * it is the words before the cue back to the previous comma or the sentence start (at most six).
         */
        private static Speaker speaker(
                List<Tokenizer.Token> tokens, List<Gazetteer.Mention> mentions, int cue, int bits) {
            String w = tokens.get(cue).lower();
            if (w.equals("reportedly") || w.equals("allegedly")) {
                return null; // an adverb names no speaker
            }
            int from;
            int to;
            if (w.equals("according") || w.equals("attributed") || (bits & AFTER) != 0) {
                from = (bits & AFTER) != 0 ? cue + 1 : cue + 2;
                to = from;
                while (to < tokens.size() && !tokens.get(to).isPunct() && to - from < 8) {
                    to++;
                }
            } else {
                to = cue;
                from = cue;
                while (from > 0 && !tokens.get(from - 1).isPunct() && cue - from < 6) {
                    from--;
                }
                if (from == to) {
                    // Inverted: ", said the minister", ", заявил министр обороны", ", a indiqué le ministère".
                    from = cue + 1;
                    to = from;
                    while (to < tokens.size() && !tokens.get(to).isPunct() && to - from < 8) {
                        to++;
                    }
                }
            }
            boolean anonymous = from < to
                    && (tokens.get(from).lower().equals("a")
                            || tokens.get(from).lower().equals("an"));
            while (from < to && ARTICLES.contains(tokens.get(from).lower())) {
                from++;
            }
            for (int i = from; i < to; i++) {
                anonymous |= ANONYMOUS.contains(tokens.get(i).lower());
            }
            if (from >= to) {
                return null;
            }
            String code = null;
            for (Gazetteer.Mention m : mentions) {
                if (m.firstToken() >= from && m.firstToken() < to) {
                    code = m.code();
                    break;
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < to; i++) {
                sb.append(i > from ? " " : "").append(tokens.get(i).text());
            }
            return new Speaker(sb.toString(), code, from, to, anonymous);
        }
    }
}
