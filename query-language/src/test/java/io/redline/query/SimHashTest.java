package io.redline.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimHashTest {

    static final String TEXT = "Officials in Kyiv said air defence units intercepted most of the drones launched "
            + "overnight against the capital, while debris damaged several residential buildings in two districts. "
            + "The mayor said emergency crews were working at three sites and that power had been restored to most "
            + "homes by the morning. Regional authorities reported similar attacks in the south of the country.";

    @Test
    void identicalAndRecasedCopiesHashEqual() {
        assertThat(SimHash.of(TEXT)).isEqualTo(SimHash.of(TEXT.toUpperCase()));
    }

    @Test
    void unrelatedTextsAreFarApart() {
        long other = SimHash.of("The central bank kept its main rate unchanged, citing slowing inflation and weak "
                + "demand, and said it would keep watching wages and energy prices closely over the winter months.");
        assertThat(SimHash.distance(SimHash.of(TEXT), other)).isGreaterThan(SimHash.MAX_DISTANCE);
    }

    @Test
    void nearDuplicatesShareABand() {
        long a = SimHash.of(TEXT);
        long b = a ^ 0b1000_0000_0000_0000_0001L; // two differing bits
        assertThat(SimHash.distance(a, b)).isEqualTo(2);
        assertThat(SimHash.bands(a)).containsAnyElementsOf(SimHash.bands(b));
        assertThat(SimHash.parseHex(SimHash.hex(a))).isEqualTo(a);
    }
}
