package io.redline.localstack.bench;

import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Dyad;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Event;
import io.redline.contracts.EventContext;
import io.redline.contracts.Evidence;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded generator of synthetic analysed articles for the benchmarks (search-service's {@code SearchBench},
 * alert-service's {@code MatchBench}) and the matcher's equivalence test: 300-600 words of English news prose composed
 * from templates and word lists about conflict, diplomacy, economy and sport, with the analysis (signals with
 * evidence, PLOVER events, dyads, actors, score, level) consistent with the sentences that were written.
 *
 * <p>Article {@code i} of seed {@code s} is always the same. About a quarter of the articles are wire copies of the
 * previous original article of the same generator (same title and text, another outlet, published up to 3 hours
 * later): they get the original's story id, which is what search-service's {@code StoryAssigner} would find for them
 * (identical SimHash). Dates are spread over the 30 days before {@link #END}.
 */
public final class ArticleGenerator {

    /** Articles are published in the 30 days before this instant. */
    public static final Instant END = Instant.parse("2026-11-27T00:00:00Z");

    public static final Instant START = END.minus(Duration.ofDays(30));
    public static final String ANALYZER_VERSION = "1.0.0";

    /** An article and the story id the indexer would give it. */
    public record Generated(AnalyzedArticle article, String storyId) {}

    private record Actor(String code, String name, String adjective, String capital, String leader) {}

    private static final List<Actor> ACTORS = List.of(
            new Actor("RUS", "Russia", "Russian", "Moscow", "the Kremlin"),
            new Actor("UKR", "Ukraine", "Ukrainian", "Kyiv", "President Zelensky"),
            new Actor("NATO", "NATO", "allied", "Brussels", "the NATO secretary general"),
            new Actor("USA", "the United States", "American", "Washington", "the White House"),
            new Actor("CHN", "China", "Chinese", "Beijing", "the foreign ministry in Beijing"),
            new Actor("EU", "the European Union", "European", "Brussels", "the European Commission"),
            new Actor("IRN", "Iran", "Iranian", "Tehran", "the Iranian foreign minister"),
            new Actor("ISR", "Israel", "Israeli", "Jerusalem", "the Israeli prime minister"),
            new Actor("TUR", "Turkey", "Turkish", "Ankara", "President Erdogan"),
            new Actor("POL", "Poland", "Polish", "Warsaw", "the Polish defence minister"),
            new Actor("GBR", "Britain", "British", "London", "Downing Street"),
            new Actor("FRA", "France", "French", "Paris", "the Elysee"),
            new Actor("DEU", "Germany", "German", "Berlin", "the German chancellor"),
            new Actor("BLR", "Belarus", "Belarusian", "Minsk", "President Lukashenko"),
            new Actor("PRK", "North Korea", "North Korean", "Pyongyang", "state media in Pyongyang"),
            new Actor("TWN", "Taiwan", "Taiwanese", "Taipei", "the defence ministry in Taipei"));

    /** Pairs that face each other in conflict stories. */
    private static final int[][] RIVALS = {
        {0, 1}, {0, 2}, {0, 3}, {4, 15}, {4, 3}, {6, 7}, {0, 9}, {13, 9}, {14, 3}, {6, 3}, {0, 10}, {0, 5}
    };

    private static final List<String> PLACES = List.of(
            "Odesa",
            "Kharkiv",
            "the Black Sea",
            "Crimea",
            "the Donbas",
            "Zaporizhzhia",
            "the Baltic Sea",
            "the Taiwan Strait",
            "Kaliningrad",
            "the Sea of Azov",
            "Kherson",
            "the Suwalki Gap",
            "the Golan Heights",
            "the Strait of Hormuz",
            "Mariupol",
            "the Korean peninsula",
            "Dnipro",
            "Sumy",
            "the Arctic",
            "the Red Sea");

    private static final String[][] SOURCES = {
        {"reuters.com", "reuters-world", "reuters-europe"},
        {"apnews.com", "ap-top", "ap-world"},
        {"bbc.co.uk", "bbc-world", "bbc-europe"},
        {"theguardian.com", "guardian-world", "guardian-ukraine"},
        {"aljazeera.com", "aljazeera-news"},
        {"dw.com", "dw-top", "dw-europe"},
        {"france24.com", "f24-world"},
        {"kyivindependent.com", "kyiv-independent"},
        {"meduza.io", "meduza-en"},
        {"politico.eu", "politico-eu"},
        {"ft.com", "ft-world", "ft-markets"},
        {"bloomberg.com", "bloomberg-politics", "bloomberg-markets"},
        {"nytimes.com", "nyt-world"},
        {"washingtonpost.com", "wapo-world"},
        {"euronews.com", "euronews-en"},
        {"rferl.org", "rferl-news"},
        {"timesofisrael.com", "toi-news"},
        {"scmp.com", "scmp-china"},
        {"japantimes.co.jp", "jt-asia"},
        {"espn.com", "espn-top"},
        {"skysports.com", "sky-football"},
        {"lemonde.fr", "lemonde-international"},
        {"spiegel.de", "spiegel-international"},
        {"ukrinform.net", "ukrinform-en"},
        {"tass.com", "tass-world"},
        {"cnn.com", "cnn-world"},
        {"npr.org", "npr-world"},
        {"economist.com", "economist-europe"},
        {"defensenews.com", "defense-news"},
        {"breakingdefense.com", "breaking-defense"}
    };

    private static final String[] LANGUAGES = {
        "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "de", "fr",
        "uk", "es"
    };

    private static final String[] NUMBERS = {
        "two",
        "three",
        "four",
        "five",
        "six",
        "a dozen",
        "dozens of",
        "several",
        "at least seven",
        "more than twenty",
        "about forty",
        "hundreds of"
    };
    private static final String[] DAYS = {
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "on Saturday",
        "on Sunday",
        "overnight",
        "late on Sunday",
        "early on Thursday",
        "this week",
        "last week"
    };
    private static final String[] OFFICIALS = {
        "officials",
        "a senior official",
        "the defence ministry",
        "military sources",
        "a spokesperson",
        "diplomats",
        "analysts",
        "the foreign ministry",
        "two people familiar with the matter",
        "government sources",
        "the general staff",
        "local authorities"
    };
    private static final String[] SAY = {
        "said",
        "told reporters",
        "said in a statement",
        "confirmed",
        "reported",
        "claimed",
        "wrote on social media",
        "told a news conference",
        "announced",
        "insisted"
    };

    private enum Topic {
        CONFLICT,
        DIPLOMACY,
        ECONOMY,
        SPORT
    }

    /** A signal sentence template: %A actor name, %B other actor, %P place, %N number, %D day, %J adjective. */
    private record Trigger(
            SignalType type,
            PloverCategory category,
            EventContext context,
            int weight,
            String matched,
            String[] templates) {}

    private static final List<Trigger> CONFLICT_TRIGGERS = List.of(
            new Trigger(SignalType.STRIKE, PloverCategory.ASSAULT, EventContext.MILITARY, 18, "missile", new String[] {
                "%A launched %N missiles at %P %D, striking energy facilities and residential buildings.",
                "A %J missile strike on %P killed %N people and damaged a power station, %O %S.",
                "Drones and cruise missiles struck %P %D in one of the largest attacks in weeks.",
                "%A forces were shelling positions near %P, and air defences shot down %N drones."
            }),
            new Trigger(
                    SignalType.RED_LINE, PloverCategory.THREATEN, EventContext.MILITARY, 30, "red line", new String[] {
                        "%A warned that sending long-range weapons to %B would cross a red line.",
                        "Any deployment of foreign troops near %P is a red line, %L %S %D.",
                        "%L said %A had drawn a red line over strikes deep inside its territory.",
                        "Crossing that red line would bring a response, %O in %C warned."
                    }),
            new Trigger(
                    SignalType.NUCLEAR_RHETORIC,
                    PloverCategory.THREATEN,
                    EventContext.NUCLEAR,
                    35,
                    "nuclear",
                    new String[] {
                        "%A said it could revise its nuclear doctrine after the attack on %P.",
                        "%L raised the prospect of tactical nuclear weapons being moved closer to %P.",
                        "State television discussed nuclear strikes on %C, a rhetoric %B called reckless."
                    }),
            new Trigger(
                    SignalType.MOBILIZATION,
                    PloverCategory.MOBILIZE,
                    EventContext.MILITARY,
                    15,
                    "troops",
                    new String[] {
                        "%A moved %N battalions of troops and armoured vehicles towards %P %D.",
                        "Satellite images show a build-up of troops and air defence systems near %P.",
                        "%A announced snap military exercises involving %N warships in %P."
                    }),
            new Trigger(
                    SignalType.WEAPONS_SUPPLY, PloverCategory.AID, EventContext.MILITARY, 12, "weapons", new String[] {
                        "%A pledged a new package of weapons, including air defence missiles and artillery shells, to %B.",
                        "The first long-range weapons supplied by %A arrived in %B %D, %O %S."
                    }),
            new Trigger(SignalType.CYBER, PloverCategory.COERCE, EventContext.CYBER, 10, "cyberattack", new String[] {
                "A cyberattack blamed on %J hackers disrupted railways and banks in %C %D.",
                "%O %S a cyberattack had targeted the power grid around %P."
            }));

    private static final List<Trigger> DIPLOMACY_TRIGGERS = List.of(
            new Trigger(SignalType.TALKS, PloverCategory.CONSULT, EventContext.DIPLOMATIC, 0, "talks", new String[] {
                "Delegations from %A and %B held talks in %C %D on a possible prisoner exchange.",
                "%L said the talks with %B had been difficult but useful.",
                "Foreign ministers of %A and %B spoke by phone and agreed to continue talks."
            }),
            new Trigger(
                    SignalType.CEASEFIRE, PloverCategory.AGREE, EventContext.DIPLOMATIC, 0, "ceasefire", new String[] {
                        "%A proposed a thirty-day ceasefire around %P, which %B said it would study.",
                        "A fragile ceasefire around %P largely held %D, %O %S."
                    }),
            new Trigger(
                    SignalType.SANCTIONS,
                    PloverCategory.SANCTION,
                    EventContext.DIPLOMATIC,
                    8,
                    "sanctions",
                    new String[] {
                        "%A announced new sanctions on %J banks, oil traders and %N shipping companies.",
                        "%A expelled %N %J diplomats and imposed sanctions on officials in %C."
                    }),
            new Trigger(
                    SignalType.DEESCALATION_APPEAL,
                    PloverCategory.REQUEST,
                    EventContext.DIPLOMATIC,
                    0,
                    "restraint",
                    new String[] {
                        "The United Nations urged restraint and called on %A and %B to avoid escalation.",
                        "%L called for restraint and de-escalation around %P."
                    }),
            new Trigger(
                    SignalType.AGREEMENT, PloverCategory.AGREE, EventContext.DIPLOMATIC, 0, "agreement", new String[] {
                        "%A and %B signed an agreement on grain exports through %P.",
                        "Negotiators reached an agreement to exchange %N prisoners of war %D."
                    }));

    private static final String[] FILLER_CONFLICT = {
        "Residents of %P spent the night in shelters as sirens sounded across the region.",
        "The regional governor said emergency crews were still clearing rubble from damaged buildings.",
        "%J officials said air defences had intercepted most of the incoming drones.",
        "Military analysts said the front line around %P had barely moved in months.",
        "The attack came hours after %L promised to strengthen air defences before winter.",
        "Power cuts affected thousands of homes, and repair teams worked through the night.",
        "Independent verification of the casualty figures was not immediately possible.",
        "Artillery exchanges continued along the front, %O %S.",
        "The army said it had repelled %N assaults near %P over the past day.",
        "Hospitals in %P treated dozens of wounded civilians, including children.",
        "Officials in %C accused %B of targeting civilian infrastructure deliberately.",
        "Commanders described fierce fighting and heavy losses on both sides.",
        "Engineers were assessing the damage to bridges and rail lines near %P.",
        "The governor urged residents to stay indoors and follow official channels."
    };
    private static final String[] FILLER_DIPLOMACY = {
        "The meeting in %C lasted more than four hours, according to people familiar with it.",
        "Diplomats said a joint statement was still being negotiated late into the evening.",
        "%L is expected to travel to %C next week for further consultations.",
        "The proposal includes monitoring by international observers and humanitarian corridors.",
        "Critics in %C said the government was making too many concessions.",
        "The foreign ministry said dialogue remained the only way to end the crisis.",
        "Previous rounds of negotiations collapsed over the question of security guarantees.",
        "European leaders welcomed the contacts but warned that trust remained low.",
        "A summit of leaders could take place before the end of the year, %O %S.",
        "The talks were mediated by Turkey and the Gulf states, diplomats said."
    };
    private static final String[] FILLER_ECONOMY = {
        "The central bank in %C raised its key interest rate by half a percentage point.",
        "Inflation slowed to its lowest level in two years, official data showed %D.",
        "Oil prices rose more than three percent on fears of supply disruption in %P.",
        "Gas prices in Europe climbed as traders weighed the risk to pipeline flows.",
        "The currency weakened against the dollar, and bond yields rose sharply.",
        "Exporters said shipping insurance costs had doubled since the summer.",
        "The government cut its growth forecast and announced new support for industry.",
        "Grain exports through %P recovered after months of disruption, traders said.",
        "Investors moved into gold and government bonds as markets fell.",
        "Manufacturers in %C reported falling orders and rising energy costs.",
        "Economists expect the budget deficit to widen as defence spending grows."
    };
    private static final String[] FILLER_SPORT = {
        "The match in %C ended in a two-all draw after a late equaliser.",
        "The coach said his team had shown character after a difficult first half.",
        "The striker scored twice to lift his club to the top of the table.",
        "Fans travelled from across the country for the final in %C.",
        "The federation said the tournament would go ahead despite security concerns.",
        "Organisers moved the qualifying games to a neutral venue.",
        "The goalkeeper made three crucial saves in the closing minutes.",
        "The champions extended their unbeaten run to fourteen games.",
        "Ticket sales for the championship were the highest in a decade.",
        "The national team will play its next fixture in %C on Saturday."
    };

    private static final String[] TITLE_CONFLICT = {
        "%A strikes %P with missiles and drones",
        "%A warns %B of red line over long-range weapons",
        "Missile attack on %P kills %N",
        "%A masses troops near %P as tensions rise",
        "%L hints at nuclear response over %P",
        "Shelling of %P continues as %A presses offensive",
        "Drones hit energy sites in %P overnight",
        "%B says it repelled attacks near %P"
    };
    private static final String[] TITLE_DIPLOMACY = {
        "%A and %B hold talks in %C",
        "%A proposes ceasefire around %P",
        "New sanctions target %J banks",
        "%L calls for restraint over %P",
        "Prisoner exchange agreed after talks in %C",
        "Diplomats seek deal on %P"
    };
    private static final String[] TITLE_ECONOMY = {
        "Oil prices jump on %P supply fears",
        "%J central bank raises rates as inflation bites",
        "Markets fall as sanctions hit %J exporters",
        "Grain exports through %P recover",
        "%J economy slows as energy costs rise"
    };
    private static final String[] TITLE_SPORT = {
        "%J champions win derby in %C",
        "Late goal earns draw in %C",
        "Tournament moved from %P over security fears",
        "Striker's double lifts club to top"
    };

    private final long seed;

    public ArticleGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * Article {@code i}: a wire copy of article {@code i - k} (same story) when {@code i} is a copy, else an original.
     * Copies are only made of originals, and the original of a copy is found again by re-generating it.
     */
    public Generated article(long i) {
        SplittableRandom r = new SplittableRandom(mix(seed, i));
        if (i > 0 && r.nextInt(4) == 0) {
            long k = 1 + r.nextInt((int) Math.min(i, 20));
            long original = i - k;
            while (original > 0 && isCopy(original)) {
                original--;
            }
            Generated base = original(original);
            return copy(base, i, r);
        }
        return original(i);
    }

    private boolean isCopy(long i) {
        return i > 0 && new SplittableRandom(mix(seed, i)).nextInt(4) == 0;
    }

    private static long mix(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    private static String id(long seed, long i) {
        return String.format(Locale.ROOT, "%016x%016x", mix(seed, -1 - i), i);
    }

    private Generated copy(Generated base, long i, SplittableRandom r) {
        RawArticle a = base.article().article();
        String[] src = SOURCES[r.nextInt(SOURCES.length)];
        String feed = src[1 + r.nextInt(src.length - 1)];
        String id = id(seed, i);
        Instant published = a.publishedAt().plusSeconds(60 + r.nextInt(3 * 3600));
        RawArticle copy = new RawArticle(
                id,
                1,
                "https://www." + src[0] + "/news/" + id,
                feed,
                "https://www." + src[0] + "/rss/" + feed + ".xml",
                src[0],
                a.title(),
                a.summary(),
                "",
                a.text(),
                List.of(),
                a.categories(),
                a.tags(),
                a.language(),
                published,
                published,
                published.plusSeconds(30),
                Long.toHexString(mix(seed, i * 7)));
        Analysis b = base.article().analysis();
        Analysis analysis = new Analysis(
                b.analyzerVersion(),
                b.language(),
                b.supported(),
                b.escalationScore(),
                b.level(),
                b.deescalationScore(),
                b.goldstein(),
                b.signals(),
                b.events(),
                b.dyads(),
                b.actors(),
                b.topEvidence(),
                published.plusSeconds(45));
        return new Generated(new AnalyzedArticle(copy, analysis), base.storyId());
    }

    private Generated original(long i) {
        SplittableRandom r = new SplittableRandom(mix(seed, i) ^ 0x5DEECE66DL);
        int t = r.nextInt(100);
        Topic topic = t < 40 ? Topic.CONFLICT : t < 70 ? Topic.DIPLOMACY : t < 88 ? Topic.ECONOMY : Topic.SPORT;
        int[] pair = RIVALS[r.nextInt(RIVALS.length)];
        Actor a = ACTORS.get(pair[0]);
        Actor b = ACTORS.get(pair[1]);
        if (r.nextBoolean()) {
            Actor swap = a;
            a = b;
            b = swap;
        }
        String place = PLACES.get(r.nextInt(PLACES.size()));
        Slots slots = new Slots(a, b, place, r);

        List<Trigger> triggers = new ArrayList<>();
        switch (topic) {
            case CONFLICT -> {
                pickTriggers(r, CONFLICT_TRIGGERS, 1 + r.nextInt(3), triggers);
                if (r.nextInt(4) == 0) {
                    pickTriggers(r, DIPLOMACY_TRIGGERS, 1, triggers);
                }
            }
            case DIPLOMACY -> {
                pickTriggers(r, DIPLOMACY_TRIGGERS, 1 + r.nextInt(2), triggers);
                if (r.nextInt(3) == 0) {
                    pickTriggers(r, CONFLICT_TRIGGERS, 1, triggers);
                }
            }
            case ECONOMY -> {
                if (r.nextInt(3) == 0) {
                    triggers.add(DIPLOMACY_TRIGGERS.get(2)); // sanctions
                }
            }
            case SPORT -> {}
        }
        String[] titles = switch (topic) {
            case CONFLICT -> TITLE_CONFLICT;
            case DIPLOMACY -> TITLE_DIPLOMACY;
            case ECONOMY -> TITLE_ECONOMY;
            case SPORT -> TITLE_SPORT;
        };
        String[] filler = switch (topic) {
            case CONFLICT -> FILLER_CONFLICT;
            case DIPLOMACY -> FILLER_DIPLOMACY;
            case ECONOMY -> FILLER_ECONOMY;
            case SPORT -> FILLER_SPORT;
        };
        String title = capitalize(slots.fill(titles[r.nextInt(titles.length)]));

        // Body: sentences until 300-600 words; each trigger sentence once or twice, spread over the text.
        int targetWords = 300 + r.nextInt(301);
        List<String> sentences = new ArrayList<>();
        Map<Integer, Trigger> triggerAt = new LinkedHashMap<>();
        int words = 0;
        int nextTrigger = 0;
        while (words < targetWords) {
            String sentence;
            boolean due = nextTrigger < triggers.size() && (sentences.isEmpty() || r.nextInt(4) == 0);
            if (due) {
                Trigger trigger = triggers.get(nextTrigger++);
                sentence = slots.fill(trigger.templates()[r.nextInt(trigger.templates().length)]);
                triggerAt.put(sentences.size(), trigger);
            } else if (r.nextInt(5) == 0) {
                sentence = slots.fill(pick(r, new String[] {
                    "%L %S the situation remained %Q.", "%O %S that %A would respond %D.",
                    "\"We will not accept this,\" %L %S.", "%O in %C %S the figures could not be verified.",
                    "%A has denied the accusations, %O %S."
                }));
            } else {
                sentence = slots.fill(filler[r.nextInt(filler.length)]);
            }
            sentence = capitalize(sentence);
            sentences.add(sentence);
            words += sentence.split(" ").length;
        }
        String text = String.join(" ", sentences);
        String summary = sentences.get(0);

        // Analysis consistent with the sentences written.
        List<Signal> signals = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        LinkedHashSet<String> actors = new LinkedHashSet<>();
        int score = 0;
        int deescalation = 0;
        int offset = 0;
        for (int s = 0; s < sentences.size(); s++) {
            String sentence = sentences.get(s);
            Trigger trigger = triggerAt.get(s);
            if (trigger != null) {
                int at = Math.max(0, sentence.toLowerCase(Locale.ROOT).indexOf(trigger.matched()));
                Evidence evidence = new Evidence(
                        s, offset + at, offset + at + trigger.matched().length(), sentence, trigger.matched());
                Modality modality =
                        r.nextInt(10) < 7 ? Modality.ASSERTED : r.nextBoolean() ? Modality.REPORTED : Modality.FUTURE;
                signals.add(new Signal(
                        trigger.type(),
                        modality,
                        r.nextBoolean() ? a.name() : null,
                        List.of(a.code(), b.code()),
                        evidence,
                        0.55 + r.nextInt(45) / 100.0));
                events.add(new Event(
                        trigger.category(),
                        trigger.context(),
                        a.code(),
                        b.code(),
                        modality,
                        null,
                        evidence,
                        0.5 + r.nextInt(50) / 100.0));
                actors.add(a.code());
                actors.add(b.code());
                if (trigger.type().escalatory()) {
                    score += trigger.weight() + r.nextInt(10);
                } else {
                    deescalation += 15 + r.nextInt(20);
                }
            }
            offset += sentence.length() + 1;
        }
        if (topic != Topic.SPORT && actors.isEmpty()) {
            actors.add(a.code());
        }
        score = Math.min(100, score);
        deescalation = Math.min(100, deescalation);
        Map<String, Dyad> dyads = new LinkedHashMap<>();
        for (Event e : events) {
            dyads.merge(
                    e.source() + ">" + e.target(),
                    new Dyad(e.source(), e.target(), 1, List.of(e.category())),
                    (x, y) -> new Dyad(
                            x.source(),
                            x.target(),
                            x.count() + 1,
                            x.categories().contains(y.categories().get(0))
                                    ? x.categories()
                                    : concat(x.categories(), y.categories().get(0))));
        }
        List<Evidence> top = signals.stream().limit(3).map(Signal::evidence).toList();

        String[] src = SOURCES[r.nextInt(SOURCES.length)];
        String feed = src[1 + r.nextInt(src.length - 1)];
        String language = LANGUAGES[r.nextInt(LANGUAGES.length)];
        String id = id(seed, i);
        // Day and hour: more articles in daytime UTC than at night.
        long dayOffset = r.nextLong(30);
        int hour = r.nextInt(3) == 0 ? r.nextInt(24) : 6 + r.nextInt(14);
        Instant published = START.plus(Duration.ofDays(dayOffset)).plusSeconds(hour * 3600L + r.nextInt(3600));
        List<String> tags = switch (topic) {
            case CONFLICT -> List.of("world", "conflict");
            case DIPLOMACY -> List.of("world", "politics");
            case ECONOMY -> List.of("business", "economy");
            case SPORT -> List.of("sport");
        };
        RawArticle article = new RawArticle(
                id,
                1,
                "https://www." + src[0] + "/news/" + id,
                feed,
                "https://www." + src[0] + "/rss/" + feed + ".xml",
                src[0],
                title,
                summary,
                "",
                text,
                List.of("Staff reporter"),
                List.of(topic.name().toLowerCase(Locale.ROOT)),
                tags,
                language,
                published,
                published,
                published.plusSeconds(30),
                Long.toHexString(mix(seed, i * 7)));
        Double goldstein = events.isEmpty() ? null : (deescalation - score) / 10.0;
        Analysis analysis = new Analysis(
                ANALYZER_VERSION,
                language,
                "en".equals(language),
                score,
                EscalationLevel.ofScore(score),
                deescalation,
                goldstein,
                signals,
                events,
                new ArrayList<>(dyads.values()),
                new ArrayList<>(actors),
                top,
                published.plusSeconds(45));
        return new Generated(new AnalyzedArticle(article, analysis), id);
    }

    private static <T> List<T> concat(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static void pickTriggers(SplittableRandom r, List<Trigger> from, int n, List<Trigger> into) {
        for (int k = 0; k < n; k++) {
            Trigger t = from.get(r.nextInt(from.size()));
            if (!into.contains(t)) {
                into.add(t);
            }
        }
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Fills the %X slots of a template. */
    private static final class Slots {
        private final Actor a;
        private final Actor b;
        private final String place;
        private final SplittableRandom r;

        Slots(Actor a, Actor b, String place, SplittableRandom r) {
            this.a = a;
            this.b = b;
            this.place = place;
            this.r = r;
        }

        String fill(String template) {
            StringBuilder out = new StringBuilder(template.length() + 64);
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if (c != '%' || i + 1 >= template.length()) {
                    out.append(c);
                    continue;
                }
                char slot = template.charAt(++i);
                out.append(
                        switch (slot) {
                            case 'A' -> a.name();
                            case 'B' -> b.name();
                            case 'J' -> a.adjective();
                            case 'C' -> r.nextBoolean() ? a.capital() : b.capital();
                            case 'L' -> a.leader();
                            case 'P' -> place;
                            case 'N' -> pick(r, NUMBERS);
                            case 'D' -> pick(r, DAYS);
                            case 'O' -> pick(r, OFFICIALS);
                            case 'S' -> pick(r, SAY);
                            case 'Q' ->
                                pick(r, new String[] {
                                    "tense",
                                    "difficult",
                                    "under control",
                                    "volatile",
                                    "calm but fragile",
                                    "extremely dangerous"
                                });
                            default -> "%" + slot;
                        });
            }
            return out.toString();
        }
    }
}
