package io.redline.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.alerts.match.SubscriptionMatcher;
import io.redline.alerts.subscription.Subscription;
import io.redline.contracts.Alert;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.SignalType;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import io.redline.query.SubscriptionQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts built from real matcher output: stable ids, marked passages, terms and links. */
class AlertFactoryTest {

    private final AlertFactory factory = new AlertFactory("https://redline.example.org/");

    private static Subscription sub(String id, String q) {
        return new Subscription(
                id,
                "Name " + id,
                null,
                q,
                Map.of(),
                null,
                null,
                List.of(),
                List.of(),
                null,
                null,
                null,
                List.of(),
                List.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                true);
    }

    @Test
    void anAlertCarriesTheArticleSignalsMarkedPassagesAndLinks() throws IOException {
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Kremlin draws a red line over howitzers";
        spec.text = "In a long statement on Tuesday, officials in Moscow repeated their warning once again. "
                + "Any delivery of howitzers to the front would be answered, they said, and the warning stands.";
        spec.score = 62;
        spec.signal(SignalType.RED_LINE, Modality.ASSERTED, "RUS");
        IndexedArticle doc = IndexedArticles.of(spec.build(), "story-1");
        try (SubscriptionMatcher matcher = new SubscriptionMatcher()) {
            matcher.register(SubscriptionQuery.of("sub_a", "howitzer", Map.of()));
            var match = matcher.matchWithHighlights(doc).get(0);
            Alert a = factory.build(sub("sub_a", "howitzer"), doc, match, Instant.parse("2026-11-27T10:00:00Z"));
            assertThat(a.id())
                    .isEqualTo(AlertFactory.alertId("sub_a", "story-1", EscalationLevel.HIGH))
                    .startsWith("alt_")
                    .hasSize(36);
            assertThat(a.kind()).isEqualTo("new");
            assertThat(a.level()).isEqualTo(EscalationLevel.HIGH);
            assertThat(a.score()).isEqualTo(62);
            assertThat(a.signals()).hasSize(1);
            assertThat(a.highlights().get(0)).isEqualTo("Kremlin draws a red line over <em>howitzers</em>");
            assertThat(a.highlights().get(1))
                    .contains("delivery of <em>howitzers</em> to the front")
                    .startsWith("…")
                    .doesNotContain("\n");
            assertThat(a.matchedTerms()).containsExactly("howitzers");
            assertThat(a.articleLink()).isEqualTo("https://redline.example.org/api/articles/" + spec.id);
            assertThat(a.storyLink()).isEqualTo("https://redline.example.org/api/stories/story-1");

            // What goes over redline.alerts comes back equal (the article's fetch time included).
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
            assertThat(mapper.readValue(mapper.writeValueAsString(a), Alert.class))
                    .isEqualTo(a);
            assertThat(a.article().fetchedAt()).isEqualTo(spec.published);

            Alert update = AlertFactory.asUpdate(a, EscalationLevel.ELEVATED);
            assertThat(update.kind()).isEqualTo("update");
            assertThat(update.previousLevel()).isEqualTo(EscalationLevel.ELEVATED);
            assertThat(update.id()).isEqualTo(a.id());
        }
    }

    @Test
    void anAlertCarriesTheStorysCorroborationAsIndexedAndAnUpdateKeepsIt() {
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Howitzers sent";
        spec.source = "own.example";
        Instant first = Instant.parse("2026-11-26T06:00:00Z");
        io.redline.contracts.Corroboration figure = new io.redline.contracts.Corroboration(
                3, 5, first, "wire.example", List.of("wire.example", "a.example", "own.example"));
        IndexedArticle plain = IndexedArticles.of(spec.build(), "story-1");
        IndexedArticle doc = new IndexedArticle(
                plain.article(), plain.analysis(), plain.derived().withCorroboration(figure));
        Alert a = factory.build(sub("sub_a", "howitzer"), doc, null, Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(a.corroboration()).isEqualTo(figure);
        // A record from before copies and outletDomains: copies is outlets (its lower bound), domains the first one.
        Alert older = factory.build(
                sub("sub_a", "howitzer"),
                IndexedArticles.of(spec.build(), "story-1", figure),
                null,
                Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(older.corroboration())
                .isEqualTo(
                        new io.redline.contracts.Corroboration(3, 3, first, "wire.example", List.of("wire.example")));
        assertThat(AlertFactory.asUpdate(a, EscalationLevel.LOW).corroboration())
                .isEqualTo(a.corroboration());
        Alert old = factory.build(
                sub("sub_a", "howitzer"), IndexedArticles.of(spec.build(), "story-1"), null, Instant.EPOCH);
        assertThat(old.corroboration()).isNull();
    }

    @Test
    void aRecordKeepsTheFirstTwentyOutletDomainsAndTheAlertNamesThem() {
        List<String> domains = java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> "o" + i + ".example")
                .toList();
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Howitzers sent";
        IndexedArticle plain = IndexedArticles.of(spec.build(), "story-1");
        IndexedArticle.Derived derived = plain.derived()
                .withCorroboration(new io.redline.contracts.Corroboration(
                        25, 30, Instant.parse("2026-11-26T06:00:00Z"), "o0.example", domains));
        assertThat(derived.outletDomains())
                .hasSize(IndexedArticle.Derived.MAX_OUTLET_DOMAINS)
                .containsExactlyElementsOf(domains.subList(0, 20));
        Alert a = factory.build(
                sub("sub_a", "howitzer"),
                new IndexedArticle(plain.article(), plain.analysis(), derived),
                null,
                Instant.EPOCH);
        assertThat(a.corroboration().outlets()).isEqualTo(25);
        assertThat(a.corroboration().copies()).isEqualTo(30);
        assertThat(a.corroboration().outletDomains()).containsExactlyElementsOf(domains.subList(0, 20));
    }

    @Test
    void theIdDependsOnSubscriptionStoryAndLevelOnly() {
        String id = AlertFactory.alertId("sub_a", "story-1", EscalationLevel.HIGH);
        assertThat(AlertFactory.alertId("sub_a", "story-1", EscalationLevel.HIGH))
                .isEqualTo(id);
        assertThat(AlertFactory.alertId("sub_a", "story-1", EscalationLevel.CRITICAL))
                .isNotEqualTo(id);
        assertThat(AlertFactory.alertId("sub_b", "story-1", EscalationLevel.HIGH))
                .isNotEqualTo(id);
        assertThat(AlertFactory.alertId("sub_a", "story-2", EscalationLevel.HIGH))
                .isNotEqualTo(id);
    }

    @Test
    void passagesAreCappedAndNearbyMatchesShareOne() throws IOException {
        ArticleSpec spec = new ArticleSpec();
        spec.title = "Border";
        spec.text = "drone ".repeat(400);
        IndexedArticle doc = IndexedArticles.of(spec.build(), "s");
        try (SubscriptionMatcher matcher = new SubscriptionMatcher()) {
            matcher.register(SubscriptionQuery.of("sub_a", "drone", Map.of()));
            var match = matcher.matchWithHighlights(doc).get(0);
            Alert a = factory.build(sub("sub_a", "drone"), doc, match, Instant.now());
            assertThat(a.highlights()).hasSizeLessThanOrEqualTo(AlertFactory.MAX_PASSAGES);
            assertThat(a.highlights().get(0)).contains("<em>drone</em> <em>drone</em>");
        }
    }
}
