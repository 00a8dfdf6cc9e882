package io.redline.analysis.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pattern semantics of the lexicon: words, prefixes, alternatives, gaps and exclusive entries. */
class LexiconTest {

    private static Lexicon lexicon(String text) throws IOException {
        return Lexicon.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Lexicon.Match> match(Lexicon l, String sentence) {
        return l.match(Tokenizer.tokenize(sentence));
    }

    @Test
    void gapsPrefixesAndAlternativesMatchAcrossHyphens() throws IOException {
        Lexicon l = lexicon("AID ; ARMS_TRANSFER ; WEAPONS_SUPPLY ; 50 ; suppl*|sent ..3 missile*|tanks\n");
        assertThat(match(l, "Western-supplied long-range missiles arrived")).hasSize(1);
        assertThat(match(l, "They sent old tanks")).hasSize(1);
        assertThat(match(l, "They sent food, medicine, blankets and tents to missile victims"))
                .isEmpty();
    }

    @Test
    void exclusiveEntryShadowsWeakerMatchesInsideItsSpan() throws IOException {
        Lexicon l = lexicon("""
                ASSAULT ; MILITARY ; STRIKE ; 70 ; attack
                - ; - ; - ; 90! ; hybrid attack
                """);
        assertThat(match(l, "It called the migrant surge a hybrid attack"))
                .extracting(m -> m.entry().priority())
                .containsExactly(90);
        assertThat(match(l, "a drone attack"))
                .extracting(m -> m.entry().priority())
                .containsExactly(70);
    }

    @Test
    void suffixesAndInfixesMatchCompoundsAndEndings() throws IOException {
        Lexicon l = lexicon("""
                ASSAULT ; MILITARY ; STRIKE ; 70 ; *angriff*
                AID ; ARMS_TRANSFER ; WEAPONS_SUPPLY ; 52 ; liefer* ..3 *panzer|waffen
                """);
        assertThat(match(l, "Nach dem Drohnenangriffen auf Kiew")).hasSize(1);
        assertThat(match(l, "Berlin liefert weitere Kampfpanzer")).hasSize(1);
        assertThat(match(l, "Berlin liefert Lebensmittel")).isEmpty();
    }

    @Test
    void malformedLineIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> lexicon("# comment\nASSAULT ; MILITARY ; 70 ; attack\n"))
                .hasMessageContaining("line 2");
    }

    @Test
    void shippedLexiconLoads() {
        assertThat(Lexicon.defaults().entries()).hasSizeGreaterThan(100);
    }
}
