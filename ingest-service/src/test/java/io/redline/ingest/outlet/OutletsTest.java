package io.redline.ingest.outlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The entitlement rule: which links a feed may publish as those links' own articles. */
class OutletsTest {

    private static boolean entitled(String feedUrl, String link) {
        return Outlets.NONE.publisherOf(feedUrl, null).speaksFor(link);
    }

    @Test
    void aFeedSpeaksForItsOwnHost() {
        assertThat(entitled("https://wire.example.com/rss", "https://wire.example.com/world/1"))
                .isTrue();
        assertThat(entitled("https://WIRE.Example.com./rss", "http://wire.example.com:8443/x"))
                .isTrue();
    }

    @Test
    void aFeedSpeaksForEveryHostOfItsRegisteredDomain() {
        assertThat(entitled("https://feeds.example.com/rss", "https://www.example.com/world/1"))
                .isTrue();
        assertThat(entitled("https://example.com/rss", "https://news.example.com/1"))
                .isTrue();
        assertThat(entitled("https://rss.a.b.example.com/rss", "https://example.com/1"))
                .isTrue();
    }

    @Test
    void aFeedDoesNotSpeakForAnotherDomain() {
        assertThat(entitled("https://evil.example.com/rss", "https://wire.example.org/world/1"))
                .isFalse();
        // A suffix that merely looks alike is another domain.
        assertThat(entitled("https://notexample.com/rss", "https://example.com/1"))
                .isFalse();
        assertThat(entitled("https://example.com.evil.net/rss", "https://example.com/1"))
                .isFalse();
    }

    @Test
    void registeredDomainsFollowThePublicSuffixList() {
        assertThat(Outlets.registeredDomain("news.bbc.co.uk")).isEqualTo("bbc.co.uk");
        assertThat(Outlets.registeredDomain("feeds.bbc.co.uk")).isEqualTo("bbc.co.uk");
        assertThat(Outlets.registeredDomain("co.uk")).isNull();
        assertThat(Outlets.registeredDomain("www.lemonde.fr")).isEqualTo("lemonde.fr");
        assertThat(entitled("http://feeds.bbc.co.uk/news/rss.xml", "https://news.bbc.co.uk/2/hi/1.stm"))
                .isTrue();
        // co.uk is a public suffix: two outlets under it are two outlets.
        assertThat(entitled("https://evil.co.uk/rss", "https://www.bbc.co.uk/news/1"))
                .isFalse();
        assertThat(entitled("https://co.uk/rss", "https://www.bbc.co.uk/news/1"))
                .isFalse();
    }

    @Test
    void hostingServicesSubdomainsAreDifferentOutlets() {
        // blogspot.com and github.io are in the list's private section: each subdomain is someone else's.
        assertThat(entitled("https://attacker.blogspot.com/feeds/posts", "https://victim.blogspot.com/2026/x.html"))
                .isFalse();
        assertThat(entitled("https://attacker.github.io/feed.xml", "https://victim.github.io/post"))
                .isFalse();
        assertThat(entitled("https://victim.github.io/feed.xml", "https://victim.github.io/post"))
                .isTrue();
    }

    @Test
    void namesUnderASuffixTheListDoesNotKnowUseTheirLastTwoLabels() {
        assertThat(Outlets.registeredDomain("news.example")).isEqualTo("news.example");
        assertThat(Outlets.registeredDomain("feeds.intranet.corp")).isEqualTo("intranet.corp");
        assertThat(entitled("http://feeds.intranet.corp/rss", "http://www.intranet.corp/x"))
                .isTrue();
        assertThat(entitled("http://evil.example/rss", "http://wire.example/x")).isFalse();
        assertThat(entitled("http://localhost/rss", "http://localhost/x")).isTrue();
        assertThat(entitled("http://localhost/rss", "http://other/x")).isFalse();
    }

