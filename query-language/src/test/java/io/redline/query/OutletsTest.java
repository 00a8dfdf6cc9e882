package io.redline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Corroboration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutletsTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    static Outlets.Member m(String id, String domain, Long simhash, String contentHash, int minutes) {
        return new Outlets.Member(id, domain, simhash, contentHash, T0.plusSeconds(60L * minutes));
    }

    @Test
    void outletStripsWwwMobileAndAmpPrefixes() {
        assertThat(Outlets.outlet("WWW.Example.org")).isEqualTo("example.org");
        assertThat(Outlets.outlet("m.example.org")).isEqualTo("example.org");
        assertThat(Outlets.outlet("amp.www.example.org")).isEqualTo("example.org");
        assertThat(Outlets.outlet("m.co")).isEqualTo("m.co");
        assertThat(Outlets.outlet("news.example.org")).isEqualTo("news.example.org");
    }

    @Test
    void independentRewritesCountEachOutlet() {
        Corroboration c = Outlets.of(List.of(
                m("b", "b.com", 0L, "h2", 10),
                m("a", "www.a.org", -1L, "h1", 0),
                m("c", "c.net", 0x00FF00FF00FF00FFL, "h3", 20)));
        assertThat(c.outlets()).isEqualTo(3);
        assertThat(c.copies()).isEqualTo(3);
        assertThat(c.firstSeen()).isEqualTo(T0);
        assertThat(c.firstOutlet()).isEqualTo("a.org");
        assertThat(c.outletDomains()).containsExactly("a.org", "b.com", "c.net");
    }

    @Test
    void wireCopiesOnOtherDomainsCountOnce() {
        long wire = 0x1234_5678_9abc_def0L;
        Corroboration c = Outlets.of(List.of(
                m("w1", "wire.com", wire, "x", 0),
                m("w2", "paper.com", wire ^ 0b111, "y", 5), // three bits apart: a copy
                m("w3", "other.com", 0L, "x", 6), // same content hash: a copy
                m("r", "own.org", ~wire, "z", 7))); // its own rewrite
        assertThat(c.outlets()).isEqualTo(2);
        assertThat(c.copies()).isEqualTo(4);
        assertThat(c.outletDomains()).containsExactly("wire.com", "paper.com", "other.com", "own.org");
    }

    @Test
    void fourBitsApartIsNotACopy() {
        long wire = 0x1234_5678_9abc_def0L;
        Corroboration c = Outlets.of(List.of(m("a", "a.com", wire, null, 0), m("b", "b.com", wire ^ 0b1111, null, 1)));
        assertThat(c.outlets()).isEqualTo(2);
    }

    @Test
    void sameOutletJoinsTransitively() {
        long wire = 0x1234_5678_9abc_def0L;
        // b copies a's wire text on b.com; a second b.com piece of its own is still b.com: one source with a.
        Corroboration c = Outlets.of(List.of(
                m("a", "a.com", wire, null, 0),
                m("b1", "b.com", wire, null, 1),
                m("b2", "m.b.com", ~wire, null, 2),
                m("c", "c.com", 0x0F0F_0F0F_0F0F_0F0FL, null, 3)));
        assertThat(c.outlets()).isEqualTo(2);
        assertThat(c.outletDomains()).containsExactly("a.com", "b.com", "c.com");
    }

    @Test
    void repeatedIdsCountOnceAndNoArticlesIsNull() {
        Corroboration c = Outlets.of(List.of(m("a", "a.com", 1L, null, 0), m("a", "a.com", 1L, null, 0)));
        assertThat(c.copies()).isEqualTo(1);
        assertThat(c.outlets()).isEqualTo(1);
        assertThat(Outlets.of(List.of())).isNull();
    }
}
