package io.redline.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redline.contracts.RawArticle;
import io.redline.ingest.fetch.FeedFetcher;
import io.redline.ingest.registry.FeedDefinition;
import io.redline.ingest.support.TestIngestConfig;
import io.redline.safehttp.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A changed document is parsed without the entries the last one already had, with the same outcome as parsing it
 * whole: same articles, ids, revisions and dedupe, same remembered state, whatever order the entries come in.
 */
class KnownItemsPollTest {

    private final LoopbackServer server = new LoopbackServer();
    private final List<RawArticle> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestIngestConfig config = new TestIngestConfig();
    private final String[] body = {""};
    private FeedPoller poller;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.stop();
        }
        server.close();
    }

    private FeedState feed() {
        server.on(
                "/feed",
                ex -> LoopbackServer.send(ex, 200, "application/rss+xml", body[0].getBytes(StandardCharsets.UTF_8)));
        poller = new FeedPoller(config, new FeedFetcher(config), published::add, registry);
        return poller.add(server.url("/feed"));
    }

    private static String item(int n, String text) {
        return "<item><title>Story " + n + "</title><link>http://news.example/" + n + "</link><description>" + text
                + "</description><pubDate>Wed, 25 Nov 2026 10:" + (10 + n) + ":00 GMT</pubDate></item>";
    }

    private static String rss(String build, String... items) {
        return FeedPollerHostileInputTest.rss("<lastBuildDate>" + build + "</lastBuildDate>" + String.join("", items));
    }

    private double duplicates() {
        return registry.counter("redline.ingest.articles", "outcome", "duplicate")
                .count();
    }

    @Test
    void aReorderedDocumentPublishesNothingAndParsesNoEntry() throws Exception {
        FeedState feed = feed();
        body[0] = rss("1", item(1, "a"), item(2, "b"), item(3, "c"));
        poller.poll(feed);
        assertThat(published).hasSize(3);
        assertThat(feed.itemPrints).hasSize(3).allMatch(p -> p.contains("@"));
        List<String> ids = feed.seenIds;

        body[0] = rss("2", item(3, "c"), item(1, "a"), item(2, "b"));
        KnownItems.Document doc =
                KnownItems.parse(body[0].getBytes(StandardCharsets.UTF_8), "application/rss+xml", feed);
        assertThat(doc.feed().getEntries()).isEmpty(); // Rome got the envelope only
        assertThat(doc.slots()).allMatch(s -> s.known() != null);
        poller.poll(feed);
        assertThat(published).hasSize(3);
        assertThat(duplicates()).isEqualTo(3);
        assertThat(feed.seenIds).containsExactly(ids.get(2), ids.get(0), ids.get(1));
        assertThat(feed.articlesSeen).isEqualTo(6);
        // The schedule still sees every entry's date.
        assertThat(doc.knownDates()).hasSize(3);
    }

    @Test
    void oneNewItemIsTheOnlyEntryParsedAndPublished() throws Exception {
        FeedState feed = feed();
        body[0] = rss("1", item(1, "a"), item(2, "b"));
        poller.poll(feed);
        body[0] = rss("2", item(3, "c"), item(1, "a"), item(2, "b"));
        KnownItems.Document doc =
                KnownItems.parse(body[0].getBytes(StandardCharsets.UTF_8), "application/rss+xml", feed);
        assertThat(doc.feed().getEntries()).hasSize(1);
        assertThat(doc.feed().getTitle()).isEqualTo("T"); // the envelope is there
        poller.poll(feed);
        assertThat(published).extracting(RawArticle::title).containsExactly("Story 1", "Story 2", "Story 3");
        assertThat(published).extracting(RawArticle::revision).containsOnly(1);
        assertThat(feed.seenIds).hasSize(3).startsWith(published.get(2).id());
    }

    @Test
    void anEditedItemIsRepublishedAsTheNextRevisionEvenWhenMoved() {
        FeedState feed = feed();
        body[0] = rss("1", item(1, "a"), item(2, "b"));
        poller.poll(feed);
        body[0] = rss("2", item(2, "b, with casualty figures"), item(1, "a"));
        poller.poll(feed);
        poller.poll(feed); // the same bytes: nothing more
        assertThat(published).extracting(RawArticle::title).containsExactly("Story 1", "Story 2", "Story 2");
        assertThat(published).extracting(RawArticle::revision).containsExactly(1, 1, 2);
        assertThat(published.get(2).id()).isEqualTo(published.get(1).id());
        // Edited back: the bytes are those of an older version but not of the last document, so revision 3.
        body[0] = rss("3", item(2, "b"), item(1, "a"));
        poller.poll(feed);
        assertThat(published).extracting(RawArticle::revision).containsExactly(1, 1, 2, 3);
    }

    @Test
    void aWhitespaceOnlyChangeIsParsedButStillADuplicate() {
        FeedState feed = feed();
        body[0] = rss("1", item(1, "a"));
        poller.poll(feed);
        body[0] = rss("2", item(1, "a").replace("<title>", "<title >"));
        poller.poll(feed);
        assertThat(published).hasSize(1);
        assertThat(duplicates()).isEqualTo(1);
    }

    @Test
    void stateSavedBeforeThePrintsExistedParsesTheWholeDocumentOnceWithTheSameOutcome() {
        FeedState feed = feed();
        body[0] = rss("1", item(1, "a"), item(2, "b"));
        poller.poll(feed);
        // What today's code saved: ids and entry fingerprints, no prints.
        var saved = feed.toSaved("old");
        var old = new io.redline.ingest.registry.FeedFetchState(
                saved.id(),
                saved.etag(),
                saved.lastModified(),
                saved.bodyHash(),
                saved.lastFetch(),
                saved.lastSuccess(),
                Instant.EPOCH,
                saved.interval(),
                saved.intervalReason(),
                0,
                null,
                null,
                saved.articlesSeen(),
                saved.articlesPublished(),
                saved.seenIds(),
                null,
                "old",
                saved.entryFingerprints(),
                saved.url(),
                null);
        poller.remove(feed.id());
        FeedState restored = poller.upsert(FeedDefinition.of(feed.url(), Instant.now()), old);
        assertThat(restored.itemPrints).isEmpty();
        body[0] = rss("2", item(3, "c"), item(2, "b"), item(1, "a"));
        poller.poll(restored);
        assertThat(published).extracting(RawArticle::title).containsExactly("Story 1", "Story 2", "Story 3");
        assertThat(duplicates()).isEqualTo(2); // by entry fingerprint, as before
        assertThat(restored.itemPrints).hasSize(3);
    }

    @Test
    void aDocumentThePreScanCannotReadIsParsedWholeEveryTime() {
        FeedState feed = feed();
        // A default namespace declared on <rss> (empty, so Rome reads it as usual): the pre-scan gives up.
        body[0] = rss("1", item(1, "a")).replace("<rss ", "<rss xmlns=\"\" ");
        poller.poll(feed);
        body[0] = rss("2", item(2, "b"), item(1, "a")).replace("<rss ", "<rss xmlns=\"\" ");
        poller.poll(feed);
        assertThat(feed.itemPrints).isEmpty();
        assertThat(published).extracting(RawArticle::title).containsExactly("Story 1", "Story 2");
        assertThat(duplicates()).isEqualTo(1);
    }
}