    @Test
    void anIpAddressSpeaksOnlyForItself() {
        assertThat(entitled("http://127.0.0.1:8090/rss", "http://127.0.0.1:9000/x"))
                .isTrue();
        assertThat(entitled("http://127.0.0.2:8090/rss", "http://127.0.0.1:8090/x"))
                .isFalse();
        assertThat(entitled("http://[::1]/rss", "http://[0:0:0:0:0:0:0:1]/x")).isTrue();
        assertThat(entitled("http://[::1]/rss", "http://127.0.0.1/x")).isFalse();
        assertThat(entitled("http://93.184.215.14/rss", "http://example.com/x")).isFalse();
        assertThat(Outlets.registeredDomain("127.0.0.1")).isNull();
    }

    @Test
    void aLinkWithoutAHostBelongsToNoOne() {
        assertThat(entitled("https://example.com/rss", "urn:uuid:1234")).isFalse();
        assertThat(entitled("https://example.com/rss", "not a url at all")).isFalse();
        assertThat(entitled("https://example.com/rss", null)).isFalse();
    }

    @Test
    void adminGroupsMakeSeveralDomainsOneOutlet() {
        Outlets outlets = Outlets.parse(List.of("bbc.co.uk bbci.co.uk|BBC.com", " reuters.com  reutersmedia.net "));
        assertThat(outlets.groups())
                .containsExactly(
                        List.of("bbc.co.uk", "bbci.co.uk", "bbc.com"), List.of("reuters.com", "reutersmedia.net"));
        assertThat(outlets.publisherOf("https://feeds.bbci.co.uk/news/rss.xml", null)
                        .speaksFor("https://www.bbc.com/news/1"))
                .isTrue();
        assertThat(outlets.publisherOf("https://feeds.bbci.co.uk/news/rss.xml", null)
                        .speaksFor("https://www.reuters.com/world/1"))
                .isFalse();
        assertThat(outlets.keyOf("news.bbc.co.uk")).isEqualTo("bbc.co.uk");
        assertThat(outlets.keyOf("notbbc.co.uk")).isEqualTo("notbbc.co.uk");
        // Without the group the two are different outlets.
        assertThat(entitled("https://feeds.bbci.co.uk/news/rss.xml", "https://www.bbc.com/news/1"))
                .isFalse();
    }

    @Test
    void anAdminGroupRefusesWhatIsNotADomain() {
        assertThatThrownBy(() -> Outlets.parse(List.of("bbc.co.uk https://x.example/")))
                .hasMessageContaining("https://x.example/");
        assertThatThrownBy(() -> Outlets.parse(List.of("co.uk"))).hasMessageContaining("co.uk");
    }

    @Test
    void anOutletAnAdminDeclaresOnAFeedReplacesItsHost() {
        Publisher burner = Outlets.NONE.publisherOf("https://feeds.feedburner.com/bbcnews", "BBC.co.uk");
        assertThat(burner.speaksFor("https://www.bbc.co.uk/news/1")).isTrue();
        assertThat(burner.speaksFor("https://feeds.feedburner.com/other")).isFalse();
        assertThat(burner.sourceDomain()).isEqualTo("bbc.co.uk");
        assertThat(entitled("https://feeds.feedburner.com/bbcnews", "https://www.bbc.co.uk/news/1"))
                .isFalse();
        assertThat(Outlets.NONE
                        .publisherOf("http://127.0.0.3/mirror.xml", "127.0.0.1")
                        .speaksFor("http://127.0.0.1/x"))
                .isTrue();
    }

    @Test
    void validOutletsAreDomainsOrAddressesButNotPublicSuffixes() {
        assertThat(Outlets.validOutlet(" WWW.Example.ORG. ")).isEqualTo("www.example.org");
        assertThat(Outlets.validOutlet("::1")).isEqualTo("::1");
        assertThat(Outlets.validOutlet("co.uk")).isNull();
        assertThat(Outlets.validOutlet("com")).isNull();
        assertThat(Outlets.validOutlet("localhost")).isNull();
        assertThat(Outlets.validOutlet("example.com/path")).isNull();
        assertThat(Outlets.validOutlet("example.com:80")).isNull();
        assertThat(Outlets.validOutlet("exa mple.com")).isNull();
    }
}
