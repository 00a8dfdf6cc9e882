package io.redline.alerts.match;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.alerts.Fixtures;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.RawArticle;
import io.redline.contracts.SignalType;
import io.redline.localstack.LocalStackTestResource;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.ArticleFilters;
import io.redline.query.EsQueries;
import io.redline.query.IndexedArticles;
import io.redline.query.SubscriptionQuery;
import io.redline.query.UserQuery;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The same fixtures and the same q + filters through the search on the real Elasticsearch and through the in-process
 * {@link SubscriptionMatcher}: for every case the sets of matching article ids must be equal. The search side is what
 * {@code /api/articles} sends: the fixtures in an index with the articles mapping and the shared query language's
 * {@link EsQueries} query of the case's {@code q} ({@link UserQuery}) and filters ({@link ArticleFilters}).
 *
 * <p>The fixtures are built to tell the semantics apart where a naive translation would differ: a word split over
 * two fields ("long-range"), stems vs surface forms, possessives, curly apostrophes, accents, a summary-only match,
 * a millisecond date boundary, and an article with a REPORTED strike next to an ASSERTED other signal (nested).
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionMatcherParityTest {

    /** Two feeds of this run only: every search is restricted to them, so other tests' articles never count. */
    static final String FEED_A = "parity-a-" + Fixtures.newId();

    static final String FEED_B = "parity-b-" + Fixtures.newId();

    @Inject
    ElasticsearchClient client;

    /** One case: the API parameters, and the subscription that must match the same articles. */
    record Case(String name, Map<String, List<String>> api, SubscriptionQuery subscription) {}

    @Test
    void everyQueryAndFilterMatchesTheSameArticlesAsTheSearchApi() throws Exception {
        List<AnalyzedArticle> corpus = corpus();
        for (AnalyzedArticle a : corpus) {
            Fixtures.index(client, IndexedArticles.of(a, "story-" + a.article().id()));
        }
        List<Case> cases = cases();
        try (SubscriptionMatcher matcher = new SubscriptionMatcher()) {
            matcher.registerAll(cases.stream().map(Case::subscription).toList());
            assertThat(matcher.size()).isEqualTo(cases.size());

            Map<String, Set<String>> matched = new LinkedHashMap<>();
            cases.forEach(c -> matched.put(c.subscription().id(), new TreeSet<>()));
            for (AnalyzedArticle a : corpus) {
                List<String> ids = matcher.match(a);
                // Both entry points build the same document.
                assertThat(matcher.match(IndexedArticles.of(a, null))).isEqualTo(ids);
                ids.forEach(id -> matched.get(id).add(a.article().id()));
            }

            List<String> divergences = new ArrayList<>();
            int nonTrivial = 0;
            for (Case c : cases) {
                Set<String> fromApi = new TreeSet<>(search(c.api()));
                Set<String> fromMatcher = matched.get(c.subscription().id());
                if (!fromApi.equals(fromMatcher)) {
                    divergences.add(
                            c.name() + ": api " + names(fromApi, corpus) + " matcher " + names(fromMatcher, corpus));
                }
                if (!fromApi.isEmpty() && fromApi.size() < corpus.size()) {
                    nonTrivial++;
                }
            }
            assertThat(divergences)
                    .as("cases where the matcher and the search API disagree")
                    .isEmpty();
            // The cases must discriminate: most select some but not all articles.
            assertThat(nonTrivial).isGreaterThan(cases.size() * 2 / 3);
        }
    }

    /**
     * The ids {@code /api/articles} would list for these parameters: {@code q} parsed by {@link UserQuery}, the rest
     * validated by {@link ArticleFilters#fromParameters} as the API validates them, one query from {@link EsQueries}.
     */
    private List<String> search(Map<String, List<String>> params) throws IOException {
        Map<String, List<String>> filters = new LinkedHashMap<>(params);
        List<String> qs = filters.remove("q");
        String q = qs == null || qs.isEmpty() ? null : qs.get(0);
        filters.putIfAbsent("feed", List.of(FEED_A + "," + FEED_B));
        Query query = EsQueries.query(q, UserQuery.parse(q), ArticleFilters.fromParameters(filters));
        return client
                .search(s -> s.index(ArticleReader.ALIAS).query(query).size(100), IndexedArticle.class)
                .hits()
                .hits()
                .stream()
                .map(Hit::id)
                .toList();
    }

    private static List<String> names(Set<String> ids, List<AnalyzedArticle> corpus) {
        List<String> out = new ArrayList<>();
        for (AnalyzedArticle a : corpus) {
            if (ids.contains(a.article().id())) {
                out.add(a.article().title());
            }
        }
        return out;
    }

    // ---- cases ----

    private static final List<Case> CASES = new ArrayList<>();

    private static List<Case> cases() {
        CASES.clear();
        // Words, inflections, operators, phrases, prefixes, title scope.
        for (String q : List.of(
                "missile",
                "strike",
                "striking",
                "strikes",
                "delegation agree",
                "missile AND odesa",
                "missile odesa",
                "ceasefire OR kremlin",
                "ceasefire | kremlin",
                "missile -odesa",
                "missile NOT odesa",
                "(ceasefire OR odesa) AND port",
                "\"red line\"",
                "\"red lines\"",
                "\"line red\"",
                "\"striking the port\"",
                "\"strike the port\"",
                "Gene*",
                "nuc*",
                "202*",
                "title:missile",
                "title:striking",
                "title:\"red line\"",
                "title:Gene*",
                "long-range",
                "\"long range\"",
                "NATO's",
                "alliance",
                "alliances",
                "drones",
                "Kharkiv",
                "kharkiv's",
                "Russia’s",
                "russia's",
                "Kraków",
                "krakow",
                "F-16",
                "F-16s",
                "nuclear-capable",
                "power grid",
                "\"power grid\"",
                "-odesa",
                "NOT missile NOT nuclear",
                "-(missile OR talks)",
                "talks OR -missile",
                "NOT NOT odesa",
                "((talks",
                "talks)) OR odesa",
                "OR talks",
                "analysis.level:HIGH",
                "article.sourceDomain:alpha.example",
                "/.*/",
                "missile~2 OR kreml~",
                "-",
                "\"\"",
                "café",
                "Breaking",
                "agreed",
                "agreeing")) {
            add("q=" + q, Map.of("q", List.of(q)), q, Map.of());
        }
        // Every filter, alone and combined.
        filter("from=2026-11-21", Map.of("from", List.of("2026-11-21")));
        filter("to=2026-11-20T14:30:00Z", Map.of("to", List.of("2026-11-20T14:30:00Z")));
        filter("from..to same day", Map.of("from", List.of("2026-11-20"), "to", List.of("2026-11-20")));
        filter("from exact instant", Map.of("from", List.of("2026-11-21T00:00:00Z")));
        filter("to exact instant", Map.of("to", List.of("2026-11-21T00:00:00Z")));
        filter("from with millis", Map.of("from", List.of("2026-11-25T08:00:00.123Z")));
        filter("to with millis", Map.of("to", List.of("2026-11-25T08:00:00.124Z")));
        filter("to with offset", Map.of("to", List.of("2026-11-25T10:00:00.123+02:00")));
        filter("source", Map.of("source", List.of("alpha.example")));
        filter("sources comma", Map.of("source", List.of("beta.example,gamma.example")));
        filter("tag", Map.of("tag", List.of("ukraine")));
        filter("feed", Map.of("feed", List.of(FEED_B)));
        filter("language de", Map.of("language", List.of("de")));
        filter("language EN", Map.of("language", List.of("EN")));
        filter("signal lower-case", Map.of("signal", List.of("red_line")));
        filter("signals any", Map.of("signal", List.of("STRIKE", "TALKS")));
        filter("category", Map.of("category", List.of("THREATEN")));
        filter("actor", Map.of("actor", List.of("USA")));
        filter("actors all", Map.of("actor", List.of("rus", "UKR")));
        filter("dyad", Map.of("dyad", List.of("RUS>UKR")));
        filter("dyad arrow", Map.of("dyad", List.of("UKR->RUS")));
        filter("minScore", Map.of("minScore", List.of("60")));
        filter("level", Map.of("level", List.of("CRITICAL")));
        filter("levels", Map.of("level", List.of("HIGH,NONE")));
        filter("modality alone", Map.of("modality", List.of("asserted")));
        filter("asserted red line", Map.of("modality", List.of("asserted"), "signal", List.of("RED_LINE")));
        filter("asserted assault", Map.of("modality", List.of("asserted"), "category", List.of("ASSAULT")));
        // The nested case: an article with a REPORTED strike and an ASSERTED talks signal is no asserted strike.
        filter("asserted strike", Map.of("modality", List.of("asserted"), "signal", List.of("STRIKE")));
        filter("asserted talks", Map.of("modality", List.of("asserted"), "signal", List.of("TALKS")));
        add(
                "missile + minScore",
                Map.of("q", List.of("missile"), "minScore", List.of("70")),
                "missile",
                Map.of("minScore", List.of("70")));
        add(
                "phrase + signal",
                Map.of("q", List.of("\"red line\""), "signal", List.of("RED_LINE")),
                "\"red line\"",
                Map.of("signal", List.of("RED_LINE")));
        add(
                "talks + actor + asserted",
                Map.of("q", List.of("talks"), "actor", List.of("RUS"), "modality", List.of("asserted")),
                "talks",
                Map.of("actor", List.of("RUS"), "modality", List.of("asserted")));
        add(
                "negation + language + level",
                Map.of("q", List.of("-odesa"), "language", List.of("en"), "level", List.of("NONE")),
                "-odesa",
                Map.of("language", List.of("en"), "level", List.of("NONE")));
        add(
                "prefix + date + tag",
                Map.of("q", List.of("sanction*"), "from", List.of("2026-11-21"), "tag", List.of("europe")),
                "sanction*",
                Map.of("from", List.of("2026-11-21"), "tag", List.of("europe")));
        // The subscription's own conditions, each against the API filter it stands for.
        extra(
                "minLevel HIGH",
                Map.of("level", List.of("HIGH", "CRITICAL")),
                null,
                Map.of(),
                EscalationLevel.HIGH,
                null,
                List.of(),
                List.of());
        extra("minScore 50", Map.of("minScore", List.of("50")), null, Map.of(), null, 50, List.of(), List.of());
        extra(
                "signals any",
                Map.of("signal", List.of("STRIKE", "RED_LINE")),
                null,
                Map.of(),
                null,
                null,
                List.of(SignalType.STRIKE, SignalType.RED_LINE),
                List.of());
        extra(
                "actors all",
                Map.of("actor", List.of("RUS", "NATO")),
                null,
                Map.of(),
                null,
                null,
                List.of(),
                List.of("rus", "NATO"));
        extra(
                "asserted signals",
                Map.of("signal", List.of("STRIKE"), "modality", List.of("asserted")),
                null,
                Map.of("modality", List.of("asserted")),
                null,
                null,
                List.of(SignalType.STRIKE),
                List.of());
        extra(
                "q + all extras",
                Map.of(
                        "q",
                        List.of("missile OR nuclear"),
                        "level",
                        List.of("CRITICAL"),
                        "actor",
                        List.of("RUS"),
                        "signal",
                        List.of("NUCLEAR_RHETORIC")),
                "missile OR nuclear",
                Map.of(),
                EscalationLevel.CRITICAL,
                80,
                List.of(SignalType.NUCLEAR_RHETORIC),
                List.of("RUS"));
        return new ArrayList<>(CASES);
    }

    private static void filter(String name, Map<String, List<String>> params) {
        add(name, params, null, params);
    }

    private static void add(String name, Map<String, List<String>> api, String q, Map<String, List<String>> filters) {
        CASES.add(new Case(name, api, SubscriptionQuery.of("s" + CASES.size(), q, filters)));
    }

    private static void extra(
            String name,
            Map<String, List<String>> api,
            String q,
            Map<String, List<String>> filters,
            EscalationLevel minLevel,
            Integer minScore,
            List<SignalType> signals,
            List<String> actors) {
        CASES.add(new Case(
                name, api, new SubscriptionQuery("s" + CASES.size(), q, filters, minLevel, minScore, signals, actors)));
    }

    // ---- corpus ----

    private static List<AnalyzedArticle> corpus() {
        List<AnalyzedArticle> out = new ArrayList<>();
        ArticleSpec strike = spec(
                FEED_A,
                "alpha.example",
                "2026-11-20T10:00:00Z",
                85,
                "Missiles launched at Odesa port",
                "Russian forces were striking the port overnight, officials said.");
        strike.tags = List.of("ukraine");
        strike.actors = List.of("RUS", "UKR");
        strike.signal(SignalType.STRIKE, Modality.ASSERTED, "RUS", "UKR")
                .event(PloverCategory.ASSAULT, "RUS", "UKR", Modality.ASSERTED);
        out.add(strike.build());

        ArticleSpec redLine = spec(
                FEED_A,
                "beta.example",
                "2026-11-20T14:30:00Z",
                60,
                "Kremlin draws a red line over long-range missile deliveries",
                "Moscow said strikes deep inside Russia would cross a red line.");
        redLine.tags = List.of("russia");
        redLine.actors = List.of("RUS", "USA");
        redLine.signal(SignalType.RED_LINE, Modality.REPORTED, "RUS")
                .event(PloverCategory.THREATEN, "RUS", "USA", Modality.REPORTED);
        out.add(redLine.build());

        ArticleSpec talks = spec(
                FEED_A,
                "alpha.example",
                "2026-11-21T09:00:00Z",
                0,
                "Ceasefire talks open in Geneva",
                "Delegations agreed to meet again next week.");
        talks.tags = List.of("diplomacy");
        talks.actors = List.of("RUS", "UKR");
        talks.signal(SignalType.TALKS, Modality.ASSERTED, "RUS", "UKR")
                .event(PloverCategory.CONSULT, "UKR", "RUS", Modality.ASSERTED);
        out.add(talks.build());

        ArticleSpec german = spec(
                FEED_B, "gamma.example", "2026-11-22T23:30:00Z", 0, "Raketen auf Odessa", "Die Armee meldet Angriffe.");
        german.tags = List.of("ukraine");
        german.language = "de";
        out.add(german.build());

        // "long" only in the title and "range" only in the text: a word's tokens must meet in one field.
        ArticleSpec split = spec(
                FEED_B,
                "beta.example",
                "2026-11-23T12:00:00Z",
                10,
                "Long talks in Vienna",
                "The range of options is wide, diplomats said.");
        split.actors = List.of("IRN");
        out.add(split.build());

        // Millisecond publication time for the date boundaries; two asserted signals.
        ArticleSpec nuclear = spec(
                FEED_A,
                "delta.example",
                "2026-11-25T08:00:00.123Z",
                92,
                "Nuclear rhetoric escalates",
                "Officials warned of nuclear drills; the nuclear-capable Iskander "
                        + "systems moved west. Russia’s envoy said NATO crossed a red line.");
        nuclear.actors = List.of("RUS", "NATO");
        nuclear.signal(SignalType.NUCLEAR_RHETORIC, Modality.ASSERTED, "RUS")
                .signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS", "NATO")
                .event(PloverCategory.THREATEN, "RUS", "NATO", Modality.ASSERTED);
        out.add(nuclear.build());

        ArticleSpec nato = spec(
                FEED_B,
                "alpha.example",
                "2026-11-24T16:00:00Z",
                30,
                "NATO's summit ends",
                "The alliance's leaders agreed on air defence for Kharkiv.");
        nato.tags = List.of("nato", "diplomacy");
        nato.actors = List.of("NATO", "UKR");
        nato.signal(SignalType.WEAPONS_SUPPLY, Modality.FUTURE, "NATO", "UKR");
        out.add(nato.build());

        // Matches only through its summary.
        ArticleSpec briefing = spec(
                FEED_A,
                "epsilon.example",
                "2026-11-26T06:00:00Z",
                55,
                "Morning briefing",
                "Power was restored by noon.");
        briefing.tags = List.of("ukraine");
        briefing.actors = List.of("RUS", "UKR");
        briefing.signal(SignalType.STRIKE, Modality.REPORTED, "RUS")
                .event(PloverCategory.ASSAULT, "RUS", "UKR", Modality.REPORTED);
        out.add(withSummary(briefing.build(), "Drones struck Kharkiv's power grid overnight."));

        // Published exactly at midnight: the from/to boundaries.
        ArticleSpec sanctions = spec(
                FEED_B,
                "delta.example",
                "2026-11-21T00:00:00Z",
                20,
                "Sanctions package adopted",
                "The EU adopted new sanctions on Russian banks.");
        sanctions.tags = List.of("europe");
        sanctions.actors = List.of("EU", "RUS");
        sanctions
                .signal(SignalType.SANCTIONS, Modality.ASSERTED, "EU", "RUS")
                .event(PloverCategory.COERCE, "EU", "RUS", Modality.ASSERTED);
        out.add(sanctions.build());

        // Accents are not folded by the standard analyzer: "krakow" must not find "Kraków".
        ArticleSpec krakow = spec(
                FEED_A,
                "zeta.example",
                "2026-11-19T08:00:00Z",
                5,
                "Zelensky in Kraków",
                "Café talks on grain exports raised naïve hopes.");
        krakow.actors = List.of("UKR", "POL");
        out.add(krakow.build());

        ArticleSpec jets = spec(
                FEED_B,
                "beta.example",
                "2026-11-18T08:00:00Z",
                45,
                "F-16 jets arrive",
                "Twelve F-16s were delivered in 2026, the ministry said.");
        jets.actors = List.of("UKR", "USA");
        jets.signal(SignalType.WEAPONS_SUPPLY, Modality.ASSERTED, "USA", "UKR")
                .event(PloverCategory.AID, "USA", "UKR", Modality.ASSERTED);
        out.add(jets.build());

        // A REPORTED strike next to an ASSERTED talks signal: "asserted strike" must not match (nested semantics).
        ArticleSpec mixed = spec(
                FEED_A,
                "gamma.example",
                "2026-11-23T18:00:00Z",
                40,
                "Shelling continues as talks resume",
                "Both sides said the shelling of border towns went on.");
        mixed.actors = List.of("RUS", "UKR");
        mixed.signal(SignalType.STRIKE, Modality.REPORTED, "RUS")
                .signal(SignalType.TALKS, Modality.ASSERTED, "RUS", "UKR")
                .event(PloverCategory.ASSAULT, null, null, Modality.REPORTED);
        out.add(mixed.build());

        // An empty body.
        ArticleSpec breaking = spec(FEED_B, "alpha.example", "2026-11-26T12:00:00Z", 0, "Breaking", "");
        out.add(breaking.build());
        return out;
    }

    private static ArticleSpec spec(
            String feed, String source, String published, int score, String title, String text) {
        ArticleSpec s = new ArticleSpec();
        s.feed = feed;
        s.source = source;
        s.published = Instant.parse(published);
        s.score = score;
        s.title = title;
        s.text = text;
        return s;
    }

    private static AnalyzedArticle withSummary(AnalyzedArticle doc, String summary) {
        RawArticle a = doc.article();
        return new AnalyzedArticle(
                new RawArticle(
                        a.id(),
                        a.revision(),
                        a.url(),
                        a.feedId(),
                        a.feedUrl(),
                        a.sourceDomain(),
                        a.title(),
                        summary,
                        a.contentHtml(),
                        a.text(),
                        a.authors(),
                        a.categories(),
                        a.tags(),
                        a.language(),
                        a.publishedAt(),
                        a.updatedAt(),
                        a.fetchedAt(),
                        a.contentHash()),
                doc.analysis());
    }
}
