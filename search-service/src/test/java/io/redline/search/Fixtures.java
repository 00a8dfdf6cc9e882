package io.redline.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import io.redline.contracts.Analysis;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.Dyad;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Event;
import io.redline.contracts.EventContext;
import io.redline.contracts.Evidence;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.PloverCategory;
import io.redline.contracts.RawArticle;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import io.redline.query.IndexedArticles;
import io.redline.search.index.ArticleIndex;
import io.redline.search.index.DocumentVersion;
import io.redline.search.story.StoryAssigner;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds analysed articles for tests and indexes them directly (with a refresh), the way the indexer writes them. */
public final class Fixtures {

    private Fixtures() {}

    /** A fresh 32-hex-digit id. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A mutable description of one test article. */
    public static final class Spec {
        public String id = newId();
        public int revision = 1;
        public String feed = "feed";
        public String source = "example.org";
        public String title = "Title";
        public String text = "Text.";
        public List<String> tags = List.of();
        public String language = "en";
        public Instant published = Instant.parse("2026-11-20T10:00:00Z");
        public int score;
        public List<Signal> signals = new ArrayList<>();
        public List<Event> events = new ArrayList<>();
        public List<String> actors = List.of();

        public Spec signal(SignalType type, Modality modality, String... actors) {
            signals.add(new Signal(type, modality, null, List.of(actors), evidence(), 0.7));
            return this;
        }

        public Spec event(PloverCategory category, String source, String target, Modality modality) {
            events.add(new Event(category, EventContext.MILITARY, source, target, modality, null, evidence(), 0.7));
            return this;
        }

        private Evidence evidence() {
            return new Evidence(0, 0, title.length(), title, title);
        }

        public AnalyzedArticle build() {
            RawArticle article = new RawArticle(
                    id,
                    revision,
                    "http://" + source + "/" + id,
                    feed,
                    "http://" + source + "/rss",
                    source,
                    title,
                    "",
                    "",
                    text,
                    List.of(),
                    List.of(),
                    tags,
                    language,
                    published,
                    published,
                    published,
                    "h" + id + revision);
            List<Dyad> dyads = events.stream()
                    .filter(e -> e.source() != null && e.target() != null)
                    .map(e -> new Dyad(e.source(), e.target(), 1, List.of(e.category())))
                    .toList();
            Analysis analysis = new Analysis(
                    "test",
                    language,
                    !signals.isEmpty() || language.equals("en"),
                    score,
                    EscalationLevel.ofScore(score),
                    0,
                    null,
                    signals,
                    events,
                    dyads,
                    actors,
                    List.of(),
                    published.plusSeconds(60));
            return new AnalyzedArticle(article, analysis);
        }
    }

    /** Indexes an article into the current index as the indexer would (story look-up, external version), refreshed. */
    public static void index(ElasticsearchClient client, StoryAssigner stories, AnalyzedArticle doc)
            throws IOException {
        IndexedArticle indexed = IndexedArticles.of(doc, stories.storyIdFor(ArticleIndex.INDEX, doc.article()));
        client.index(i -> i.index(ArticleIndex.INDEX)
                .id(doc.article().id())
                .version(DocumentVersion.of(doc))
                .versionType(VersionType.ExternalGte)
                .document(indexed)
                .refresh(Refresh.True));
    }
}
