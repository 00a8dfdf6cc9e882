package io.redline.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnglishStemmerTest {

    private static void sameStem(String... words) {
        String expected = EnglishStemmer.stem(words[0]);
        for (String w : words) {
            assertThat(EnglishStemmer.stem(w)).as(w).isEqualTo(expected);
        }
    }

    @Test
    void inflectedFormsShareAStem() {
        sameStem("missile", "missiles", "Missiles");
        sameStem("strike", "strikes", "striking");
        sameStem("talk", "talks", "talked", "talking");
        sameStem("agree", "agreed", "agrees");
        sameStem("sanction", "sanctions", "sanctioned");
        sameStem("warn", "warned", "warning", "warns");
        sameStem("stop", "stopped", "stopping");
        sameStem("delivery", "deliveries");
        sameStem("Russia", "Russia's", "Russia’s");
        sameStem("miss", "missed", "misses");
    }

    @Test
    void shortWordsAndNumbersStayAsTheyAre() {
        assertThat(EnglishStemmer.stem("was")).isEqualTo("was");
        assertThat(EnglishStemmer.stem("UN")).isEqualTo("un");
        assertThat(EnglishStemmer.stem("2026")).isEqualTo("2026");
        assertThat(EnglishStemmer.stem("process")).isEqualTo("process");
    }

    @Test
    void stemTextKeepsWordOrderForPhrases() {
        assertThat(EnglishStemmer.stemText("Red lines, crossed!")).isEqualTo("red lin cross");
        assertThat(EnglishStemmer.stemText("long-range")).isEqualTo("long rang");
        assertThat(EnglishStemmer.stemText(null)).isEmpty();
    }
}
