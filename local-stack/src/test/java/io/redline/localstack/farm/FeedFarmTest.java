package io.redline.localstack.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The farm serves its feeds' items with their creation time in the link, and 304 for an unchanged feed. */
class FeedFarmTest {

    private static final Pattern LINK = Pattern.compile("<link>([^<]*story-[^<]*)</link>");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesItemsWhoseLinksCarryTheirCreationTime() throws Exception {
        long before = System.currentTimeMillis();
        try (FeedFarm farm = new FeedFarm(4, 2, 3, 500, 0, 2).markEvery(2)) {
            assertThat(farm.urls()).hasSize(4);
            int marked = 0;
            for (String url : farm.urls()) {
                HttpResponse<String> first = get(url, null);
                assertThat(first.statusCode()).isEqualTo(200);
                List<Long> created = new ArrayList<>();
                Matcher m = LINK.matcher(first.body());
                while (m.find()) {
                    created.add(FeedGenerator.createdMillis(m.group(1).replace("&amp;", "&")));
                }
                // The initial items are dated before the farm started, newest first.
                assertThat(created)
                        .hasSize(3)
                        .allSatisfy(t -> assertThat(t).isPositive().isLessThan(before + 1));
                assertThat(created).isSortedAccordingTo((a, b) -> Long.compare(b, a));
                marked += first.body().split("<title>" + FeedGenerator.MARKER + " ", -1).length - 1;

                HttpResponse<String> again =
                        get(url, first.headers().firstValue("ETag").orElseThrow());
                assertThat(again.statusCode()).isEqualTo(304);
            }
            // One item in two, by feed and item number: some of the 12, not all.
            assertThat(marked).isBetween(1, 11);
            assertThat(farm.published()).isZero();
        }
    }

    @Test
    void readsTheCreationTimeFromACanonicalUrl() {
        assertThat(FeedGenerator.createdMillis("https://site0.example/feed0/2026-11-27/story-5-t1764241234567"))
                .isEqualTo(1764241234567L);
        assertThat(FeedGenerator.createdMillis("https://example.org/news/1")).isEqualTo(-1);
        assertThat(FeedGenerator.createdMillis(null)).isEqualTo(-1);
    }

    private HttpResponse<String> get(String url, String etag) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
