package io.redline.search.dyads;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.search.index.ArticleIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes a dyad's daily series with one aggregation query on the {@code articles} alias. */
@ApplicationScoped
public class DyadSeries {

    /** Signal types listed per day, most articles first. */
    static final int SIGNALS_PER_DAY = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The event keys (CATEGORY|MODALITY, {@code derived.eventKeys}) that make an article count as conflict or as
     * cooperation: PLOVER's conflictual categories (ACCUSE ... ASSAULT, verbal and material conflict) or the
     * cooperative ones (AGREE ... REQUEST), in any modality but NEGATED, since a denied attack is not a conflict event.
     */
    static final List<String> CONFLICT_KEYS = eventKeys(true);

    static final List<String> COOPERATION_KEYS = eventKeys(false);

    private final ElasticsearchClient client;

    public DyadSeries(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * The series of a dyad.
     *
     * @param source   source actor code (for {@code target = "all"}: the actor)
     * @param target   target actor code, or {@code "all"}: the actor against every other, both directions
     * @param from     start of the range (inclusive)
     * @param to       end of the range (exclusive)
     * @param timeZone the zone the days are counted in
     * @param days     every day of the range, oldest first; empty when no article matches
     */
    public record Series(String source, String target, Instant from, Instant to, String timeZone, List<Day> days) {}

    /**
     * One day of a dyad.
     *
     * @param date           the day, in the series' time zone
     * @param articles       articles published that day with the dyad
     * @param conflict       of those, articles with a conflictual event (not negated)
     * @param cooperation    of those, articles with a cooperative event (not negated); an article can count in both
     * @param meanGoldstein  mean of the articles' Goldstein values (those that have one), null when none
     * @param meanEscalation mean escalation score, null when no article
     * @param maxEscalation  highest escalation score, null when no article
     * @param signals        signal types of the day's articles, most articles first, each with the evidence sentence
     *                       of its most escalated article
     */
    public record Day(
            String date,
            long articles,
            long conflict,
            long cooperation,
            Double meanGoldstein,
            Double meanEscalation,
            Integer maxEscalation,
            List<DaySignal> signals) {}

    /** A signal type on one day: articles with it and the sentence that proves it in the most escalated one. */
    public record DaySignal(String type, long count, Evidence evidence) {}

    /** The evidence of a day's signal: the article and its sentence. */
    public record Evidence(String articleId, String title, String sourceDomain, String sentence) {}

    /** The daily series of {@code source>target}, or of {@code source} against all when target is null. */
    public Series series(String source, String target, Instant from, Instant to, ZoneId zone) throws IOException {
        Query dyad = target != null
                ? Query.of(q -> q.term(t -> t.field("derived.dyads").value(source + ">" + target)))
                // One query, no terms look-up first: the keys starting with "ACTOR>" or ending in ">ACTOR". The
                // leading wildcard walks the dyad keys' term dictionary, which holds actor pairs only (thousands).
                : Query.of(q -> q.bool(b -> b.should(
                                s -> s.prefix(p -> p.field("derived.dyads").value(source + ">")))
                        .should(s -> s.wildcard(w -> w.field("derived.dyads").value("*>" + source)))
                        .minimumShouldMatch("1")));
        Query query = Query.of(q -> q.bool(b -> b.filter(dyad)
                .filter(r -> r.range(rr -> rr.date(
                        d -> d.field("article.publishedAt").gte(from.toString()).lt(to.toString()))))));
        Map<String, Aggregation> perDay = new LinkedHashMap<>();
        perDay.put(
                "conflict",
                Aggregation.of(a -> a.filter(f -> f.terms(t -> t.field("derived.eventKeys")
                        .terms(v -> v.value(
                                CONFLICT_KEYS.stream().map(FieldValue::of).toList()))))));
        perDay.put(
                "cooperation",
                Aggregation.of(a -> a.filter(f -> f.terms(t -> t.field("derived.eventKeys")
                        .terms(v -> v.value(
                                COOPERATION_KEYS.stream().map(FieldValue::of).toList()))))));
        perDay.put("goldstein", Aggregation.of(a -> a.avg(v -> v.field("analysis.goldstein"))));
        perDay.put("meanEscalation", Aggregation.of(a -> a.avg(v -> v.field("analysis.escalationScore"))));
        perDay.put("maxEscalation", Aggregation.of(a -> a.max(v -> v.field("analysis.escalationScore"))));
        perDay.put(
                "signals",
                Aggregation.of(a -> a.terms(
                                t -> t.field("analysis.signals.type").size(SIGNALS_PER_DAY))
                        .aggregations(
                                "top",
                                top -> top.topHits(h -> h.size(1)
                                        .sort(s -> s.field(f -> f.field("analysis.escalationScore")
                                                .order(SortOrder.Desc)))
                                        .sort(s -> s.field(f ->
                                                f.field("article.publishedAt").order(SortOrder.Desc)))
                                        .source(src -> src.filter(sf -> sf.includes(
                                                "article.id",
                                                "article.title",
                                                "article.sourceDomain",
                                                "analysis.signals.type",
                                                "analysis.signals.modality",
                                                "analysis.signals.confidence",
                                                "analysis.signals.evidence.sentence")))))));
        SearchResponse<Void> response = client.search(
                s -> s.index(ArticleIndex.ALIAS)
                        .size(0)
                        .query(query)
                        .trackTotalHits(t -> t.enabled(true))
                        .aggregations(
                                "days",
                                a -> a.dateHistogram(h -> h.field("article.publishedAt")
                                                .calendarInterval(CalendarInterval.Day)
                                                .timeZone(zone.getId())
                                                .minDocCount(0)
                                                .format("yyyy-MM-dd")
                                                // Gap-free over the whole range, so a chart's axis is the range.
                                                .extendedBounds(b -> b.min(
                                                                FieldDateMath.of(m -> m.value(from.toEpochMilli())))
                                                        .max(FieldDateMath.of(m -> m.value(to.toEpochMilli() - 1)))))
                                        .aggregations(perDay)),
                Void.class);
        long total =
                response.hits().total() == null ? 0 : response.hits().total().value();
        List<Day> days = new ArrayList<>();
        if (total > 0) {
            for (DateHistogramBucket b : response.aggregations()
                    .get("days")
                    .dateHistogram()
                    .buckets()
                    .array()) {
                days.add(day(b));
            }
        }
        return new Series(source, target == null ? DyadResource.ALL : target, from, to, zone.getId(), days);
    }

    private static Day day(DateHistogramBucket b) {
        Map<String, Aggregate> aggs = b.aggregations();
        boolean empty = b.docCount() == 0;
        Double goldstein = aggs.get("goldstein").avg().value();
        Double mean = aggs.get("meanEscalation").avg().value();
        Double max = aggs.get("maxEscalation").max().value();
        List<DaySignal> signals = new ArrayList<>();
        for (StringTermsBucket s : aggs.get("signals").sterms().buckets().array()) {
            String type = s.key().stringValue();
            List<Hit<JsonData>> top =
                    s.aggregations().get("top").topHits().hits().hits();
            signals.add(new DaySignal(type, s.docCount(), top.isEmpty() ? null : evidence(top.get(0), type)));
        }
        return new Day(
                b.keyAsString(),
                b.docCount(),
                aggs.get("conflict").filter().docCount(),
                aggs.get("cooperation").filter().docCount(),
                empty || goldstein == null || goldstein.isNaN() ? null : round(goldstein),
                empty || mean == null || mean.isNaN() ? null : round(mean),
                empty || max == null || max.isNaN() || max.isInfinite() ? null : (int) Math.round(max),
                signals);
    }

    /** The sentence of the article's signal of this type: a non-negated one first, then the most confident. */
    private static Evidence evidence(Hit<JsonData> hit, String type) {
        JsonNode doc;
        try {
            doc = JSON.readTree(hit.source().toJson().toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode article = doc.path("article");
        String sentence = null;
        int best = Integer.MIN_VALUE;
        for (JsonNode s : doc.path("analysis").path("signals")) {
            if (!type.equals(s.path("type").asText())) {
                continue;
            }
            int rank = (Modality.NEGATED.name().equals(s.path("modality").asText()) ? 0 : 1000)
                    + (int) Math.round(s.path("confidence").asDouble() * 100);
            if (rank > best && s.path("evidence").hasNonNull("sentence")) {
                best = rank;
                sentence = s.path("evidence").path("sentence").asText();
            }
        }
        return new Evidence(hit.id(), text(article, "title"), text(article, "sourceDomain"), sentence);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static List<String> eventKeys(boolean conflictual) {
        List<String> keys = new ArrayList<>();
        for (PloverCategory c : PloverCategory.values()) {
            if (c.conflictual() != conflictual) {
                continue;
            }
            Arrays.stream(Modality.values())
                    .filter(m -> m != Modality.NEGATED)
                    .forEach(m -> keys.add(IndexedArticle.modalityKey(c.name(), m)));
        }
        return List.copyOf(keys);
    }
}
