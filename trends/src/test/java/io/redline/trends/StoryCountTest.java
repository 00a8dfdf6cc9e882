package io.redline.trends;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.redline.contracts.IndexedArticle;
import io.redline.localstack.ContainerStack;
import io.redline.localstack.LocalStack;
import io.redline.localstack.StackBackend;
import io.redline.localstack.fixtures.ArticleSpec;
import io.redline.query.IndexedArticles;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link SpikeDetector} on a real Elasticsearch node counts distinct stories, not copies, and shows one article each. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoryCountTest {

    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(60);
    private static final Duration WEEK = Duration.ofDays(7);

    private final String index = "trends-stories-" + UUID.randomUUID();
    private RestClient rest;
    private ElasticsearchClient client;
    private int sequence;

    @BeforeAll
    void connect() throws IOException {
        // The node the services' tests get from LocalStackTestResource, chosen the same way (no Quarkus here).
        String host;
        if (StackBackend.selected() == StackBackend.CONTAINERS) {
            ContainerStack.shared().ensureRunning(false, true);
            host = ContainerStack.shared().elasticsearch().hostAndPort();
        } else {
            LocalStack.shared().ensureRunning(false, true);
            host = LocalStack.shared().elasticsearch().hostAndPort();
        }
        rest = RestClient.builder(HttpHost.create("http://" + host)).build();
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // The mapping is strict: fields newer than articles-v4 (null here) must not be sent at all.
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(json)));
        try (InputStream mapping = IndexedArticles.class.getResourceAsStream("/elasticsearch/articles-v4.json")) {
            client.indices().create(c -> c.index(index).withJson(mapping));
        }
    }

    @AfterAll
    void close() throws IOException {
        client.indices().delete(d -> d.index(index));
        rest.close();
    }

    @Test
    void copiesOfOneStoryCountOnceWhileDistinctStoriesSpikeWithOneEvidenceArticleEach() throws IOException {
        for (int week = 1; week <= 4; week++) {
            Instant t = AT.minus(WEEK.multipliedBy(week)).minusSeconds(600);
            // Every baseline week: COPY has one story in three copies, DISTINCT one story.
            String copied = "copy-week-" + week;
            for (int i = 0; i < 3; i++) {
                index(t.minusSeconds(i), 20, "COPY", copied);
            }
            index(t, 20, "DISTINCT", "distinct-week-" + week);
        }
        // The window: nine copies of one COPY story (wire copies and updates) ...
        for (int i = 0; i < 9; i++) {
            index(AT.minusSeconds(60 + i * 60L), 40 + i, "COPY", "copy-now");
        }
        // ... and four DISTINCT stories, the first also in three more escalating copies, plus two documents indexed
        // before story ids existed, which count as a story each.
        String[] distinctIds = new String[4];
        for (int i = 0; i < 4; i++) {
            distinctIds[i] = index(AT.minusSeconds(120 + i * 60L), 30 + i, "DISTINCT", "distinct-" + i);
        }
        String topCopy = index(AT.minusSeconds(1000), 90, "DISTINCT", "distinct-0");
        index(AT.minusSeconds(1100), 89, "DISTINCT", "distinct-0");
        index(AT.minusSeconds(1200), 88, "DISTINCT", "distinct-0");
        String storyless = index(AT.minusSeconds(1300), 50, "DISTINCT", null);
        index(AT.minusSeconds(1400), 20, "DISTINCT", null);
        client.indices().refresh(r -> r.index(index));

        SpikeDetector detector = new SpikeDetector(client, index);
        List<Spike> spikes = detector.detect(request(3, Baseline.DEFAULT_MIN_SCORE));

        assertThat(spikes).extracting(Spike::key).containsExactly("DISTINCT");
        Spike distinct = spikes.get(0);
        assertThat(distinct.observed()).isEqualTo(6);
        assertThat(distinct.articles()).isEqualTo(9);
        assertThat(distinct.baseline().weeks()).containsExactly(1L, 1L, 1L, 1L);
        // median 1, MAD 0, spread sqrt(1): (6 - 1) / 1
        assertThat(distinct.score()).isEqualTo(5.0);
        // One article per story: the top copy of distinct-0, the storyless document, then distinct-3 (score 33).
        assertThat(distinct.topEvidence())
                .extracting(Spike.Evidence::articleId)
                .containsExactly(topCopy, storyless, distinctIds[3]);
        assertThat(distinct.topEvidence())
                .extracting(Spike.Evidence::storyId)
                .containsExactly("distinct-0", null, "distinct-3");

        // With no bar at all, COPY shows what it is: one story against one a week, nine articles, one evidence.
        Spike copy = detector.detect(request(1, 0)).stream()
                .filter(s -> s.key().equals("COPY"))
                .findFirst()
                .orElseThrow();
        assertThat(copy.observed()).isEqualTo(1);
        assertThat(copy.articles()).isEqualTo(9);
        assertThat(copy.baseline().weeks()).containsExactly(1L, 1L, 1L, 1L);
        assertThat(copy.score()).isEqualTo(0.0);
        assertThat(copy.topEvidence()).hasSize(1);
        assertThat(copy.topEvidence().get(0).storyId()).isEqualTo("copy-now");
        assertThat(copy.topEvidence().get(0).title()).isEqualTo("COPY 48");
    }

    private static SpikeDetector.Request request(long minCount, double minScore) {
        return new SpikeDetector.Request(AT, WINDOW, 4, EnumSet.of(SpikeDetector.Kind.ACTOR), minCount, minScore, 50);
    }

    /** Indexes one article about {@code actor} in story {@code storyId} (null: none, as before story ids). */
    private String index(Instant published, int score, String actor, String storyId) throws IOException {
        ArticleSpec a = new ArticleSpec();
        a.published = published;
        a.score = score;
        a.actors = List.of(actor);
        a.title = actor + " " + score;
        a.text = "Article " + (sequence++) + " about " + actor + ".";
        IndexedArticle doc = IndexedArticles.of(a.build(), storyId);
        client.index(i -> i.index(index).id(a.id).document(doc).refresh(Refresh.False));
        return a.id;
    }
}
