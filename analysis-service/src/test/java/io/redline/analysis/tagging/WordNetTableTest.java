package io.redline.analysis.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lemmas and senses from the shipped WordNet table. */
class WordNetTableTest {

    private static final WordNetTable T = WordNetTable.shipped();

    @Test
    void irregularAndRegularFormsReduceToTheirLemma() {
        assertThat(T.lookup("struck").verbLemma()).isEqualTo("strike");
        assertThat(T.lookup("shelled").verbLemma()).isEqualTo("shell");
        assertThat(T.lookup("stopped").verbLemma()).isEqualTo("stop");
        assertThat(T.lookup("negotiations").nounLemma()).isEqualTo("negotiation");
        assertThat(T.lookup("fought").verbLemma()).isEqualTo("fight");
    }

    @Test
    void synonymsOfAnAttackReachTheSameHypernym() {
        int attack = T.synset("attack.v.1");
        for (String w : new String[] {"bombarded", "strafed", "raided", "besieged"}) {
            assertThat(T.lookup(w).verbIsA(attack, 2)).as(w).isTrue();
        }
        assertThat(T.lookup("praised").verbIsA(attack, 2)).isFalse();
    }

    @Test
    void functionWordsHaveNoSenses() {
        assertThat(T.lookup("will").posMask()).isZero();
        assertThat(T.lookup("us").posMask()).isZero();
    }
}
