package io.redline.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SameEventTest {

    /** Lowest share of the fixture's same-event pairs the test must join (misses only undercount outlets). */
    static final double RECALL_FLOOR = 0.85;

    /** A labelled pair of the fixture. */
    record Pair(boolean same, SameEvent.Text a, SameEvent.Text b, String title) {}

    static List<Pair> fixture() throws IOException {
        return fixture("/same-event-pairs.txt");
    }

    static List<Pair> fixture(String resource) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(SameEventTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            Map<String, String> block = new HashMap<>();
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line == null || line.isBlank()) {
                    if (block.containsKey("pair")) {
                        pairs.add(new Pair(
                                block.get("pair").equals("same"),
                                text(block, "a"),
                                text(block, "b"),
                                block.get("a.title") + " / " + block.get("b.title")));
                    }
                    block.clear();
                    if (line == null) {
                        break;
                    }
                } else if (!line.startsWith("#")) {
                    int colon = line.indexOf(':');
                    block.put(
                            line.substring(0, colon).strip(),
                            line.substring(colon + 1).strip());
                }
            }
        }
        return pairs;
    }

    private static SameEvent.Text text(Map<String, String> block, String side) {
        String actors = block.getOrDefault(side + ".actors", "");
        return new SameEvent.Text(
                block.get(side + ".title"),
                block.get(side + ".lead"),
                actors.isBlank() ? List.of() : Arrays.asList(actors.split("\\s+")));
    }

    /** Precision, recall and false merges of {@link SameEvent#same} on labelled pairs, printing each pair. */
    record Figures(int pairs, int same, int truePositive, int falsePositive) {

        double precision() {
            return truePositive + falsePositive == 0 ? 1.0 : (double) truePositive / (truePositive + falsePositive);
        }

        double recall() {
            return same == 0 ? 1.0 : (double) truePositive / same;
        }
    }

    static Figures figures(String label, List<Pair> pairs) {
        int truePositive = 0;
        int falsePositive = 0;
        int same = 0;
        for (Pair p : pairs) {
            boolean joined = SameEvent.same(p.a(), p.b());
            assertThat(SameEvent.same(p.b(), p.a()))
                    .as("symmetric: %s", p.title())
                    .isEqualTo(joined);
            System.out.printf(
                    "%s %-9s %-6s cos=%.3f %s%n",
                    label,
                    p.same() ? "same" : "different",
                    joined ? "joined" : "apart",
                    SameEvent.similarity(p.a(), p.b()),
                    p.title());
            same += p.same() ? 1 : 0;
            truePositive += p.same() && joined ? 1 : 0;
            falsePositive += !p.same() && joined ? 1 : 0;
        }
        Figures f = new Figures(pairs.size(), same, truePositive, falsePositive);
        System.out.printf(
                "SameEvent %s on %d pairs (%d same): precision %.3f, recall %.3f (%d false merges; threshold %.2f,"
                        + " %d shared terms)%n",
                label,
                f.pairs(),
                same,
                f.precision(),
                f.recall(),
                falsePositive,
                SameEvent.THRESHOLD,
                SameEvent.MIN_SHARED);
        return f;
    }

    /**
     * The two development sets (the first written with the matcher, the second written blind on 2026-12-06 and used
     * for tuning since): no false merge, and most same-event pairs joined.
     */
    @Test
    void neverJoinsDifferentEventsOfTheDevelopmentSetsAndJoinsMostSameOnes() throws IOException {
        Figures first = figures("dev", fixture());
        assertThat(first.pairs()).isGreaterThanOrEqualTo(30);
        assertThat(first.precision()).isEqualTo(1.0);
        assertThat(first.recall()).isGreaterThanOrEqualTo(RECALL_FLOOR);
        Figures second = figures("dev2", fixture("/same-event-dev2-pairs.txt"));
        assertThat(second.pairs()).isEqualTo(40);
        assertThat(second.precision()).isEqualTo(1.0);
        // Independent rewrites share few words: 2 of its 20 same pairs are joined.
        assertThat(second.recall()).isGreaterThanOrEqualTo(0.1);
    }

    /**
     * The blind set: 60 pairs written on 2026-12-07 by someone who had seen neither SameEvent's rules nor the other
     * sets, never used to tune it (mostly hard negatives: same parties, same kind of event, another occurrence).
     * Printed beside the development figures, not asserted: asserting them would make it a tuning target.
     */
    @Test
    void blindSetFigures() throws IOException {
        assertThat(figures("blind2", fixture("/same-event-blind2-pairs.txt")).pairs())
                .isEqualTo(60);
    }

    @Test
    void actorsMustOverlapWhenBothHaveThem() {
        SameEvent.Text a = new SameEvent.Text(
                "Drones strike power station overnight, thousands without electricity",
                "Attack drones struck a thermal power station overnight, leaving thousands without electricity.",
                List.of("RUS", "UKR"));
        SameEvent.Text sameWords = new SameEvent.Text(a.title(), a.lead(), List.of("ISR", "LBN"));
        SameEvent.Text noActors = new SameEvent.Text(a.title(), a.lead(), List.of());
        assertThat(SameEvent.same(a, sameWords)).isFalse();
        assertThat(SameEvent.same(a, noActors)).isTrue();
    }

    @Test
    void boilerplateAloneDoesNotJoin() {
        SameEvent.Text a = new SameEvent.Text(
                "Officials said on Monday", "The minister told reporters on Monday, officials said.", List.of());
        SameEvent.Text b = new SameEvent.Text(
                "Officials said on Monday", "The minister told reporters on Monday, officials said.", List.of());
        assertThat(SameEvent.same(a, b)).isFalse();
    }

    @Test
    void salientStemsStartWithTheTitleAndSkipStopWords() {
        SameEvent.Text t = new SameEvent.Text(
                "Finland closes border crossings", "The officials said Finland would close the border.", List.of());
        assertThat(SameEvent.salientStems(t, 5))
                .startsWith(EnglishStemmer.stem("finland"), EnglishStemmer.stem("closes"))
                .doesNotContain("the", EnglishStemmer.stem("said"))
                .hasSizeLessThanOrEqualTo(5);
    }
}
