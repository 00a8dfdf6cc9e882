package io.redline.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.safehttp.AddressPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Validation of a feed registration: URL (syntax and SSRF guard), title, tags, language and poll interval. */
class FeedRequestTest {

    private static final AddressPolicy PUBLIC_ONLY = AddressPolicy.publicOnly();

    private static void assertRefused(ThrowingCallable call, int status, String field, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageContaining(messagePart);
    }

    // IP literals keep these tests off DNS (the build machine may have none).

    @Test
    void aValidUrlIsTrimmedAndKept() {
        assertThat(FeedRequest.validUrl("  https://93.184.216.34/feed.xml?x=1 ", PUBLIC_ONLY))
                .isEqualTo("https://93.184.216.34/feed.xml?x=1");
        assertThat(FeedRequest.validUrl("HTTP://93.184.216.34/rss", PUBLIC_ONLY))
                .isEqualTo("HTTP://93.184.216.34/rss");
    }

    @Test
    void anOutletIsADomainOrAddressMadeCanonical() {
        assertThat(FeedRequest.validOutlet(null)).isNull();
        assertThat(FeedRequest.validOutlet("  ")).isNull();
        assertThat(FeedRequest.validOutlet(" BBC.co.uk. ")).isEqualTo("bbc.co.uk");
        assertRefused(() -> FeedRequest.validOutlet("co.uk"), 400, "outlet", "public suffix");
        assertRefused(() -> FeedRequest.validOutlet("https://bbc.co.uk/"), 400, "outlet", "domain name");
    }

    @Test
    void urlIsRequired() {
        assertRefused(() -> FeedRequest.validUrl(null, PUBLIC_ONLY), 400, "url", "required");
        assertRefused(() -> FeedRequest.validUrl("   ", PUBLIC_ONLY), 400, "url", "required");
    }

    @Test
    void anOverlongUrlIsRefused() {
        String url = "https://93.184.216.34/" + "a".repeat(FeedRequest.MAX_URL);
        assertRefused(() -> FeedRequest.validUrl(url, PUBLIC_ONLY), 400, "url", "longer than");
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() {
        assertRefused(() -> FeedRequest.validUrl("ftp://93.184.216.34/feed", PUBLIC_ONLY), 400, "url", "http or https");
        assertRefused(() -> FeedRequest.validUrl("file:///etc/passwd", PUBLIC_ONLY), 400, "url", "http or https");
        assertRefused(() -> FeedRequest.validUrl("example.org/feed", PUBLIC_ONLY), 400, "url", "http or https");
    }

    @Test
    void aUrlThatIsNotAUriIsRefused() {
        assertRefused(() -> FeedRequest.validUrl("http://exa mple.org/", PUBLIC_ONLY), 400, "url", "not a valid URI");
    }

    @Test
    void aUrlWithoutHostIsRefused() {
        assertRefused(() -> FeedRequest.validUrl("http:///feed.xml", PUBLIC_ONLY), 400, "url", "no host");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertRefused(
                () -> FeedRequest.validUrl("https://user:secret@93.184.216.34/feed", PUBLIC_ONLY),
                400,
                "url",
                "credentials");
    }

    @Test
    void loopbackAndMetadataAddressesAreRefusedByTheSsrfGuard() {
        assertRefused(() -> FeedRequest.validUrl("http://127.0.0.1/", PUBLIC_ONLY), 422, "url", "SSRF");
        assertRefused(
                () -> FeedRequest.validUrl("http://169.254.169.254/latest/meta-data/", PUBLIC_ONLY),
                422,
                "url",
                "SSRF");
        assertRefused(() -> FeedRequest.validUrl("http://[::1]:8080/feed", PUBLIC_ONLY), 422, "url", "SSRF");
        assertRefused(() -> FeedRequest.validUrl("http://10.1.2.3/feed", PUBLIC_ONLY), 422, "url", "SSRF");
    }

    @Test
    void allowlistedAddressesAreAccepted() {
        AddressPolicy allow = new AddressPolicy(List.of("127.0.0.0/8", "169.254.169.254"));
        assertThat(FeedRequest.validUrl("http://127.0.0.1:8080/feed", allow)).isEqualTo("http://127.0.0.1:8080/feed");
        assertThat(FeedRequest.validUrl("http://169.254.169.254/", allow)).isEqualTo("http://169.254.169.254/");
    }

    @Test
    void aHostThatDoesNotResolveYetIsAccepted() {
        // .invalid never resolves (RFC 2606); the feed's health will show the dns error later.
        assertThat(FeedRequest.validUrl("https://no-such-feed-host.invalid/rss", PUBLIC_ONLY))
                .isEqualTo("https://no-such-feed-host.invalid/rss");
    }

    @Test
    void tagsAreTrimmedAndDeduplicatedInOrder() {
        assertThat(FeedRequest.validTags(null)).isEmpty();
        assertThat(FeedRequest.validTags(Arrays.asList(" news ", "world", "news", "", null, "  ", "world ")))
                .containsExactly("news", "world");
    }

    @Test
    void tagLimitsAreEnforced() {
        List<String> twenty = new ArrayList<>();
        for (int i = 0; i < FeedRequest.MAX_TAGS; i++) {
            twenty.add("t" + i);
        }
        assertThat(FeedRequest.validTags(twenty)).hasSize(FeedRequest.MAX_TAGS);
        // Duplicates do not count against the limit.
        assertThat(FeedRequest.validTags(Collections.nCopies(50, "same"))).containsExactly("same");

        List<String> twentyOne = new ArrayList<>(twenty);
        twentyOne.add("one-too-many");
        assertRefused(() -> FeedRequest.validTags(twentyOne), 400, "tags", "more than " + FeedRequest.MAX_TAGS);

        String longTag = "x".repeat(FeedRequest.MAX_TAG + 1);
        assertRefused(() -> FeedRequest.validTags(List.of(longTag)), 400, "tags", "longer than " + FeedRequest.MAX_TAG);
        assertThat(FeedRequest.validTags(List.of("y".repeat(FeedRequest.MAX_TAG))))
                .hasSize(1);
    }

    @Test
    void titleIsStrippedAndLimited() {
        assertThat(FeedRequest.validTitle(null)).isNull();
        assertThat(FeedRequest.validTitle("  ")).isNull();
        assertThat(FeedRequest.validTitle("  World news ")).isEqualTo("World news");
        assertRefused(() -> FeedRequest.validTitle("t".repeat(FeedRequest.MAX_TITLE + 1)), 400, "title", "longer than");
    }

    @Test
    void languageIsATwoLetterCodeLowerCased() {
        assertThat(FeedRequest.validLanguage(null)).isNull();
        assertThat(FeedRequest.validLanguage(" ")).isNull();
        assertThat(FeedRequest.validLanguage(" DE ")).isEqualTo("de");
        assertRefused(() -> FeedRequest.validLanguage("eng"), 400, "language", "two-letter");
        assertRefused(() -> FeedRequest.validLanguage("en-GB"), 400, "language", "two-letter");
        assertRefused(() -> FeedRequest.validLanguage("e1"), 400, "language", "two-letter");
    }

    @Test
    void pollIntervalAcceptsSimpleAndIsoDurations() {
        assertThat(FeedRequest.validInterval(null)).isNull();
        assertThat(FeedRequest.validInterval("")).isNull();
        assertThat(FeedRequest.validInterval("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FeedRequest.validInterval("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeedRequest.validInterval(" 2H ")).isEqualTo(Duration.ofHours(2));
        assertThat(FeedRequest.validInterval("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeedRequest.validInterval("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        // Both ends of the allowed range.
        assertThat(FeedRequest.validInterval("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(FeedRequest.validInterval("7d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void pollIntervalOutOfRangeOrUnreadableIsRefused() {
        assertRefused(() -> FeedRequest.validInterval("3s"), 400, "pollInterval", "between 10s and 7d");
        assertRefused(() -> FeedRequest.validInterval("500ms"), 400, "pollInterval", "between 10s and 7d");
        assertRefused(() -> FeedRequest.validInterval("30d"), 400, "pollInterval", "between 10s and 7d");
        assertRefused(() -> FeedRequest.validInterval("-PT5M"), 400, "pollInterval", "between 10s and 7d");
        assertRefused(() -> FeedRequest.validInterval("abc"), 400, "pollInterval", "must look like");
        assertRefused(() -> FeedRequest.validInterval("5 minutes"), 400, "pollInterval", "must look like");
    }
}
